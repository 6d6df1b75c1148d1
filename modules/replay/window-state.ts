import type { Detection } from "../catalog/detection";
import { alarmRuns } from "../engines/windows/alarm-window";
import { keyFieldName } from "../engines/windows/contributor-window";
import { absorbEvidence, addEvidence, combineEvidence, newBucket, type Evidence, type EvidenceBucket, type EvidenceRef } from "./evidence";

/** One contributor's events in one period: the count is the bucket's. */
export interface Contribution {
  readonly values: readonly string[];
  readonly bucket: EvidenceBucket;
}

/** One key's distinct-count window. */
export interface DistinctWindowState {
  readonly start: number;
  readonly end: number;
  readonly key: Readonly<Record<string, string>>;
  readonly values: Set<string>;
  readonly bucket: EvidenceBucket;
}

/** An alarm that one record raises on its own (off-hours). */
export interface InstantAlarm {
  readonly detection: number;
  readonly time: number;
  readonly key: Readonly<Record<string, string>>;
  readonly ref: EvidenceRef;
}

/**
 * Everything the alarm windows of a replay hold, by detection index, as plain data: a worker
 * thread builds one over its byte range and the main thread merges them (`mergeWindowState`) into
 * exactly what one thread reading everything would hold. Order-dependent parts (evidence, the
 * order of contributors in a period, which decides ties) are merged in reading order.
 *
 * - metric filter: per aligned period, its matches (the count is the metric's value);
 * - Contributor Insights: per period, per contributor, its events, in first-seen order;
 * - distinct count: per window key, the distinct values and the events;
 * - off-hours: one alarm per out-of-hours record.
 */
export interface WindowState {
  readonly metric: Map<number, Map<number, EvidenceBucket>>;
  readonly contributor: Map<number, Map<number, Map<string, Contribution>>>;
  readonly distinct: Map<number, Map<string, DistinctWindowState>>;
  readonly instant: InstantAlarm[];
}

export const newWindowState = (): WindowState => ({ metric: new Map(), contributor: new Map(), distinct: new Map(), instant: [] });

const getOrAdd = <K, V>(map: Map<K, V>, key: K, make: () => V): V => {
  let v = map.get(key);
  if (v === undefined) {
    v = make();
    map.set(key, v);
  }
  return v;
};

/** The state's evidence references, to move them to the merged file list and line numbers. */
function* refsOf(state: WindowState): IterableIterator<EvidenceRef> {
  for (const periods of state.metric.values()) for (const b of periods.values()) yield* b.refs;
  for (const periods of state.contributor.values()) for (const cs of periods.values()) for (const c of cs.values()) yield* c.bucket.refs;
  for (const windows of state.distinct.values()) for (const w of windows.values()) yield* w.bucket.refs;
  for (const a of state.instant) yield a.ref;
}

/** Rewrites a state's references in place: file indexes through `fileIndex`, lines plus `lineOffset`. */
export function relocateWindowState(state: WindowState, fileIndex: (index: number) => number, lineOffset: number): void {
  for (const ref of refsOf(state)) {
    (ref as { fileIndex: number }).fileIndex = fileIndex(ref.fileIndex);
    ref.line += lineOffset;
  }
}

/** Adds `later` (read after everything in `into`) to `into`. */
export function mergeWindowState(into: WindowState, later: WindowState): void {
  for (const [d, periods] of later.metric) {
    const target = getOrAdd(into.metric, d, () => new Map<number, EvidenceBucket>());
    for (const [start, bucket] of periods) absorbEvidence(getOrAdd(target, start, newBucket), bucket);
  }
  for (const [d, periods] of later.contributor) {
    const target = getOrAdd(into.contributor, d, () => new Map<number, Map<string, Contribution>>());
    for (const [start, contributors] of periods) {
      const t = getOrAdd(target, start, () => new Map<string, Contribution>());
      for (const [key, c] of contributors) {
        const existing = t.get(key);
        if (existing === undefined) t.set(key, c);
        else absorbEvidence(existing.bucket, c.bucket);
      }
    }
  }
  for (const [d, windows] of later.distinct) {
    const target = getOrAdd(into.distinct, d, () => new Map<string, DistinctWindowState>());
    for (const [key, w] of windows) {
      const existing = target.get(key);
      if (existing === undefined) {
        target.set(key, w);
      } else {
        for (const v of w.values) existing.values.add(v);
        absorbEvidence(existing.bucket, w.bucket);
      }
    }
  }
  into.instant.push(...later.instant);
}

/** Adds a metric filter's timed match. */
export function addMetricMatch(state: WindowState, detection: number, periodStart: number, fileIndex: number, line: number, eventID: string | undefined): void {
  const periods = getOrAdd(state.metric, detection, () => new Map<number, EvidenceBucket>());
  addEvidence(getOrAdd(periods, periodStart, newBucket), fileIndex, line, eventID);
}

/** Adds a Contributor Insights event of the contributor `values`. */
export function addContribution(
  state: WindowState,
  detection: number,
  periodStart: number,
  values: readonly string[],
  fileIndex: number,
  line: number,
  eventID: string | undefined,
): void {
  const periods = getOrAdd(state.contributor, detection, () => new Map<number, Map<string, Contribution>>());
  const contributors = getOrAdd(periods, periodStart, () => new Map<string, Contribution>());
  const key = values.length === 1 ? values[0] : values.join("\u0000");
  let c = contributors.get(key);
  if (c === undefined) {
    c = { values: [...values], bucket: newBucket() };
    contributors.set(key, c);
  }
  addEvidence(c.bucket, fileIndex, line, eventID);
}

/** The distinct-count window of `windowKey`, created with `make` on first sight. */
export function distinctWindow(state: WindowState, detection: number, windowKey: string, make: () => DistinctWindowState): DistinctWindowState {
  const windows = getOrAdd(state.distinct, detection, () => new Map<string, DistinctWindowState>());
  return getOrAdd(windows, windowKey, make);
}

/** An alarm, times in ms (docs/design.md contract 5, `alarms`), with its evidence. */
export interface WindowAlarm {
  readonly detection: number;
  readonly start: number;
  readonly end: number;
  readonly value: number;
  readonly threshold: number;
  readonly key: Readonly<Record<string, string>>;
  readonly evidence: Evidence;
}

const keyOrder = (key: Readonly<Record<string, string>>): string => JSON.stringify(key);

/** Alarms sorted by start, detection, end, then key (replay's order; hunt sorts its alarms the same way). */
export function sortAlarms<A extends { readonly start: number; readonly detection: number; readonly end: number; readonly key: Readonly<Record<string, string>> }>(alarms: A[]): A[] {
  const keys = new Map(alarms.map((a) => [a, keyOrder(a.key)]));
  return alarms.sort((a, b) => a.start - b.start || a.detection - b.detection || a.end - b.end || ((keys.get(a) as string) < (keys.get(b) as string) ? -1 : (keys.get(a) as string) > (keys.get(b) as string) ? 1 : 0));
}

/**
 * The alarms the windows hold, as CloudWatch would raise them (`alarm-window.ts`), sorted by start,
 * detection, end, then key: an order that does not depend on how the input was split.
 */
export function windowAlarms(state: WindowState, detections: readonly Detection[]): WindowAlarm[] {
  const alarms: WindowAlarm[] = [];
  for (const a of state.instant) {
    alarms.push({ detection: a.detection, start: a.time, end: a.time + 1000, value: 1, threshold: 1, key: a.key, evidence: { count: 1, refs: [a.ref] } });
  }
  for (const [index, periods] of state.metric) {
    const d = detections[index];
    if (d.kind !== "metric-filter") continue;
    const values = new Map<number, number>();
    for (const [start, b] of periods) values.set(start, b.count);
    const periodMs = d.alarm.periodSeconds * 1000;
    for (const run of alarmRuns(values, d.alarm)) {
      const buckets: (EvidenceBucket | undefined)[] = [];
      for (let t = run.start; t < run.end; t += periodMs) buckets.push(periods.get(t));
      alarms.push({ detection: index, start: run.start, end: run.end, value: run.value, threshold: d.alarm.threshold, key: {}, evidence: combineEvidence(buckets) });
    }
  }
  for (const [index, periods] of state.contributor) {
    const d = detections[index];
    if (d.kind !== "contributor-insights") continue;
    const top = (start: number): [string, Contribution] | undefined => {
      let best: [string, Contribution] | undefined;
      for (const entry of periods.get(start)?.entries() ?? []) if (best === undefined || entry[1].bucket.count > best[1].bucket.count) best = entry;
      return best;
    };
    const values = new Map<number, number>();
    for (const start of periods.keys()) values.set(start, top(start)?.[1].bucket.count ?? 0);
    const names = d.rule.keys.map(keyFieldName);
    const periodMs = d.alarm.periodSeconds * 1000;
    for (const run of alarmRuns(values, d.alarm)) {
      const peak = top(run.peakStart);
      const key: Record<string, string> = {};
      names.forEach((name, i) => {
        key[name] = peak?.[1].values[i] ?? "";
      });
      const buckets: (EvidenceBucket | undefined)[] = [];
      for (let t = run.start; t < run.end; t += periodMs) buckets.push(peak === undefined ? undefined : periods.get(t)?.get(peak[0])?.bucket);
      alarms.push({ detection: index, start: run.start, end: run.end, value: run.value, threshold: d.alarm.threshold, key, evidence: combineEvidence(buckets) });
    }
  }
  for (const [index, windows] of state.distinct) {
    const d = detections[index];
    if (d.kind !== "stream" || d.detector.type !== "distinct-count") continue;
    for (const w of windows.values()) {
      if (w.values.size < d.detector.threshold) continue;
      alarms.push({ detection: index, start: w.start, end: w.end, value: w.values.size, threshold: d.detector.threshold, key: w.key, evidence: combineEvidence([w.bucket]) });
    }
  }
  return sortAlarms(alarms);
}
