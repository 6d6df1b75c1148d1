/**
 * The one message model every channel renders: who, what, where, when, why, and a console link.
 * `buildAlert` makes it from any input the notifier understands (envelope.ts), so the Lambda and
 * `tripline notify --dry-run` render the very same message. Pure: no clock, no I/O; what the
 * input lacks is "unknown", never a throw.
 */
import { createHash } from "node:crypto";
import type { Severity } from "../../modules/catalog/detection";
import type { NotifierConfig, NotifierDetection } from "./config";
import { alarmConsoleUrl, cloudTrailEventConsoleUrl } from "./console-link";
import { parseInput, type AlarmDetail, type CloudTrailRecord, type NotifierInput, type ReasonData, type StreamAlertShape } from "./envelope";
import type { Evidence } from "./evidence";
import { detectionForAlarm, detectionsForEvent } from "./match";

export const UNKNOWN = "unknown";
/** Longest value kept from the input: a message stays readable and within every channel's limits. */
export const MAX_VALUE_LENGTH = 512;
const MAX_PARAMETERS = 8;

export interface Alert {
  /** The delivery key: one message per id however often the event is delivered. */
  readonly id: string;
  readonly source: "cloudtrail" | "alarm" | "stream-detector" | "unknown";
  readonly detection: { readonly id: string; readonly title: string; readonly severity: Severity; readonly why: string; readonly runbook: string };
  readonly who: {
    readonly arn: string;
    readonly type: string;
    readonly userName: string;
    readonly accessKeyId: string;
    readonly sessionIssuer: string;
    readonly mfa: string;
  };
  readonly what: {
    /** One line: what happened. */
    readonly summary: string;
    readonly eventName: string;
    readonly eventSource: string;
    readonly errorCode: string;
    /** The request fields that matter for this detection, `name = value`. */
    readonly parameters: readonly { readonly name: string; readonly value: string }[];
  };
  readonly where: { readonly accountId: string; readonly accountName: string; readonly region: string; readonly sourceIp: string; readonly userAgent: string };
  readonly when: { readonly utc: string; readonly local: string; readonly timeZone: string };
  readonly consoleUrl: string;
  /** For an alarm: its state, reason and window, and the events behind it when they were read. */
  readonly alarm?: {
    readonly name: string;
    readonly reason: string;
    readonly window: { readonly start: string; readonly end: string };
    readonly evidence?: Evidence;
  };
}

export interface AlertContext {
  readonly config: Pick<NotifierConfig, "accounts" | "timeZone" | "detections">;
  /** The detection that matched, when the caller knows it (dry-run: replay told). */
  readonly detectionId?: string;
  /** The events behind an alarm, read from the trail's log group (enrich.ts). */
  readonly evidence?: Evidence;
}

type Json = Readonly<Record<string, unknown>>;

/** A value for display: a non-empty string, clipped; else "unknown". */
export function shown(value: unknown): string {
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value !== "string" || value.trim() === "") return UNKNOWN;
  // Control characters would break a line or a terminal; nothing of meaning is lost.
  const clean = value.replace(/[\u0000-\u001f\u007f]/g, " ");
  return clean.length > MAX_VALUE_LENGTH ? `${clean.slice(0, MAX_VALUE_LENGTH - 1)}…` : clean;
}

const UNKNOWN_DETECTION = (id: string): Alert["detection"] => ({
  id: id === "" ? UNKNOWN : shown(id),
  title: "An event tripline does not recognise",
  // An event on the security bus that no detection claims is still someone's concern: high, not low.
  severity: "high",
  why: "It reached the security bus or the notifier but matches none of the deployed detections; a forwarding rule may be newer than this notifier.",
  runbook: "Open the event in the console, find the rule that forwarded it, and update tripline if the detection is new.",
});

const detectionSummary = (d: NotifierDetection): Alert["detection"] => ({ id: d.id, title: d.title, severity: d.severity, why: d.why, runbook: d.runbook });

/** Builds the message of any input: a raw event, or one parseInput already classified. */
export function buildAlert(input: unknown, context: AlertContext): Alert {
  const parsed = isParsed(input) ? input : parseInput(input);
  switch (parsed.kind) {
    case "cloudtrail":
      return fromCloudTrail(parsed.record, parsed.raw, parsed.envelope, context);
    case "alarm":
      return fromAlarm(parsed.detail, parsed.reason, parsed.envelope, context);
    case "stream-alert":
      return fromStreamAlert(parsed.alert, context);
    default:
      return fromUnknown(parsed, context);
  }
}

const KINDS = new Set(["cloudtrail", "alarm", "stream-alert", "unknown"]);
function isParsed(input: unknown): input is NotifierInput {
  return input !== null && typeof input === "object" && KINDS.has((input as { kind?: unknown }).kind as string) && ("raw" in input || "alert" in input || "detail" in input);
}

function findDetection(context: AlertContext, id: string | undefined): NotifierDetection | undefined {
  return id === undefined ? undefined : context.config.detections.find((d) => d.id === id);
}

function fromCloudTrail(record: CloudTrailRecord, raw: unknown, envelope: { id?: string; account?: string; region?: string; time?: string } | undefined, context: AlertContext): Alert {
  const detection = findDetection(context, context.detectionId) ?? detectionsForEvent(context.config.detections, raw, envelope)[0];
  const identity = record.userIdentity;
  const issuer = identity?.sessionContext?.sessionIssuer;
  const accountId = record.recipientAccountId ?? envelope?.account ?? identity?.accountId;
  const region = record.awsRegion ?? envelope?.region;
  const time = record.eventTime ?? envelope?.time;
  const eventId = record.eventID ?? envelope?.id;
  const what = describeCall(record);
  return {
    id: `cloudtrail:${eventId ?? fallbackId(raw)}`,
    source: "cloudtrail",
    detection: detection ? detectionSummary(detection) : UNKNOWN_DETECTION(context.detectionId ?? ""),
    who: {
      arn: shown(identity?.arn ?? identity?.principalId),
      type: shown(identity?.type),
      userName: shown(identity?.userName ?? issuer?.userName ?? (identity?.type === "Root" ? "root" : undefined)),
      accessKeyId: shown(identity?.accessKeyId),
      sessionIssuer: shown(issuer?.arn),
      mfa: mfaOf(record),
    },
    what: {
      summary: what,
      eventName: shown(record.eventName),
      eventSource: shown(record.eventSource),
      errorCode: shown(record.errorCode),
      parameters: parametersOf(raw, detection),
    },
    where: where(context, accountId, region, record.sourceIPAddress, record.userAgent),
    when: when(context, time),
    consoleUrl: eventId && region ? cloudTrailEventConsoleUrl(region, eventId) : UNKNOWN,
  };
}

function fromAlarm(detail: AlarmDetail, reason: ReasonData | undefined, envelope: { id?: string; account?: string; region?: string; time?: string; resources?: unknown[] }, context: AlertContext): Alert {
  const name = detail.alarmName ?? alarmNameOf(envelope.resources?.[0]);
  const detection = findDetection(context, context.detectionId) ?? detectionForAlarm(context.config.detections, name);
  const stateTime = detail.state?.timestamp ?? envelope.time;
  const window = alarmWindow(reason, stateTime, detection);
  const evidence = context.evidence;
  const top = (list: Evidence["principals"] | undefined) => (list && list.length === 1 ? list[0].value : undefined);
  const region = envelope.region;
  const arn = typeof envelope.resources?.[0] === "string" ? envelope.resources[0] : undefined;
  return {
    // At-least-once delivery: the same change may come twice; the alarm and its state time name it (docs/aws-facts.md l6).
    id: `alarm:${arn ?? name ?? UNKNOWN}#${stateTime ?? envelope.id ?? UNKNOWN}`,
    source: "alarm",
    detection: detection ? detectionSummary(detection) : UNKNOWN_DETECTION(name?.replace(/^tripline-/, "") ?? ""),
    who: { arn: shown(top(evidence?.principals)), type: UNKNOWN, userName: UNKNOWN, accessKeyId: UNKNOWN, sessionIssuer: UNKNOWN, mfa: UNKNOWN },
    what: {
      summary: shown(`Alarm ${name ?? UNKNOWN} is ${detail.state?.value ?? UNKNOWN}${detail.configuration?.description ? `: ${detail.configuration.description}` : ""}`),
      eventName: shown(top(evidence?.eventNames)),
      eventSource: UNKNOWN,
      errorCode: UNKNOWN,
      parameters: [],
    },
    where: where(context, top(evidence?.accounts) ?? envelope.account, region, top(evidence?.sourceIps), undefined),
    when: when(context, stateTime),
    consoleUrl: name && region ? alarmConsoleUrl(region, name) : UNKNOWN,
    alarm: { name: shown(name), reason: shown(detail.state?.reason), window, ...(evidence ? { evidence } : {}) },
  };
}

function fromStreamAlert(alert: StreamAlertShape, context: AlertContext): Alert {
  const detection = findDetection(context, context.detectionId ?? alert.detection?.id);
  const fallback = alert.detection;
  const severity = (["low", "medium", "high", "critical"] as const).find((s) => s === fallback?.severity) ?? "high";
  const event = alert.event;
  const region = alert.where?.awsRegion;
  const key = Object.entries(alert.key ?? {}).map(([name, value]) => ({ name: shown(name), value: shown(value) }));
  return {
    // One alert per detection, key and window, as the stream detector claims it; the key may be long, so hashed.
    id: `stream:${shown(fallback?.id).slice(0, 64)}#${fallbackId([alert.key ?? {}, alert.window?.start ?? event?.eventID ?? null])}`,
    source: "stream-detector",
    detection: detection
      ? detectionSummary(detection)
      : { ...UNKNOWN_DETECTION(fallback?.id ?? ""), title: shown(fallback?.title), severity, runbook: shown(fallback?.runbook) },
    who: { arn: shown(alert.who), type: UNKNOWN, userName: UNKNOWN, accessKeyId: UNKNOWN, sessionIssuer: UNKNOWN, mfa: UNKNOWN },
    what: { summary: shown(alert.what), eventName: shown(event?.eventName), eventSource: shown(event?.eventSource), errorCode: UNKNOWN, parameters: key.slice(0, MAX_PARAMETERS) },
    where: where(context, alert.account, region, alert.where?.sourceIPAddress, alert.where?.userAgent),
    when: when(context, event?.eventTime ?? alert.window?.start),
    consoleUrl: event?.eventID && region ? cloudTrailEventConsoleUrl(region, event.eventID) : UNKNOWN,
  };
}

function fromUnknown(input: Extract<NotifierInput, { kind: "unknown" }>, context: AlertContext): Alert {
  const envelope = input.envelope;
  return {
    id: `unknown:${envelope?.id ?? fallbackId(input.raw)}`,
    source: "unknown",
    detection: UNKNOWN_DETECTION(context.detectionId ?? ""),
    who: { arn: UNKNOWN, type: UNKNOWN, userName: UNKNOWN, accessKeyId: UNKNOWN, sessionIssuer: UNKNOWN, mfa: UNKNOWN },
    what: { summary: shown(envelope?.["detail-type"] ?? "an event of unknown shape"), eventName: UNKNOWN, eventSource: shown(envelope?.source), errorCode: UNKNOWN, parameters: [] },
    where: where(context, envelope?.account, envelope?.region, undefined, undefined),
    when: when(context, envelope?.time),
    consoleUrl: UNKNOWN,
  };
}

function where(context: AlertContext, accountId: string | undefined, region: string | undefined, sourceIp: string | undefined, userAgent: string | undefined): Alert["where"] {
  const name = accountId !== undefined && Object.hasOwn(context.config.accounts, accountId) ? context.config.accounts[accountId] : undefined;
  return { accountId: shown(accountId), accountName: shown(name), region: shown(region), sourceIp: shown(sourceIp), userAgent: shown(userAgent) };
}

/** `2024-05-01 10:00:00 UTC` and the same moment in the organization's time zone. */
function when(context: AlertContext, time: string | undefined): Alert["when"] {
  const zone = context.config.timeZone;
  const ms = time === undefined ? Number.NaN : Date.parse(time.replace(/([+-]\d\d)(\d\d)$/, "$1:$2"));
  if (!Number.isFinite(ms)) return { utc: shown(time), local: UNKNOWN, timeZone: zone };
  return { utc: formatIn(ms, "UTC"), local: formatIn(ms, zone), timeZone: zone };
}

function formatIn(ms: number, timeZone: string): string {
  try {
    const parts = new Intl.DateTimeFormat("en-CA", {
      timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", timeZoneName: "short",
    }).formatToParts(new Date(ms));
    const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
    return `${part("year")}-${part("month")}-${part("day")} ${part("hour")}:${part("minute")}:${part("second")} ${part("timeZoneName")}`;
  } catch {
    return UNKNOWN;
  }
}

/** Whether the caller signed in with MFA: sign-ins say `MFAUsed`, sessions `mfaAuthenticated`. */
function mfaOf(record: CloudTrailRecord): string {
  const used = record.additionalEventData?.MFAUsed;
  if (typeof used === "string") return used === "Yes" ? "yes" : used === "No" ? "no" : shown(used);
  const session = record.userIdentity?.sessionContext?.attributes?.mfaAuthenticated;
  if (session === true || session === "true") return "yes";
  if (session === false || session === "false") return "no";
  return UNKNOWN;
}

function describeCall(record: CloudTrailRecord): string {
  const name = record.eventName ?? "an unnamed call";
  const service = record.eventSource ? ` on ${record.eventSource}` : "";
  const signIn = record.responseElements?.ConsoleLogin;
  const outcome = record.errorCode ? ` (failed: ${record.errorCode})` : typeof signIn === "string" ? ` (${signIn})` : "";
  return shown(`${name}${service}${outcome}`);
}

/** The detection's own fields first, then the request's scalar fields, at most 8. */
function parametersOf(raw: unknown, detection: NotifierDetection | undefined): Alert["what"]["parameters"] {
  const out: { name: string; value: string }[] = [];
  const seen = new Set<string>();
  const add = (name: string, value: unknown) => {
    if (out.length >= MAX_PARAMETERS || seen.has(name) || value === undefined || value === null || typeof value === "object") return;
    seen.add(name);
    out.push({ name: shown(name), value: shown(typeof value === "string" && value === "" ? '""' : value) });
  };
  for (const path of detection?.alertParameters ?? []) add(path, valueAt(raw, path));
  const request = isJson(raw) ? raw.requestParameters : undefined;
  if (isJson(request)) {
    let visited = 0;
    const walk = (value: Json, prefix: string, depth: number) => {
      for (const [key, inner] of Object.entries(value)) {
        if (out.length >= MAX_PARAMETERS || ++visited > 200) return;
        const name = `${prefix}.${key}`;
        if (isJson(inner) && depth < 3) walk(inner, name, depth + 1);
        else add(name, inner);
      }
    };
    walk(request, "requestParameters", 0);
  }
  return out;
}

const isJson = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);

function valueAt(raw: unknown, path: string): unknown {
  let value: unknown = raw;
  for (const step of path.split(".")) {
    if (!isJson(value)) return undefined;
    value = value[step];
  }
  return value;
}

function alarmNameOf(arn: unknown): string | undefined {
  return typeof arn === "string" ? /:alarm:(.+)$/.exec(arn)?.[1] : undefined;
}

/**
 * The alarm's window: `[startDate, startDate + period × datapoints)` from `reasonData` (docs/aws-facts.md
 * l4: an inference from AWS's samples), else the detection's alarm span ending at the state change.
 */
function alarmWindow(reason: ReasonData | undefined, stateTime: string | undefined, detection: NotifierDetection | undefined): { start: string; end: string } {
  const parse = (t: string | undefined) => (t === undefined ? Number.NaN : Date.parse(t.replace(/([+-]\d\d)(\d\d)$/, "$1:$2")));
  const start = parse(reason?.startDate);
  const period = reason?.period;
  if (Number.isFinite(start) && typeof period === "number" && period > 0 && period <= 86400 * 7) {
    const points = Math.min(Math.max(reason?.recentDatapoints?.length ?? 1, 1), 100);
    return { start: iso(start), end: iso(start + period * 1000 * points) };
  }
  const end = parse(stateTime);
  if (!Number.isFinite(end)) return { start: UNKNOWN, end: UNKNOWN };
  const spanSeconds = (detection?.periodSeconds ?? 300) * (detection?.evaluationPeriods ?? 1);
  return { start: iso(end - spanSeconds * 1000), end: iso(end) };
}

const iso = (ms: number): string => new Date(ms).toISOString().replace(".000Z", "Z");

/** An id for an input without one: a hash of what it is, so redelivery still finds the same id. */
function fallbackId(raw: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(raw) ?? String(raw);
  } catch {
    text = String(raw);
  }
  return `sha256-${createHash("sha256").update(text).digest("hex").slice(0, 32)}`;
}

export type { Evidence };
