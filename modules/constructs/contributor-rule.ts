/**
 * A Contributor Insights detection as deployed: the rule `tripline-<id>` counting events per key
 * on the log group, and the alarm `tripline-<id>` on its busiest contributor per period,
 * `INSIGHT_RULE_METRIC('tripline-<id>', 'MaxContributorValue')` (docs/aws-facts.md d4, d5). The alarm
 * cannot say which contributor it was; the notifier asks GetInsightRuleReport.
 */
import { detectionResourceName } from "../deployment/names";
import { CloudwatchContributorInsightRule } from "@cdktf/provider-aws/lib/cloudwatch-contributor-insight-rule";
import { CloudwatchMetricAlarm, type CloudwatchMetricAlarmConfig } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";
import type { ContributorInsightsDetection } from "../catalog/detection";
import { alarmDescription, alarmThresholds } from "./detection-alarm";

export interface ContributorRuleProps {
  readonly provider: AwsProvider;
  readonly detection: ContributorInsightsDetection;
  readonly logGroupName: string;
  readonly topicArn: string;
}

export class ContributorRule extends Construct {
  readonly rule: CloudwatchContributorInsightRule;
  readonly alarm: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: ContributorRuleProps) {
    super(scope, id);
    const { provider, detection, logGroupName, topicArn } = props;
    this.rule = new CloudwatchContributorInsightRule(this, "rule", {
      provider,
      ruleName: detectionResourceName(detection.id),
      ruleState: "ENABLED",
      ruleDefinition: JSON.stringify(contributorRuleBody(detection, logGroupName)),
    });
    this.alarm = new CloudwatchMetricAlarm(this, "alarm", { provider, ...contributorAlarmFor(detection, topicArn), dependsOn: [this.rule] });
  }
}

/** The rule body (ContributorInsights-RuleSyntax.html, docs/aws-facts.md d1): JSON logs, counted per key. */
export function contributorRuleBody(d: ContributorInsightsDetection, logGroupName: string) {
  return {
    Schema: { Name: "CloudWatchLogRule", Version: 1 },
    LogGroupNames: [logGroupName],
    LogFormat: "JSON",
    Contribution: { Keys: [...d.rule.keys], Filters: d.rule.filters.map((f) => ({ ...f })) },
    AggregateOn: "Count",
  };
}

/** The metric-math expression of the alarm; both arguments quoted, as CloudWatch requires. */
export const maxContributorExpression = (d: Pick<ContributorInsightsDetection, "id">): string =>
  `INSIGHT_RULE_METRIC('${detectionResourceName(d.id)}', 'MaxContributorValue')`;

export function contributorAlarmFor(d: ContributorInsightsDetection, topicArn: string): CloudwatchMetricAlarmConfig {
  return {
    alarmName: detectionResourceName(d.id),
    alarmDescription: alarmDescription(d),
    ...alarmThresholds(d.alarm),
    treatMissingData: "notBreaching",
    actionsEnabled: true,
    alarmActions: [topicArn],
    metricQuery: [{ id: "top", expression: maxContributorExpression(d), label: `Busiest contributor of ${detectionResourceName(d.id)}`, period: d.alarm.periodSeconds, returnData: true }],
  };
}
