/**
 * The stream detector's logic, free of AWS clients: one subscription batch in, alerts out. It
 * runs the very code replay runs (docs/design.md "Detections are data"): the filter-pattern engine for
 * each detection's deployed pattern, and the window engine's `compileDistinctWindow` for windows,
 * keys and values, `compileWorkSchedule` for working hours and `cloudTrailTime`
 * (modules/engines/windows/). A batch goes through four steps: collect (patterns, windows),
 * count (the shared sets), claim (one alert per key), publish.
 *
 * Delivery is at least once: CloudWatch Logs invokes the function asynchronously, Lambda retries
 * a failed invocation and a batch can arrive twice. So:
 * - distinct values live in a set per window (DynamoDB `ADD`): a value added twice counts once;
 * - an alert is claimed before it is published, with a conditional write keyed by identity and
 *   window (or by event, for off-hours sign-ins): one alert per key however often the batch
 *   comes; a claim whose publish failed is given back and the invocation fails, so the retry
 *   publishes it;
 * - because a retry may find the set already past the threshold (values from other batches came
 *   in between), every event at or past the threshold offers to fire, and the claim keeps one.
 */
import type { DistinctCountDetector } from "../../modules/engines/windows/types";
import { compileFilterPattern, toLogEvent } from "../../modules/engines/filter-pattern";
import { compileDistinctWindow, type DistinctWindow } from "../../modules/engines/windows/distinct-count";
import { cloudTrailTime } from "../../modules/engines/windows/event-time";
import { compileWorkSchedule } from "../../modules/engines/windows/off-hours";
import { buildAlert, type StreamAlert } from "./alert";
import type { DeployedStreamDetection, StreamDetectorConfig } from "./config";
import type { SubscriptionBatch } from "./payload";
import { joinKey } from "../../modules/engines/windows/window-key";
import { isPlainObject } from "../../modules/engines/plain-object";
import { assertNever } from "../../modules/assert-never";

/** Window state, shared by every invocation (DynamoDB: window-table.ts). */
export interface AlertStore {
  /**
   * Adds `values` to the set under `windowKey` and returns its size afterwards. Once the set holds
   * `cap` values it may stop growing and answer `cap`: nothing beyond the threshold matters.
   */
  addDistinct(windowKey: string, values: readonly string[], expiresAtMs: number, cap: number): Promise<number>;
  /** Claims the one alert under `alertKey`; false when it was claimed before. */
  claimAlert(alertKey: string, expiresAtMs: number, token: string): Promise<boolean>;
  /** Gives back a claim made with `token` (its alert could not be published). */
  releaseAlert(alertKey: string, token: string): Promise<void>;
}

export interface DetectorDeps {
  readonly store: AlertStore;
  readonly publish: (alert: StreamAlert) => Promise<void>;
  /** Counts one alert of a detection in its CloudWatch metric (the `tripline-<id>` alarm watches it). */
  readonly emitMetric: (detectionId: string) => void;
  readonly newToken: () => string;
  readonly warn?: (message: string, extra: Record<string, unknown>) => void;
}

export interface BatchResult {
  readonly events: number;
  /** Pattern matches, per detection id. */
  readonly matched: Readonly<Record<string, number>>;
  readonly alerts: readonly StreamAlert[];
  /** Alerts not sent again because their key was claimed before (redelivery, another invocation). */
  readonly duplicates: number;
}

/** How long a window's item outlives its window: late and redelivered events still find it. */
export const WINDOW_GRACE_MS = 24 * 3600_000;
/** How long an off-hours claim is kept: beyond Lambda's retries and a manual redrive of the dead-letter queue. */
export const EVENT_CLAIM_MS = 7 * 24 * 3600_000;
/** Window updates in flight at once. */
const CONCURRENCY = 8;
/** Bound on the per-container caches (entries); they are cleared when full. */
const CACHE_LIMIT = 20_000;

type Json = Readonly<Record<string, unknown>>;

interface Candidate {
  readonly alertKey: string;
  readonly expiresAtMs: number;
  readonly detectionId: string;
  readonly alert: StreamAlert;
}

type Compiled =
  | { readonly d: DeployedStreamDetection; readonly test: (e: ReturnType<typeof toLogEvent>) => boolean; readonly kind: "distinct"; readonly detector: DistinctCountDetector; readonly window: DistinctWindow }
  | { readonly d: DeployedStreamDetection; readonly test: (e: ReturnType<typeof toLogEvent>) => boolean; readonly kind: "off-hours" };

/** Values of one window gathered from a batch, written in one update. */
interface WindowGroup {
  readonly c: Extract<Compiled, { kind: "distinct" }>;
  readonly windowKey: string;
  /** The aligned window, ms. */
  readonly start: number;
  readonly end: number;
  readonly expiresAtMs: number;
  readonly values: Set<string>;
  /** The last event that added to it: the one that fires if the set reaches the threshold. */
  last: { readonly record: Json; readonly timeMs: number };
}

/** Per container: what earlier successful batches established, bounded (CACHE_LIMIT). */
interface ContainerMemory {
  /** Values known to be in a window's set (only after a batch succeeded, so a failed batch's retry re-checks its windows). */
  readonly knownValues: Map<string, Set<string>>;
  /** Keys whose alert is claimed. */
  readonly claimed: Set<string>;
}

/** What one batch yields before any call to AWS. */
interface Collected {
  readonly matched: Record<string, number>;
  /** Distinct-count windows touched, with the values this batch adds. */
  readonly groups: Map<string, WindowGroup>;
  /** Off-hours alerts, one per matching event. */
  readonly candidates: Candidate[];
}

/** Compiles the config once (container start); returns the batch processor. */
export function createStreamDetector(config: StreamDetectorConfig, deps: DetectorDeps): (batch: SubscriptionBatch) => Promise<BatchResult> {
  const isWorkingTime = compileWorkSchedule(config.schedule);
  const compiled = config.detections.map(compileDetection);
  const memory: ContainerMemory = { knownValues: new Map(), claimed: new Set() };

  return async (batch) => {
    if (batch.messageType !== "DATA_MESSAGE") return { events: 0, matched: {}, alerts: [], duplicates: 0 };
    const collected = collect(batch, compiled, memory, (c, record, timeMs, eventId) => offHoursCandidate(c, record, timeMs, eventId, isWorkingTime, config.schedule));
    const candidates = [...collected.candidates, ...(await count(collected.groups, deps.store))];
    const { alerts, duplicates } = await claimAndPublish(candidates, deps, memory.claimed);
    rememberValues(collected.groups, memory.knownValues);
    return { events: batch.logEvents.length, matched: collected.matched, alerts, duplicates };
  };
}

function compileDetection(d: DeployedStreamDetection): Compiled {
  const test = compileFilterPattern(d.pattern);
  switch (d.detector.type) {
    case "distinct-count":
      return { d, test, kind: "distinct", detector: d.detector, window: compileDistinctWindow(d.id, d.detector) };
    case "off-hours":
      return { d, test, kind: "off-hours" };
    default:
      return assertNever(d.detector, "detector type");
  }
}

/**
 * Collect: each event against each detection's pattern; a distinct-count match joins its window's
 * group (unless this container knows the value is there already, or the window's alert is
 * claimed); an off-hours match becomes a candidate through `offHours`.
 */
function collect(
  batch: SubscriptionBatch,
  compiled: readonly Compiled[],
  memory: ContainerMemory,
  offHours: (c: Extract<Compiled, { kind: "off-hours" }>, record: Json, timeMs: number, eventId: string) => Candidate | undefined,
): Collected {
  const collected: Collected = { matched: {}, groups: new Map(), candidates: [] };
  for (const logEvent of batch.logEvents) {
    const event = toLogEvent(logEvent.message);
    if (!isPlainObject(event.json)) continue;
    const record = event.json;
    const timeMs = cloudTrailTime(record) ?? logEvent.timestamp;
    for (const c of compiled) {
      if (!c.test(event)) continue;
      collected.matched[c.d.id] = (collected.matched[c.d.id] ?? 0) + 1;
      if (c.kind === "off-hours") {
        const candidate = offHours(c, record, timeMs, typeof record.eventID === "string" ? record.eventID : logEvent.id);
        if (candidate !== undefined) collected.candidates.push(candidate);
        continue;
      }
      const observed = c.window.locate(record, timeMs);
      if (observed === undefined || memory.claimed.has(observed.windowKey) || memory.knownValues.get(observed.windowKey)?.has(observed.value)) continue;
      const { windowKey, start, end } = observed;
      const group = collected.groups.get(windowKey) ?? { c, windowKey, start, end, expiresAtMs: end + WINDOW_GRACE_MS, values: new Set<string>(), last: { record, timeMs } };
      group.values.add(observed.value);
      group.last = { record, timeMs };
      collected.groups.set(windowKey, group);
    }
  }
  return collected;
}

/** An off-hours sign-in: one alert per event, claimed by event id. */
function offHoursCandidate(
  c: Extract<Compiled, { kind: "off-hours" }>,
  record: Json,
  timeMs: number,
  eventId: string,
  isWorkingTime: (timeMs: number) => boolean,
  schedule: StreamDetectorConfig["schedule"],
): Candidate | undefined {
  if (isWorkingTime(timeMs)) return undefined;
  const identity = record.userIdentity;
  const arn = isPlainObject(identity) ? identity.arn : undefined;
  return {
    alertKey: joinKey(c.d.id, eventId),
    expiresAtMs: timeMs + EVENT_CLAIM_MS,
    detectionId: c.d.id,
    alert: buildAlert({
      detection: summary(c.d),
      record,
      what: `${String(record.eventName ?? "activity")} outside working hours (${describeSchedule(schedule)})`,
      start: timeMs,
      end: timeMs + 1000,
      key: typeof arn === "string" ? { "userIdentity.arn": arn } : {},
    }),
  };
}

/**
 * Count: each window's new values into its shared set; a window at or past the threshold offers
 * to fire. Every batch offers, since a retry may find the set past the threshold already; the
 * claim keeps one alert per window.
 */
async function count(groups: ReadonlyMap<string, WindowGroup>, store: AlertStore): Promise<Candidate[]> {
  const candidates: Candidate[] = [];
  await inParallel([...groups.values()], CONCURRENCY, async (group) => {
    const { threshold, windowSeconds, valueFields } = group.c.detector;
    const size = await store.addDistinct(group.windowKey, [...group.values], group.expiresAtMs, threshold);
    if (size < threshold) return;
    candidates.push({
      alertKey: group.windowKey,
      expiresAtMs: group.expiresAtMs,
      detectionId: group.c.d.id,
      alert: buildAlert({
        detection: summary(group.c.d),
        record: group.last.record,
        what: `${threshold} distinct ${valueFields.join(":")} within ${windowSeconds} s`,
        start: group.start,
        end: group.end,
        key: group.c.window.keyOf(group.last.record),
      }),
    });
  });
  return candidates;
}

/** Claim: the one alert under the candidate's key; a token when this invocation won it, undefined when it was claimed before. */
async function claim(candidate: Candidate, deps: DetectorDeps, claimed: Set<string>): Promise<string | undefined> {
  if (claimed.has(candidate.alertKey)) return undefined;
  const token = deps.newToken();
  if (await deps.store.claimAlert(candidate.alertKey, candidate.expiresAtMs, token)) return token;
  remember(claimed, candidate.alertKey);
  return undefined;
}

/** Publish: a claimed alert to the topic; when that fails, the claim is given back so the retry publishes it. */
async function publish(candidate: Candidate, token: string, deps: DetectorDeps): Promise<unknown> {
  try {
    await deps.publish(candidate.alert);
    return undefined;
  } catch (error) {
    await deps.store.releaseAlert(candidate.alertKey, token).catch((releaseError: unknown) =>
      deps.warn?.("could not give back an alert claim; this alert will not be retried", { alertKey: candidate.alertKey, error: String(releaseError) }),
    );
    return error;
  }
}

/** Claims and publishes every candidate; fails the invocation (for Lambda's retry) when any publish failed. */
async function claimAndPublish(candidates: readonly Candidate[], deps: DetectorDeps, claimed: Set<string>): Promise<{ alerts: StreamAlert[]; duplicates: number }> {
  const alerts: StreamAlert[] = [];
  const failures: unknown[] = [];
  let duplicates = 0;
  for (const candidate of candidates) {
    const token = await claim(candidate, deps, claimed);
    if (token === undefined) {
      duplicates++;
      continue;
    }
    const failure = await publish(candidate, token, deps);
    if (failure !== undefined) {
      failures.push(failure);
      continue;
    }
    remember(claimed, candidate.alertKey);
    deps.emitMetric(candidate.detectionId);
    alerts.push(candidate.alert);
  }
  if (failures.length > 0) {
    throw new AggregateError(failures, `${failures.length} of ${candidates.length} alerts could not be published; the batch will be retried`);
  }
  return { alerts, duplicates };
}

/** After a successful batch: the values now known to be in each window's set. */
function rememberValues(groups: ReadonlyMap<string, WindowGroup>, knownValues: Map<string, Set<string>>): void {
  for (const group of groups.values()) {
    const known = knownValues.get(group.windowKey) ?? new Set<string>();
    for (const value of group.values) known.add(value);
    if (knownValues.size >= CACHE_LIMIT) knownValues.clear();
    knownValues.set(group.windowKey, known);
  }
}

const summary = (d: DeployedStreamDetection): StreamAlert["detection"] => ({ id: d.id, title: d.title, severity: d.severity, runbook: d.runbook });

const describeSchedule = (s: StreamDetectorConfig["schedule"]): string => `${s.days.join(",")} ${s.start}-${s.end} ${s.timeZone}`;

function remember(set: Set<string>, key: string): void {
  if (set.size >= CACHE_LIMIT) set.clear();
  set.add(key);
}

async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
