/**
 * Slack Block Kit for an incoming webhook: `text` (the notification and fallback) and `blocks`
 * within Slack's limits: at most 50 blocks, header text 150 characters, section text 3,000,
 * at most 10 fields of 2,000 each (docs/aws-facts.md p2, p3). Input text is escaped (`&`, `<`,
 * `>`), so an event cannot mention `@channel` or forge a link.
 * https://api.slack.com/reference/block-kit/blocks
 */
import type { Alert } from "./alert";
import type { Count } from "./evidence";

const HEADER_MAX = 150;
const SECTION_MAX = 3000;
const FIELD_MAX = 2000;
const TRUNCATED = "…(truncated)";

export const escapeSlack = (text: string): string => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - TRUNCATED.length)}${TRUNCATED}`);

const SEVERITY_MARK: Readonly<Record<string, string>> = { critical: ":rotating_light:", high: ":red_circle:", medium: ":large_orange_circle:", low: ":white_circle:" };

const field = (label: string, value: string) => ({ type: "mrkdwn", text: clip(`*${label}*\n${escapeSlack(value)}`, FIELD_MAX) });
const section = (text: string) => ({ type: "section", text: { type: "mrkdwn", text: clip(text, SECTION_MAX) } });
const counts = (list: readonly Count[]): string => (list.length === 0 ? "none" : list.map((c) => `${escapeSlack(c.value)} (${c.count})`).join(", "));

export function formatSlack(alert: Alert): { text: string; blocks: unknown[] } {
  const { who, what, where, when, detection } = alert;
  const blocks: unknown[] = [
    { type: "header", text: { type: "plain_text", text: clip(`${detection.severity.toUpperCase()}: ${detection.title}`, HEADER_MAX), emoji: true } },
    section(`${SEVERITY_MARK[detection.severity] ?? ""} ${escapeSlack(what.summary)}`),
    {
      type: "section",
      fields: [
        field("Who", `${who.arn}\n${who.type}, user ${who.userName}, MFA ${who.mfa}`),
        field("Access key / issuer", `${who.accessKeyId}\n${who.sessionIssuer}`),
        field("Account", `${where.accountName} (${where.accountId})\n${where.region}`),
        field("From", `${where.sourceIp}\n${where.userAgent}`),
        field("When", `${when.utc}\n${when.local}`),
        field("Detection", `${detection.id}${what.errorCode !== "unknown" ? `\nerror ${what.errorCode}` : ""}`),
      ],
    },
  ];
  if (what.parameters.length > 0) blocks.push(section(`*Request*\n${what.parameters.map((p) => `\`${escapeSlack(p.name)}\` = ${escapeSlack(p.value)}`).join("\n")}`));
  if (alert.alarm) {
    const e = alert.alarm.evidence;
    const lines = [`*Alarm* ${escapeSlack(alert.alarm.name)}: ${escapeSlack(alert.alarm.window.start)} to ${escapeSlack(alert.alarm.window.end)}`, escapeSlack(alert.alarm.reason)];
    if (e?.note !== undefined) lines.push(`Events behind it: ${escapeSlack(e.note)}`);
    else if (e) {
      lines.push(
        `*Events behind it:* ${e.events}${e.truncated ? "+" : ""}`,
        `*Principals:* ${counts(e.principals)}`,
        `*Source IPs:* ${counts(e.sourceIps)}`,
        `*Event names:* ${counts(e.eventNames)}`,
        `*User agents:* ${counts(e.userAgents)}`,
      );
    }
    blocks.push(section(lines.join("\n")));
  }
  blocks.push(section(`*Why it matters:* ${escapeSlack(detection.why)}\n*Runbook:* ${escapeSlack(detection.runbook)}`));
  if (alert.consoleUrl.startsWith("https://")) blocks.push(section(`<${alert.consoleUrl}|Open in the AWS console>`));
  blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: clip(`tripline · ${escapeSlack(alert.id)}`, FIELD_MAX) }] });
  return { text: clip(`tripline ${detection.severity}: ${detection.title} in ${where.accountName} (${where.accountId})`, SECTION_MAX), blocks: blocks.slice(0, 50) };
}
