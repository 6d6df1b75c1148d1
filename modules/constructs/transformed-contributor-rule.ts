/**
 * A Contributor Insights detection on a log group's transformed events: the rule
 * `tripline-<id>` with `ApplyOnTransformedLogs` (docs/aws-facts.md i4), and its alarm on the
 * busiest contributor, as ContributorRule builds it.
 *
 * Escape hatch (docs/aws-facts.md d8, j): `aws_cloudwatch_contributor_insight_rule` in AWS provider
 * 6.25, the last one @cdktf/provider-aws binds, has no `apply_on_transformed_logs`, and an
 * `addOverride` would write an argument that provider rejects. CloudFormation's
 * `AWS::CloudWatch::InsightRule` has `ApplyOnTransformedLogs`, so the rule is a one-resource
 * CloudFormation stack, named like the rule, that Terraform creates, updates and deletes. When the
 * provider gains the argument, this construct becomes ContributorRule with one more field.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudwatch-insightrule.html
 */
import { CloudformationStack } from "@cdktf/provider-aws/lib/cloudformation-stack";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { ContributorInsightsDetection } from "../catalog/detection";
import { detectionResourceName } from "../deployment/names";
import { contributorAlarmFor, contributorRuleBody } from "./contributor-rule";
import { terraformLiteral } from "./terraform-literal";

export interface TransformedContributorRuleProps {
  readonly provider: AwsProvider;
  readonly detection: ContributorInsightsDetection;
  readonly logGroupName: string;
  readonly topicArn: string;
  /** The log group and its transformer: the rule reads what the transformer writes. */
  readonly dependsOn: readonly ITerraformDependable[];
}

export class TransformedContributorRule extends Construct {
  readonly stack: CloudformationStack;
  readonly alarm: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: TransformedContributorRuleProps) {
    super(scope, id);
    const { provider, detection, logGroupName, topicArn } = props;
    this.stack = new CloudformationStack(this, "rule", {
      provider,
      name: detectionResourceName(detection.id),
      templateBody: terraformLiteral(JSON.stringify(transformedRuleTemplate(detection, logGroupName))),
      onFailure: "ROLLBACK",
      dependsOn: [...props.dependsOn],
    });
    this.alarm = new CloudwatchMetricAlarm(this, "alarm", { provider, ...contributorAlarmFor(detection, topicArn), dependsOn: [this.stack] });
  }
}

/** The CloudFormation template: one InsightRule, evaluated on transformed events. */
export function transformedRuleTemplate(d: ContributorInsightsDetection, logGroupName: string) {
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: `tripline: the Contributor Insights rule of ${d.id}, on transformed log events`,
    Resources: {
      Rule: {
        Type: "AWS::CloudWatch::InsightRule",
        Properties: {
          RuleName: detectionResourceName(d.id),
          RuleState: "ENABLED",
          ApplyOnTransformedLogs: true,
          RuleBody: JSON.stringify(contributorRuleBody(d, logGroupName)),
        },
      },
    },
  };
}
