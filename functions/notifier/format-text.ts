/**
 * The email: an SNS subject (at most 100 printable ASCII characters, SNS Publish `Subject`) and a
 * plain-text body that reads top to bottom as who, what, where, when, why, what to do.
 * https://docs.aws.amazon.com/sns/latest/api/API_Publish.html
 */
import type { Alert } from "./alert";
import type { Count, Evidence } from "./evidence";

export interface TextMessage {
  readonly subject: string;
  readonly body: string;
}

export function alertSubject(alert: Alert): string {
  const account = alert.where.accountName !== "unknown" ? alert.where.accountName : alert.where.accountId;
  const subject = `tripline ${alert.detection.severity}: ${alert.detection.title} (${account})`;
  return subject.replace(/[^\x20-\x7e]/g, "?").slice(0, 100);
}

const counts = (list: readonly Count[]): string => (list.length === 0 ? "none" : list.map((c) => `${c.value} (${c.count})`).join(", "));

export function evidenceLines(evidence: Evidence): string[] {
  if (evidence.note !== undefined) return [`Events behind it: ${evidence.note}`];
  return [
    `Events behind it: ${evidence.events}${evidence.truncated ? "+ (stopped at the page cap)" : ""}`,
    `  Principals:  ${counts(evidence.principals)}`,
    `  Source IPs:  ${counts(evidence.sourceIps)}`,
    `  Event names: ${counts(evidence.eventNames)}`,
    `  User agents: ${counts(evidence.userAgents)}`,
    `  Accounts:    ${counts(evidence.accounts)}`,
  ];
}

export function formatText(alert: Alert): TextMessage {
  const { who, what, where, when, detection } = alert;
  const lines = [
    `${detection.title} [${detection.severity}] (${detection.id})`,
    "",
    `What:  ${what.summary}`,
    `Who:   ${who.arn} (${who.type}; user ${who.userName}; access key ${who.accessKeyId}; MFA ${who.mfa})`,
    `       session issuer: ${who.sessionIssuer}`,
    `Where: account ${where.accountId} (${where.accountName}), ${where.region}, from ${where.sourceIp}`,
    `       user agent: ${where.userAgent}`,
    `When:  ${when.utc} / ${when.local}`,
  ];
  if (what.errorCode !== "unknown") lines.push(`Error: ${what.errorCode}`);
  if (what.parameters.length > 0) lines.push("Request:", ...what.parameters.map((p) => `  ${p.name} = ${p.value}`));
  if (alert.alarm) {
    lines.push(`Alarm: ${alert.alarm.name}, window ${alert.alarm.window.start} to ${alert.alarm.window.end}`, `  ${alert.alarm.reason}`);
    if (alert.alarm.evidence) lines.push(...evidenceLines(alert.alarm.evidence));
  }
  lines.push("", `Why it matters: ${detection.why}`, `Runbook: ${detection.runbook}`, `Console: ${alert.consoleUrl}`, `Alert id: ${alert.id}`);
  return { subject: alertSubject(alert), body: `${lines.join("\n")}\n` };
}
