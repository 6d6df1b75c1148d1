/**
 * A detection is a record, not a construct: constructs read it to build resources, and replay
 * and the tests read the very same record to evaluate it. See docs/design.md "Detections are data".
 */

import type { ContributorFilter } from "../engines/contributor-rule";

export type Severity = "low" | "medium" | "high" | "critical";

/** Where the detection reads from: the organization trail's log group, or the SSH log group. */
export type LogSource = "cloudtrail" | "ssh";

/** How a detection runs in AWS. */
export type DetectionKind = "metric-filter" | "contributor-insights" | "event-rule" | "stream";

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

/** An example event: a CloudTrail record (object) or an sshd log line (string). */
export type ExampleEvent = Readonly<Record<string, unknown>> | string;

interface DetectionBase {
  /** Stable kebab-case id, equal to the file name; deployed names carry it. */
  readonly id: string;
  readonly title: string;
  /** Why a person should care, in one sentence. */
  readonly why: string;
  /** What to do first when it fires, in one line. */
  readonly runbook: string;
  readonly severity: Severity;
  /**
   * Controls this detection satisfies exactly (`CloudWatch.1`, `CIS-4.3`). A detection that names
   * a Security Hub control keeps that control's published pattern byte for byte.
   */
  readonly controls: readonly string[];
  /** MITRE ATT&CK technique id, e.g. `T1078.004`. */
  readonly mitre: string;
  readonly source: LogSource;
  /** Request fields (dot paths into the CloudTrail record) the notifier's message shows first. */
  readonly alertParameters?: readonly string[];
  /** Its own evidence: events it must fire on, and near misses it must stay quiet on. */
  readonly examples: { readonly match: readonly ExampleEvent[]; readonly miss: readonly ExampleEvent[] };
}

/** A CloudWatch Logs metric filter and an alarm on its metric. */
export interface MetricFilterDetection extends DetectionBase {
  readonly kind: "metric-filter";
  /** CloudWatch Logs filter pattern, as deployed. */
  readonly pattern: string;
  readonly alarm: AlarmSpec;
}

/**
 * One Contributor Insights filter: the engine's type, since the engine evaluates what is deployed.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/ContributorInsights-RuleSyntax.html
 */
export type { ContributorFilter };

/** A Contributor Insights rule counting events per key, alarmed on `MaxContributorValue`. */
export interface ContributorInsightsDetection extends DetectionBase {
  readonly kind: "contributor-insights";
  readonly rule: {
    /** JSON paths (`$.sourceIPAddress`), at most 4; each distinct combination is a contributor. */
    readonly keys: readonly string[];
    /** At most 4 filters, AND-ed. */
    readonly filters: readonly ContributorFilter[];
  };
  /** Alarm on INSIGHT_RULE_METRIC(rule, "MaxContributorValue"). */
  readonly alarm: AlarmSpec;
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

/** A match outside the organization's working hours, in its time zone. */
export interface OffHoursDetector {
  readonly type: "off-hours";
}

/**
 * Deployed as a subscription filter (its `pattern` keeps the function's volume to what can
 * match) feeding the stream detector function, which runs `detector` on each event.
 */
export interface StreamDetection extends DetectionBase {
  readonly kind: "stream";
  readonly pattern: string;
  readonly detector: DistinctCountDetector | OffHoursDetector;
}

/** An EventBridge rule in every enabled region of every account. */
export interface EventRuleDetection extends DetectionBase {
  readonly kind: "event-rule";
  /** EventBridge event pattern, matched against CloudTrail records as EventBridge delivers them. */
  readonly eventPattern: Readonly<Record<string, unknown>>;
}

export type Detection =
  | MetricFilterDetection
  | ContributorInsightsDetection
  | StreamDetection
  | EventRuleDetection;
