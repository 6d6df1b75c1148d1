import type { AlarmSpec } from "./types";

/**
 * CloudWatch alarm windows, as CloudWatch evaluates a metric alarm:
 *
 * - periods are aligned to the clock: a period starts at a multiple of `periodSeconds` since the
 *   epoch (a 5-minute period is 10:00–10:05, never 10:02–10:07);
 * - the metric's value in a period is what fell in it (for a metric filter, 1 per matching event:
 *   the count; a period without a match is 0, the filter's default value, and 0 never breaches the
 *   thresholds tripline uses);
 * - a period breaches when `value <comparison> threshold`;
 * - the alarm goes off when `evaluationPeriods` consecutive periods breach. One alarm covers a
 *   whole run of consecutive breaching periods: [start of the run's first period, end of its
 *   last), with the run's highest value; a run shorter than `evaluationPeriods` raises nothing.
 *
 * Events arrive roughly in time order, not strictly (an auth.log spans weeks, several files may
 * overlap), so values are gathered per period in maps and alarms computed at the end: memory is
 * bounded by periods × keys, not by events.
 */

/** Start (ms) of the aligned period that holds `timeMs`. */
export const periodStart = (timeMs: number, periodSeconds: number): number => {
  const ms = periodSeconds * 1000;
  return Math.floor(timeMs / ms) * ms;
};

/** Whether one period's value breaches the alarm's threshold. */
export const isBreaching = (value: number, spec: Pick<AlarmSpec, "threshold" | "comparison">): boolean =>
  spec.comparison === "GreaterThanThreshold" ? value > spec.threshold : value >= spec.threshold;

/** A run of consecutive breaching periods long enough to raise the alarm. */
export interface AlarmRun {
  /** Start of the first period, ms. */
  readonly start: number;
  /** End of the last period (exclusive), ms. */
  readonly end: number;
  /** Highest value of a period in the run. */
  readonly value: number;
  /** Start of the (first) period with that value: where a Contributor Insights alarm takes its key. */
  readonly peakStart: number;
}

/** Runs of ≥ `evaluationPeriods` consecutive breaching periods, in time order. */
export function alarmRuns(values: ReadonlyMap<number, number>, spec: AlarmSpec): AlarmRun[] {
  const periodMs = spec.periodSeconds * 1000;
  const breaching = [...values].filter(([, value]) => isBreaching(value, spec)).sort((a, b) => a[0] - b[0]);
  const runs: AlarmRun[] = [];
  let i = 0;
  while (i < breaching.length) {
    let j = i;
    let peak = i;
    while (j + 1 < breaching.length && breaching[j + 1][0] === breaching[j][0] + periodMs) {
      j++;
      if (breaching[j][1] > breaching[peak][1]) peak = j;
    }
    if (j - i + 1 >= spec.evaluationPeriods) {
      runs.push({ start: breaching[i][0], end: breaching[j][0] + periodMs, value: breaching[peak][1], peakStart: breaching[peak][0] });
    }
    i = j + 1;
  }
  return runs;
}

/** A metric filter's metric: matches counted per aligned period (metric value 1 per match). */
export class PeriodCounter {
  private readonly counts = new Map<number, number>();

  constructor(readonly spec: AlarmSpec) {}

  add(timeMs: number): void {
    const start = periodStart(timeMs, this.spec.periodSeconds);
    this.counts.set(start, (this.counts.get(start) ?? 0) + 1);
  }

  /** Count per period start. */
  get values(): ReadonlyMap<number, number> {
    return this.counts;
  }

  alarms(): AlarmRun[] {
    return alarmRuns(this.counts, this.spec);
  }
}
