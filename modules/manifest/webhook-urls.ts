/**
 * A webhook URL is a credential: whoever holds a Slack or Teams webhook URL can post to the
 * channel (docs/aws-facts.md p1, p7). One in a manifest ends up in git, in the synthesized JSON and
 * in Terraform's state. So `validate` rejects one anywhere in a manifest (any field, any file) and
 * says how to store it instead. The URL itself is never echoed: the message is printed in CI logs.
 */
import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from "yaml";
import { formatFieldPath, type FieldPath } from "./locate";
import type { Problem } from "./problem";

/** Hosts of Slack incoming webhooks, retired Office 365 connectors and Teams Workflows (docs/aws-facts.md p1, p5, p7). */
const WEBHOOK_HOSTS: readonly { readonly kind: string; readonly host: RegExp; readonly path?: RegExp }[] = [
  { kind: "Slack webhook", host: /^hooks\.slack(-gov)?\.com$/ },
  { kind: "Teams webhook (Office 365 connector)", host: /(^|\.)webhook\.office\.com$/ },
  { kind: "Teams webhook (Office 365 connector)", host: /^outlook\.office(365)?\.com$/, path: /^\/webhook/i },
  { kind: "Teams Workflows webhook", host: /\.logic\.azure\.com$/ },
  { kind: "Teams Workflows webhook", host: /\.environment\.api\.powerplatform\.com$/ },
];

const URL_IN_TEXT = /\bhttps?:\/\/[^\s"'<>]+/gi;

/** What kind of webhook a URL is, or undefined when it is none we know (and not under `notifications`). */
function webhookKind(url: string, underNotifications: boolean): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return underNotifications ? "webhook URL" : undefined;
  }
  const host = parsed.hostname.toLowerCase();
  const known = WEBHOOK_HOSTS.find((h) => h.host.test(host) && (h.path === undefined || h.path.test(parsed.pathname)));
  if (known) return known.kind;
  return underNotifications ? "webhook URL" : undefined;
}

const howToStore = (kind: string): string =>
  `a ${kind} is a secret and must not be written in a manifest (it would reach git, the synthesized stack and Terraform's state); ` +
  `store it in the security account and home Region, e.g. aws ssm put-parameter --type SecureString --name /tripline/<channel>-webhook --value '<url>' ` +
  `(or aws secretsmanager create-secret --name tripline/<channel>-webhook --secret-string '<url>'), ` +
  `then name it: webhook: { ssmParameter: /tripline/<channel>-webhook } (url: for a generic webhook)`;

/** Every literal webhook URL in a parsed manifest, located. */
export function findLiteralWebhookUrls(doc: Document, lineCounter: LineCounter, file: string): Problem[] {
  const problems: Problem[] = [];
  const visit = (node: Node | null | undefined, path: FieldPath) => {
    if (node === null || node === undefined) return;
    if (isMap(node)) {
      for (const item of node.items) {
        if (!isPair(item)) continue;
        const key = isScalar(item.key) ? String(item.key.value) : "?";
        visit(item.value as Node | null, [...path, key]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => visit(item as Node | null, [...path, index]));
    } else if (isScalar(node) && typeof node.value === "string") {
      const underNotifications = path[0] === "notifications";
      for (const match of node.value.matchAll(URL_IN_TEXT)) {
        const kind = webhookKind(match[0], underNotifications);
        if (kind === undefined) continue;
        const { line, col } = lineCounter.linePos(node.range?.[0] ?? 0);
        problems.push({ file, line, col, field: formatFieldPath(path), message: howToStore(kind) });
        break;
      }
    }
  };
  visit(doc.contents, []);
  return problems;
}
