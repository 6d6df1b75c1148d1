/** Test support: small hand-made detections, so that replay is tested apart from the catalog. */
import type { AlarmSpec, ContributorInsightsDetection, Detection, EventRuleDetection, MetricFilterDetection, StreamDetection } from "../../modules/catalog/detection";
import type { ReplayProfile } from "../../modules/deployment/profile";
import { DEFAULT_SCHEDULE } from "../../modules/deployment/profile";

const base = {
  title: "test",
  why: "test",
  runbook: "test",
  severity: "medium",
  controls: [],
  mitre: "T0000",
  references: ["https://example.com/test"],
  falsePositives: ["test"],
  examples: { match: [], miss: [] },
} as const;

export const minuteAlarm = (threshold: number, over: Partial<AlarmSpec> = {}): AlarmSpec => ({
  periodSeconds: 60,
  evaluationPeriods: 1,
  threshold,
  comparison: "GreaterThanOrEqualToThreshold",
  ...over,
});

export const unauthorized: MetricFilterDetection = {
  ...base,
  id: "unauthorized-api-calls",
  controls: ["CloudWatch.2"],
  source: "cloudtrail",
  kind: "metric-filter",
  pattern: '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}',
  alarm: minuteAlarm(5),
};

export const bruteForce: ContributorInsightsDetection = {
  ...base,
  id: "console-brute-force",
  source: "cloudtrail",
  kind: "contributor-insights",
  rule: {
    keys: ["$.sourceIPAddress"],
    filters: [
      { Match: "$.eventName", In: ["ConsoleLogin"] },
      { Match: "$.responseElements.ConsoleLogin", In: ["Failure"] },
    ],
  },
  alarm: minuteAlarm(3),
};

export const enumeration: StreamDetection = {
  ...base,
  id: "api-enumeration",
  source: "cloudtrail",
  kind: "stream",
  pattern: '{ ($.eventType = "AwsApiCall") && ($.userIdentity.arn = "arn:*") }',
  detector: { type: "distinct-count", keyFields: ["userIdentity.arn"], valueFields: ["eventSource", "eventName"], windowSeconds: 300, threshold: 3 },
};

export const offHours: StreamDetection = {
  ...base,
  id: "off-hours-console-login",
  source: "cloudtrail",
  kind: "stream",
  pattern: '{ ($.eventName = "ConsoleLogin") && ($.responseElements.ConsoleLogin = "Success") }',
  detector: { type: "off-hours" },
};

export const trailStopped: EventRuleDetection = {
  ...base,
  id: "security-service-disabled",
  source: "cloudtrail",
  kind: "event-rule",
  eventPattern: { "detail-type": ["AWS API Call via CloudTrail"], detail: { eventSource: ["cloudtrail.amazonaws.com"], eventName: ["StopLogging"] } },
};

export const sshFailed: MetricFilterDetection = {
  ...base,
  id: "ssh-failed-password",
  source: "ssh",
  kind: "metric-filter",
  pattern: '"sshd" "Failed password for" "ssh2"',
  alarm: minuteAlarm(3),
};

/** An ssh detection whose words also appear in CloudTrail records: it must still only see sshd lines. */
export const sshConsoleWords: MetricFilterDetection = {
  ...base,
  id: "ssh-console-words",
  source: "ssh",
  kind: "metric-filter",
  pattern: "ConsoleLogin",
  alarm: minuteAlarm(1),
};

export const profileOf = (...detections: Detection[]): ReplayProfile => ({ detections, schedule: DEFAULT_SCHEDULE });
