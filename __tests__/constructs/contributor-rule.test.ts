/** ContributorRule: the Contributor Insights rule `tripline-<id>` and its MaxContributorValue alarm. */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { CloudwatchContributorInsightRule } from "@cdktf/provider-aws/lib/cloudwatch-contributor-insight-rule";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { TerraformStack, Testing } from "cdktf";
import { consoleBruteForce } from "../../modules/catalog/cloudtrail/console-brute-force";
import { ContributorRule } from "../../modules/constructs/contributor-rule";
import type { TerraformJson } from "../support/synth";

const TOPIC = "arn:aws:sns:us-east-1:111111111111:tripline-alerts";

const stack = new TerraformStack(Testing.app(), "test");
const provider = new AwsProvider(stack, "aws", { region: "us-east-1" });
new ContributorRule(stack, consoleBruteForce.id, { provider, detection: consoleBruteForce, logGroupName: "tripline-trail", topicArn: TOPIC });
const json = Testing.synth(stack);
const tf = JSON.parse(json) as TerraformJson;

test("the rule is named by the id, enabled, and counts JSON events per key with the catalog's filters", () => {
  expect(json).toHaveResourceWithProperties(CloudwatchContributorInsightRule, { rule_name: "tripline-console-brute-force", rule_state: "ENABLED" });
  const [rule] = Object.values(tf.resource?.aws_cloudwatch_contributor_insight_rule ?? {});
  expect(JSON.parse(rule.rule_definition as string)).toEqual({
    Schema: { Name: "CloudWatchLogRule", Version: 1 },
    LogGroupNames: ["tripline-trail"],
    LogFormat: "JSON",
    Contribution: { Keys: ["$.sourceIPAddress"], Filters: consoleBruteForce.rule.filters },
    AggregateOn: "Count",
  });
});

test("the alarm watches the busiest contributor through metric math, per the catalog's period and threshold", () => {
  expect(json).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
    alarm_name: "tripline-console-brute-force",
    threshold: 5,
    evaluation_periods: 1,
    comparison_operator: "GreaterThanOrEqualToThreshold",
    treat_missing_data: "notBreaching",
    alarm_actions: [TOPIC],
    metric_query: [
      { id: "top", expression: "INSIGHT_RULE_METRIC('tripline-console-brute-force', 'MaxContributorValue')", label: "Busiest contributor of tripline-console-brute-force", period: 60, return_data: true },
    ],
  });
  const [alarm] = Object.values(tf.resource?.aws_cloudwatch_metric_alarm ?? {});
  // A metric-math alarm takes its period from the query; Terraform rejects both.
  expect(alarm.period).toBeUndefined();
  expect(alarm.metric_name).toBeUndefined();
});
