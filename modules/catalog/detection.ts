/**
 * A detection is a record, not a construct: constructs read it to build resources, and replay
 * and the tests read the very same record to evaluate it. See docs/design.md "Detections are data".
 */

import type { ContributorFilter } from "../engines/contributor-rule";
import type { AlarmSpec, DistinctCountDetector } from "../engines/windows/types";

export const SEVERITIES = ["low", "medium", "high", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Where the detection reads from: the organization trail's log group, or the SSH log group. */
export const LOG_SOURCES = ["cloudtrail", "ssh"] as const;
export type LogSource = (typeof LOG_SOURCES)[number];

/** How a detection runs in AWS. */
export type DetectionKind = "metric-filter" | "contributor-insights" | "event-rule" | "stream";

/**
 * The alarm and the distinct count are the window engine's types: the engine evaluates what is
 * deployed (modules/engines/windows/types.ts).
 */
export type { AlarmSpec, DistinctCountDetector };

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
  /**
   * Where what it detects is documented: the Security Hub control and CIS benchmark it implements,
   * the AWS pages for the events it reads (URLs, at least one).
   */
  readonly references: readonly string[];
  /** What legitimately triggers it, one sentence each: what the person paged rules out first. */
  readonly falsePositives: readonly string[];
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

/**
 * A CloudWatch Logs transformer's one `grok` processor (docs/aws-facts.md i1–i3): it gives each
 * text line fields that a rule applied on transformed logs reads (i4). Deployed on the detection's
 * log group; replay runs the same match with the grok engine before evaluating the rule.
 */
export interface LogTransformer {
  /** The grok `match`, at most 512 characters, run on the whole line (`@message`). */
  readonly grok: string;
}

/** A Contributor Insights rule counting events per key, alarmed on `MaxContributorValue`. */
export interface ContributorInsightsDetection extends DetectionBase {
  readonly kind: "contributor-insights";
  /** For text logs: the transformer whose fields the rule reads (`ApplyOnTransformedLogs`). */
  readonly transformer?: LogTransformer;
  readonly rule: {
    /** JSON paths (`$.sourceIPAddress`), at most 4; each distinct combination is a contributor. */
    readonly keys: readonly string[];
    /** At most 4 filters, AND-ed. */
    readonly filters: readonly ContributorFilter[];
  };
  /** Alarm on INSIGHT_RULE_METRIC(rule, "MaxContributorValue"). */
  readonly alarm: AlarmSpec;
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
