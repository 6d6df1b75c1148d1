/**
 * Microsoft Teams through a Workflows webhook ("Post to a channel when a webhook request is
 * received"): an Adaptive Card 1.4 inside `attachments`, the envelope that template loops over
 * (docs/aws-facts.md p8); Office 365 connectors are retired (p5). The card stays small: Teams
 * rejects messages past about 28 KB (p10), so each value is clipped and lists are short.
 */
import type { Alert } from "./alert";
import type { Count } from "./evidence";
import { clip } from "./format-slack";

const VALUE_MAX = 400;
const COLOR: Readonly<Record<string, string>> = { critical: "attention", high: "attention", medium: "warning", low: "default" };

const fact = (title: string, value: string) => ({ title, value: clip(value, VALUE_MAX) });
const counts = (list: readonly Count[]): string => (list.length === 0 ? "none" : list.map((c) => `${c.value} (${c.count})`).join(", "));
const textBlock = (text: string, extra: Record<string, unknown> = {}) => ({ type: "TextBlock", text: clip(text, 2000), wrap: true, ...extra });

export function formatTeams(alert: Alert): Record<string, unknown> {
  const { who, what, where, when, detection } = alert;
  const facts = [
    fact("Who", `${who.arn} (${who.type})`),
    fact("User / MFA", `${who.userName} / ${who.mfa}`),
    fact("Access key", who.accessKeyId),
    fact("Session issuer", who.sessionIssuer),
    fact("Account", `${where.accountName} (${where.accountId})`),
    fact("Region", where.region),
    fact("Source IP", where.sourceIp),
    fact("User agent", where.userAgent),
    fact("When (UTC)", when.utc),
    fact(`When (${when.timeZone})`, when.local),
    fact("Detection", detection.id),
  ];
  if (what.errorCode !== "unknown") facts.push(fact("Error", what.errorCode));
  for (const p of what.parameters) facts.push(fact(p.name, p.value));
  const body: unknown[] = [
    textBlock(`${detection.severity.toUpperCase()}: ${detection.title}`, { size: "Large", weight: "Bolder", color: COLOR[detection.severity] ?? "default" }),
    textBlock(what.summary),
    { type: "FactSet", facts },
  ];
  if (alert.alarm) {
    const e = alert.alarm.evidence;
    body.push(textBlock(`Alarm ${alert.alarm.name}: ${alert.alarm.window.start} to ${alert.alarm.window.end}. ${alert.alarm.reason}`));
    if (e?.note !== undefined) body.push(textBlock(`Events behind it: ${e.note}`));
    else if (e) {
      body.push({
        type: "FactSet",
        facts: [
          fact("Events", `${e.events}${e.truncated ? "+" : ""}`),
          fact("Principals", counts(e.principals)),
          fact("Source IPs", counts(e.sourceIps)),
          fact("Event names", counts(e.eventNames)),
          fact("User agents", counts(e.userAgents)),
        ],
      });
    }
  }
  body.push(textBlock(`**Why it matters:** ${detection.why}`), textBlock(`**Runbook:** ${detection.runbook}`), textBlock(alert.id, { isSubtle: true, size: "Small" }));
  const card: Record<string, unknown> = { $schema: "http://adaptivecards.io/schemas/adaptive-card.json", type: "AdaptiveCard", version: "1.4", body };
  if (alert.consoleUrl.startsWith("https://")) card.actions = [{ type: "Action.OpenUrl", title: "Open in the AWS console", url: alert.consoleUrl }];
  return { type: "message", attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", contentUrl: null, content: card }] };
}
