/**
 * The alert the stream detector publishes to the alert topic: who did what, from where, in which
 * account, in which window. One JSON object (the notifier of a later issue parses it; an email
 * subscriber reads it as is).
 */
import type { Severity } from "../../modules/catalog/detection";
import { isoTime } from "../../modules/engines/windows/event-time";

export interface StreamAlert {
  /** Marks the message's shape for the notifier. */
  readonly source: "tripline.stream-detector";
  readonly detection: { readonly id: string; readonly title: string; readonly severity: Severity; readonly runbook: string };
  /** The identity: `userIdentity.arn`, else what CloudTrail wrote instead (principal id, user name). */
  readonly who: string;
  /** What it did: `30 distinct API calls` or `ConsoleLogin (signin.amazonaws.com)`. */
  readonly what: string;
  /** Where from and where to. */
  readonly where: { readonly sourceIPAddress?: string; readonly awsRegion?: string; readonly userAgent?: string };
  /** The account the activity happened in (`recipientAccountId`, else the identity's). */
  readonly account?: string;
  /** The aligned window, ISO 8601 UTC, end exclusive (docs/design.md contract 6). */
  readonly window: { readonly start: string; readonly end: string };
  /** The key's values under their CloudTrail field names, as `replay --json` reports them. */
  readonly key: Readonly<Record<string, string>>;
  /** The event that fired it. */
  readonly event: { readonly eventID?: string; readonly eventTime?: string; readonly eventName?: string; readonly eventSource?: string };
}

type Json = Readonly<Record<string, unknown>>;

const text = (value: unknown): string | undefined => (typeof value === "string" && value.length > 0 ? value : undefined);
const field = (record: Json, ...path: string[]): string | undefined => {
  let value: unknown = record;
  for (const step of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Json)[step];
  }
  return text(value);
};

export interface AlertInput {
  readonly detection: StreamAlert["detection"];
  readonly record: Json;
  readonly what: string;
  readonly start: number;
  readonly end: number;
  readonly key: Readonly<Record<string, string>>;
}

export function buildAlert(input: AlertInput): StreamAlert {
  const { record } = input;
  return {
    source: "tripline.stream-detector",
    detection: input.detection,
    who:
      field(record, "userIdentity", "arn") ??
      field(record, "userIdentity", "principalId") ??
      field(record, "userIdentity", "userName") ??
      "unknown identity",
    what: input.what,
    where: { sourceIPAddress: field(record, "sourceIPAddress"), awsRegion: field(record, "awsRegion"), userAgent: field(record, "userAgent") },
    account: field(record, "recipientAccountId") ?? field(record, "userIdentity", "accountId"),
    window: { start: isoTime(input.start), end: isoTime(input.end) },
    key: input.key,
    event: {
      eventID: field(record, "eventID"),
      eventTime: field(record, "eventTime"),
      eventName: field(record, "eventName"),
      eventSource: field(record, "eventSource"),
    },
  };
}

/** SNS subject: at most 100 printable ASCII characters (SNS Publish `Subject`). */
export function alertSubject(alert: StreamAlert): string {
  const subject = `tripline ${alert.detection.severity}: ${alert.detection.title}${alert.account ? ` (${alert.account})` : ""}`;
  return subject.replace(/[^\x20-\x7e]/g, "?").slice(0, 100);
}
