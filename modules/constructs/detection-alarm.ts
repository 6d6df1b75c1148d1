/**
 * A metric-filter detection as deployed: the filter `tripline-<id>` on the log group, counting 1
 * per matching event into metric `<id>` (default 0, so quiet periods are zeros, not missing data),
 * and the alarm `tripline-<id>` on it (docs/design.md contract 8).
 */
import { detectionResourceName } from "../deployment/names";
import { CloudwatchLogMetricFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-metric-filter";
import { CloudwatchMetricAlarm, type CloudwatchMetricAlarmConfig } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";
import type { AlarmSpec, Detection, MetricFilterDetection } from "../catalog/detection";

export interface DetectionAlarmProps {
  readonly provider: AwsProvider;
  readonly detection: MetricFilterDetection;
  readonly namespace: string;
  readonly logGroupName: string;
  /** The topic its alarm notifies. */
  readonly topicArn: string;
}

export class DetectionAlarm extends Construct {
  readonly filter: CloudwatchLogMetricFilter;
  readonly alarm: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: DetectionAlarmProps) {
    super(scope, id);
    const { provider, detection, namespace, logGroupName, topicArn } = props;
    this.filter = new CloudwatchLogMetricFilter(this, "filter", {
      provider,
      name: detectionResourceName(detection.id),
      logGroupName,
      pattern: detection.pattern,
      metricTransformation: { name: detection.id, namespace, value: "1", defaultValue: "0", unit: "Count" },
    });
    this.alarm = new CloudwatchMetricAlarm(this, "alarm", { provider, ...alarmFor(detection, namespace, topicArn), dependsOn: [this.filter] });
  }
}

/** The alarm's description: what it means and what to do, within CloudWatch's 1,024 characters. */
export const alarmDescription = (d: Detection): string =>
  `${d.title} (${d.severity}${d.controls.length > 0 ? `; ${d.controls.join(", ")}` : ""}). ${d.why} First: ${d.runbook}`.slice(0, 1024);

/** Threshold and comparison as CloudWatch takes them (the period goes on the metric or its query). */
export const alarmThresholds = (alarm: AlarmSpec) => ({
  evaluationPeriods: alarm.evaluationPeriods,
  datapointsToAlarm: alarm.evaluationPeriods,
  threshold: alarm.threshold,
  comparisonOperator: alarm.comparison,
});

/** The alarm on a detection's metric: Sum per period, missing data not breaching. */
export function alarmFor(d: MetricFilterDetection, namespace: string, topicArn: string): CloudwatchMetricAlarmConfig {
  return {
    alarmName: detectionResourceName(d.id),
    alarmDescription: alarmDescription(d),
    namespace,
    metricName: d.id,
    statistic: "Sum",
    period: d.alarm.periodSeconds,
    ...alarmThresholds(d.alarm),
    treatMissingData: "notBreaching",
    actionsEnabled: true,
    alarmActions: [topicArn],
  };
}
