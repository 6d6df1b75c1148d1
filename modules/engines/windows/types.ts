/**
 * The shapes the window engines evaluate, defined here so the engines import nothing else of
 * tripline's (STYLE §1): the catalog's detection records and the manifest's schedule build on
 * them, and the compiler checks they fit.
 */

/** CloudWatch's comparison operators that tripline uses (PutMetricAlarm ComparisonOperator). */
export type Comparison = "GreaterThanOrEqualToThreshold" | "GreaterThanThreshold";

/** The alarm on a detection's metric: aligned periods, as CloudWatch evaluates them. */
export interface AlarmSpec {
  /** Length of one aligned period; CloudWatch aligns periods to the clock. */
  readonly periodSeconds: number;
  /** How many consecutive breaching periods raise the alarm. */
  readonly evaluationPeriods: number;
  readonly threshold: number;
  readonly comparison: Comparison;
}

/** Distinct values per key within aligned windows: what Contributor Insights cannot count. */
export interface DistinctCountDetector {
  readonly type: "distinct-count";
  /** Field paths (dot notation) whose values together identify the actor. */
  readonly keyFields: readonly string[];
  /** Field paths whose joined values (`:`) are counted as distinct per key. */
  readonly valueFields: readonly string[];
  readonly windowSeconds: number;
  /** Fires when the distinct count reaches this many. */
  readonly threshold: number;
}

/** Week days as the manifest spells them. */
export const WEEK_DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;
export type WeekDay = (typeof WEEK_DAYS)[number];

/**
 * Working hours: off-hours detections fire on matches outside them. `end` earlier than `start`
 * means the shift runs past midnight.
 */
export interface WorkSchedule {
  readonly days: readonly WeekDay[];
  /** HH:MM, 24-hour. */
  readonly start: string;
  /** HH:MM, exclusive. */
  readonly end: string;
  /** IANA time zone. */
  readonly timeZone: string;
}
