/**
 * What reaches the notifier, parsed with one zod schema per shape. Every field is optional and
 * `.catch`es a wrong type, so an odd event (a field missing, null, a number where a string was
 * expected) still parses and renders "unknown" where it falls short; the notifier never throws on
 * an event (STYLE §10). Shapes:
 * - an EventBridge event from the central bus: a CloudTrail record in `detail` (tamper and sign-in
 *   rules), or a CloudWatch alarm state change (docs/aws-facts.md l1–l4);
 * - the stream detector's alert (functions/stream-detector/alert.ts), bare, as an SNS message or
 *   as an EventBridge `detail`;
 * - a bare CloudTrail record (`tripline notify --dry-run`).
 */
import { z } from "zod";

const text = z.string().optional().catch(undefined);
const looseRecord = z.record(z.string(), z.unknown()).optional().catch(undefined);
const object = <T extends z.core.$ZodLooseShape>(shape: T) => z.looseObject(shape).optional().catch(undefined);

const SessionIssuer = object({ type: text, arn: text, userName: text, principalId: text, accountId: text });
const UserIdentity = object({
  type: text,
  arn: text,
  principalId: text,
  accountId: text,
  userName: text,
  accessKeyId: text,
  invokedBy: text,
  sessionContext: object({
    sessionIssuer: SessionIssuer,
    attributes: object({ mfaAuthenticated: z.union([z.string(), z.boolean()]).optional().catch(undefined), creationDate: text }),
  }),
});

export const CloudTrailRecord = z.looseObject({
  eventVersion: text,
  eventID: text,
  eventTime: text,
  eventName: text,
  eventSource: text,
  eventType: text,
  awsRegion: text,
  sourceIPAddress: text,
  userAgent: text,
  errorCode: text,
  errorMessage: text,
  recipientAccountId: text,
  userIdentity: UserIdentity,
  requestParameters: looseRecord,
  responseElements: looseRecord,
  additionalEventData: looseRecord,
});
export type CloudTrailRecord = z.infer<typeof CloudTrailRecord>;

const AlarmState = object({ value: text, reason: text, reasonData: text, timestamp: text });
const AlarmDetail = z.looseObject({
  alarmName: text,
  state: AlarmState,
  previousState: AlarmState,
  configuration: object({ description: text }),
});
export type AlarmDetail = z.infer<typeof AlarmDetail>;

/** The `reasonData` document, JSON inside the JSON (docs/aws-facts.md l4). */
export const ReasonData = z.looseObject({
  startDate: text,
  queryDate: text,
  period: z.number().optional().catch(undefined),
  statistic: text,
  threshold: z.number().optional().catch(undefined),
  recentDatapoints: z.array(z.number().catch(Number.NaN)).optional().catch(undefined),
});
export type ReasonData = z.infer<typeof ReasonData>;

export const StreamAlertShape = z.looseObject({
  source: z.literal("tripline.stream-detector"),
  detection: object({ id: text, title: text, severity: text, runbook: text }),
  who: text,
  what: text,
  where: object({ sourceIPAddress: text, awsRegion: text, userAgent: text }),
  account: text,
  window: object({ start: text, end: text }),
  key: z.record(z.string(), z.unknown()).optional().catch(undefined),
  event: object({ eventID: text, eventTime: text, eventName: text, eventSource: text }),
});
export type StreamAlertShape = z.infer<typeof StreamAlertShape>;

const Envelope = z.looseObject({
  id: text,
  "detail-type": text,
  source: text,
  account: text,
  time: text,
  region: text,
  resources: z.array(z.unknown()).optional().catch(undefined),
  detail: z.unknown().optional(),
});

/** An input the notifier understands, or what it could tell of one it does not. */
export type NotifierInput =
  | { readonly kind: "cloudtrail"; readonly record: CloudTrailRecord; readonly envelope?: z.infer<typeof Envelope>; readonly raw: unknown }
  | { readonly kind: "alarm"; readonly detail: AlarmDetail; readonly reason?: ReasonData; readonly envelope: z.infer<typeof Envelope> }
  | { readonly kind: "stream-alert"; readonly alert: StreamAlertShape }
  | { readonly kind: "unknown"; readonly envelope?: z.infer<typeof Envelope>; readonly raw: unknown };

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** A CloudTrail record carries an event name and a version or an identity; nothing else does. */
const looksLikeCloudTrail = (v: Record<string, unknown>): boolean =>
  typeof v.eventName === "string" && (typeof v.eventVersion === "string" || isObject(v.userIdentity) || typeof v.eventSource === "string");

/** Classifies and parses one input; never throws. */
export function parseInput(raw: unknown): NotifierInput {
  if (!isObject(raw)) return { kind: "unknown", raw };
  if ("detail" in raw || "detail-type" in raw) {
    const envelope = Envelope.parse(raw);
    const detail = envelope.detail;
    if (isObject(detail)) {
      const inner = StreamAlertShape.safeParse(detail);
      if (inner.success) return { kind: "stream-alert", alert: inner.data };
      if (envelope["detail-type"] === "CloudWatch Alarm State Change" || (envelope.source === "aws.cloudwatch" && "alarmName" in detail)) {
        const parsed = AlarmDetail.parse(detail);
        return { kind: "alarm", detail: parsed, reason: parseReasonData(parsed.state?.reasonData), envelope };
      }
      if (looksLikeCloudTrail(detail)) return { kind: "cloudtrail", record: CloudTrailRecord.parse(detail), envelope, raw: detail };
    }
    return { kind: "unknown", envelope, raw };
  }
  const stream = StreamAlertShape.safeParse(raw);
  if (stream.success) return { kind: "stream-alert", alert: stream.data };
  if (looksLikeCloudTrail(raw)) return { kind: "cloudtrail", record: CloudTrailRecord.parse(raw), raw };
  return { kind: "unknown", raw };
}

/** `reasonData` is a JSON document serialised into a string (docs/aws-facts.md l4); absent on a first transition (l3). */
export function parseReasonData(value: string | undefined): ReasonData | undefined {
  if (value === undefined || value.length > 1_000_000) return undefined;
  try {
    const parsed = ReasonData.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The inputs inside one Lambda event: an SNS delivery holds records, each message one input. */
export function unwrapLambdaEvent(event: unknown): unknown[] {
  if (isObject(event) && Array.isArray(event.Records)) {
    return event.Records.map((r: unknown) => {
      const message = isObject(r) && isObject(r.Sns) ? r.Sns.Message : undefined;
      if (typeof message !== "string") return r;
      try {
        return JSON.parse(message) as unknown;
      } catch {
        return message;
      }
    });
  }
  return [event];
}
