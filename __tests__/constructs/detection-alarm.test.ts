/** DetectionAlarm: the metric filter `tripline-<id>` and its alarm, as synthesized. */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { CloudwatchLogMetricFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-metric-filter";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { TerraformStack, Testing } from "cdktf";
import { rootAccountUsage } from "../../modules/catalog/cloudtrail/root-account-usage";
import { alarmDescription, alarmFor, DetectionAlarm } from "../../modules/constructs/detection-alarm";

const TOPIC = "arn:aws:sns:us-east-1:111111111111:tripline-alerts";

function synth(detection = rootAccountUsage, namespace = "tripline"): string {
  const stack = new TerraformStack(Testing.app(), "test");
  const provider = new AwsProvider(stack, "aws", { region: "us-east-1" });
  new DetectionAlarm(stack, detection.id, { provider, detection, namespace, logGroupName: "tripline-trail", topicArn: TOPIC });
  return Testing.synth(stack);
}

test("the metric filter is named by the id, carries the pattern and counts 1 per match with a default of 0", () => {
  expect(synth()).toHaveResourceWithProperties(CloudwatchLogMetricFilter, {
    name: "tripline-root-account-usage",
    log_group_name: "tripline-trail",
    pattern: rootAccountUsage.pattern,
    metric_transformation: { name: "root-account-usage", namespace: "tripline", value: "1", default_value: "0", unit: "Count" },
  });
});

test("the alarm is named by the id, sums the metric per period and notifies the topic; missing data does not breach", () => {
  expect(synth(rootAccountUsage, "Security/tripline")).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
    alarm_name: "tripline-root-account-usage",
    namespace: "Security/tripline",
    metric_name: "root-account-usage",
    statistic: "Sum",
    period: 300,
    evaluation_periods: 1,
    datapoints_to_alarm: 1,
    threshold: 1,
    comparison_operator: "GreaterThanOrEqualToThreshold",
    treat_missing_data: "notBreaching",
    actions_enabled: true,
    alarm_actions: [TOPIC],
  });
});

test("settings change the alarm, not the filter", () => {
  const tuned = { ...rootAccountUsage, alarm: { ...rootAccountUsage.alarm, threshold: 3, periodSeconds: 60, evaluationPeriods: 2 } };
  expect(alarmFor(tuned, "tripline", TOPIC)).toMatchObject({ threshold: 3, period: 60, evaluationPeriods: 2, datapointsToAlarm: 2 });
});

test("the description says what it is, why it matters and what to do, within 1,024 characters", () => {
  const text = alarmDescription(rootAccountUsage);
  expect(text).toContain("The root user was used (high; CloudWatch.1, CIS-4.3).");
  expect(text).toContain(`First: ${rootAccountUsage.runbook}`);
  expect(alarmDescription({ ...rootAccountUsage, why: "x".repeat(2000) }).length).toBe(1024);
});
