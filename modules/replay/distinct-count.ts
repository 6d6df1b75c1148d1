import type { DistinctCountDetector } from "../catalog/detection";
import { periodStart } from "./alarm-window";
import { compileFieldPath } from "./field-path";

/**
 * Where distinct values per key and window are kept, one value at a time: replay's store, in
 * memory. The stream detector function does not implement it; it runs `compileDistinctCount`
 * against a probe store to learn each event's window key and value, then writes a batch's values
 * for one window at once (functions/stream-detector/window-table.ts): one DynamoDB item per window
 * key, `ADD vals :values` to a string set (a value already there counts once, so a redelivered
 * batch adds nothing) under `attribute_not_exists(vals) OR size(vals) < :cap` with the threshold
 * as cap (the set stops growing there; a failed condition reads as "at the threshold"), returning
 * the new size, and a TTL attribute from `expiresAtMs`. Since a batch may carry the set past the
 * threshold, every size at or past it offers to fire there and a conditional alert claim keeps
 * one alert per window key (functions/stream-detector/detect.ts).
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

const SEPARATOR = "\u0000";

/**
 * Compiles a distinct-count detector: per aligned window of `windowSeconds` and per key (the
 * values of `keyFields`), the set of distinct values (the values of `valueFields` joined with
 * `:`). It fires once per key and window, on the event that brings the count to `threshold`;
 * later values in that window do not fire again. An event lacking a key or value field is not
 * counted. Pure apart from the store, so the stream detector function runs this same code.
 */
export function compileDistinctCount(
  detectionId: string,
  detector: DistinctCountDetector,
): (store: WindowStore, record: Readonly<Record<string, unknown>>, timeMs: number) => DistinctFiring | undefined {
  const keyReaders = detector.keyFields.map(compileFieldPath);
  const valueReaders = detector.valueFields.map(compileFieldPath);
  const windowMs = detector.windowSeconds * 1000;
  // Consecutive events mostly share actor and window: reuse the last window key (no concatenation).
  let lastStart = NaN;
  let lastKeyText = "";
  let lastWindowKey = "";
  return (store, record, timeMs) => {
    let keyText = "";
    for (let i = 0; i < keyReaders.length; i++) {
      const v = keyReaders[i](record);
      if (v === undefined) return undefined;
      keyText = i === 0 ? v : keyText + SEPARATOR + v;
    }
    let value = "";
    for (let i = 0; i < valueReaders.length; i++) {
      const v = valueReaders[i](record);
      if (v === undefined) return undefined;
      value = i === 0 ? v : `${value}:${v}`;
    }
    const start = periodStart(timeMs, detector.windowSeconds);
    if (start !== lastStart || keyText !== lastKeyText) {
      lastStart = start;
      lastKeyText = keyText;
      lastWindowKey = `${detectionId}${SEPARATOR}${start}${SEPARATOR}${keyText}`;
    }
    const windowKey = lastWindowKey;
    const count = store.addDistinct(windowKey, value, start + windowMs);
    if (count !== detector.threshold) return undefined; // undefined: a repeat; other sizes: below or past the threshold
    const key: Record<string, string> = {};
    detector.keyFields.forEach((field, i) => {
      key[field.replace(/^\$\./, "")] = keyReaders[i](record) as string;
    });
    return { windowKey, start, end: start + windowMs, key, count };
  };
}
