/**
 * Terraform evaluates `${…}` (an expression: `${file("/etc/passwd")}`) and `%{…}` (a template
 * directive) in every string of the JSON tripline writes, so a manifest string that reaches a
 * stack is code unless it is refused or escaped. The rule, in one place:
 * - every string and key of a manifest is refused when it holds `${` or `%{`, except the
 *   free-text fields below, which describe activity (a user agent can be `${jndi:ldap://…}`);
 * - free text reaches the stacks escaped (`$${`, `%%{`): modules/stacks/escape-templates.ts
 *   escapes every literal string of every stack at synthesis, so Terraform reads it as text (and
 *   so do tripline's own scripts, grok patterns and templates: constructs pass text as it is);
 * - no string may hold cdktf's own token marker (`${TfToken[`, `#{TfToken[`, `&{TfToken[`), which
 *   cdktf would replace with a reference of ours before Terraform sees it.
 * https://developer.hashicorp.com/terraform/language/syntax/json#expression-mapping
 * https://developer.hashicorp.com/terraform/language/expressions/strings#escape-sequences
 */
import { quoteExcerpt } from "./excerpt";
import type { FieldPath } from "./locate";
import type { LocatedMessage } from "./issue-messages";

const TEMPLATE_START = /[$%]\{/;
const CDKTF_TOKEN_MARKER = /TfToken\[/;

/** Fields whose text describes what is allowed, not what is deployed: reasons and user agents. */
const FREE_TEXT: readonly ((path: FieldPath) => boolean)[] = [
  (p) => p.length === 5 && p[0] === "detections" && p[1] === "exceptions" && typeof p[3] === "number" && p[4] === "reason",
  (p) => p.length === 6 && p[0] === "detections" && p[1] === "exceptions" && typeof p[3] === "number" && p[4] === "userAgents",
];

export const isFreeText = (path: FieldPath): boolean => FREE_TEXT.some((matches) => matches(path));

/** Every string and key of a parsed manifest that Terraform or cdktf would evaluate. */
export function terraformTemplateMessages(input: unknown): LocatedMessage[] {
  const messages: LocatedMessage[] = [];
  // Iterative, so that a deeply nested document cannot exhaust the stack.
  const pending: { value: unknown; path: FieldPath }[] = [{ value: input, path: [] }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, path } = next;
    if (typeof value === "string") {
      const message = refusal(value, isFreeText(path));
      if (message) messages.push({ path, atKey: false, message });
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => pending.push({ value: item, path: [...path, index] }));
    } else if (value !== null && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) {
        const message = refusal(key, false);
        if (message) messages.push({ path: [...path, key], atKey: true, message });
        pending.push({ value: item, path: [...path, key] });
      }
    }
  }
  return messages;
}

function refusal(text: string, freeText: boolean): string | undefined {
  if (CDKTF_TOKEN_MARKER.test(text)) return `${quoteExcerpt(text)} holds "TfToken[", cdktf's token marker: it would be replaced by a reference`;
  if (!freeText && TEMPLATE_START.test(text)) {
    return `${quoteExcerpt(text)} holds "\${" or "%{", which Terraform would evaluate as code; only exception reasons and user agents may (written escaped)`;
  }
  return undefined;
}

/**
 * Escapes every `${` and `%{` of a literal string so that Terraform reads text (`$${`, `%%{`),
 * except cdktf's own token markers, which cdktf then replaces with our references.
 */
export const escapeTerraformTemplates = (text: string): string =>
  text.replace(/\$\{(?!TfToken\[)/g, "$$${").replace(/%\{/g, "%%{");

/** The text Terraform hands to AWS for a string escaped by `escapeTerraformTemplates` (for tests and readers of the JSON). */
export const unescapeTerraformTemplates = (written: string): string => written.replace(/\$\$\{|%%\{/g, (escaped) => escaped.slice(1));
