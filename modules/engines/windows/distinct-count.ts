import type { DistinctCountDetector } from "./types";
import { periodStart } from "./alarm-window";
import { compileFieldPath } from "./field-path";
import { KEY_SEPARATOR, joinKey } from "./window-key";

/**
 * Where replay keeps distinct values per key and window, one value at a time, in memory. The
 * stream detector function keeps them in DynamoDB instead, a batch's values for one window in one
 * write (functions/stream-detector/window-table.ts); both place events with `compileDistinctWindow`.
 */
export interface WindowStore {
  /**
   * Adds `value` to the set under `windowKey`. Returns the set's size afterwards when the value is
   * new, undefined when the set already held it (so that a repeat never fires twice).
   */
  addDistinct(windowKey: string, value: string, expiresAtMs: number): number | undefined;
}

/** A `WindowStore` in a plain Map, for replay and tests. */
export class MemoryWindowStore implements WindowStore {
  private readonly sets = new Map<string, Set<string>>();

  addDistinct(windowKey: string, value: string): number | undefined {
    let set = this.sets.get(windowKey);
    if (set === undefined) {
      set = new Set();
      this.sets.set(windowKey, set);
    }
    if (set.has(value)) return undefined;
    set.add(value);
    return set.size;
  }

  /** Distinct values seen so far under `windowKey`. */
  size(windowKey: string): number {
    return this.sets.get(windowKey)?.size ?? 0;
  }
}

/** A detector firing: the key reached the threshold in this window. */
export interface DistinctFiring {
  readonly windowKey: string;
  /** Aligned window, ms. */
  readonly start: number;
  readonly end: number;
  /** The key's values under their field names, e.g. `{"userIdentity.arn": "arn:aws:iam::…:user/pedro"}`. */
  readonly key: Readonly<Record<string, string>>;
  /** Distinct values at the moment of firing: the threshold. */
  readonly count: number;
}


/**
 * Where one event counts: its window (aligned, ms), the window key (detection, window, key values)
 * and the value it adds. `locate` returns the same object for every event, so that the replay loop
 * allocates nothing: read it before the next call.
 */
export interface DistinctObservation {
  readonly windowKey: string;
  readonly start: number;
  readonly end: number;
  readonly value: string;
}

export interface DistinctWindow {
  /** The event's observation; undefined when it lacks a key or value field (it is not counted). */
  readonly locate: (record: Readonly<Record<string, unknown>>, timeMs: number) => DistinctObservation | undefined;
  /** The key's values under their field names, e.g. `{"userIdentity.arn": "arn:aws:iam::…:user/pedro"}`. */
  readonly keyOf: (record: Readonly<Record<string, unknown>>) => Readonly<Record<string, string>>;
}

/**
 * Places events of a distinct-count detector: per aligned window of `windowSeconds` and per key
 * (the values of `keyFields`), the value is the values of `valueFields` joined with `:`. Pure:
 * replay and the stream detector function run this same code, each with its own store.
 */
export function compileDistinctWindow(detectionId: string, detector: DistinctCountDetector): DistinctWindow {
  const keyReaders = detector.keyFields.map(compileFieldPath);
  const valueReaders = detector.valueFields.map(compileFieldPath);
  const windowMs = detector.windowSeconds * 1000;
  const observation = { windowKey: "", start: NaN, end: NaN, value: "" };
  // Consecutive events mostly share actor and window: reuse the last window key (no concatenation).
  let lastKeyText = "";
  const locate = (record: Readonly<Record<string, unknown>>, timeMs: number): DistinctObservation | undefined => {
    let keyText = "";
    for (let i = 0; i < keyReaders.length; i++) {
      const v = keyReaders[i](record);
      if (v === undefined) return undefined;
      keyText = i === 0 ? v : keyText + KEY_SEPARATOR + v;
    }
    let value = "";
    for (let i = 0; i < valueReaders.length; i++) {
      const v = valueReaders[i](record);
      if (v === undefined) return undefined;
      value = i === 0 ? v : `${value}:${v}`;
    }
    const start = periodStart(timeMs, detector.windowSeconds);
    if (start !== observation.start || keyText !== lastKeyText) {
      lastKeyText = keyText;
      observation.start = start;
      observation.end = start + windowMs;
      observation.windowKey = joinKey(detectionId, start, keyText);
    }
    observation.value = value;
    return observation;
  };
  const keyOf = (record: Readonly<Record<string, unknown>>): Record<string, string> => {
    const key: Record<string, string> = {};
    detector.keyFields.forEach((field, i) => {
      key[field.replace(/^\$\./, "")] = keyReaders[i](record) as string;
    });
    return key;
  };
  return { locate, keyOf };
}

/**
 * Replay's distinct count: it fires once per key and window, on the event that brings the count
 * to `threshold`; later values in that window do not fire again.
 */
export function compileDistinctCount(
  detectionId: string,
  detector: DistinctCountDetector,
): (store: WindowStore, record: Readonly<Record<string, unknown>>, timeMs: number) => DistinctFiring | undefined {
  const { locate, keyOf } = compileDistinctWindow(detectionId, detector);
  return (store, record, timeMs) => {
    const observed = locate(record, timeMs);
    if (observed === undefined) return undefined;
    const count = store.addDistinct(observed.windowKey, observed.value, observed.end);
    if (count !== detector.threshold) return undefined; // undefined: a repeat; other sizes: below or past the threshold
    return { windowKey: observed.windowKey, start: observed.start, end: observed.end, key: keyOf(record), count };
  };
}
