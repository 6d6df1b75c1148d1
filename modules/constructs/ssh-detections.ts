/**
 * The SSH detections on one account's SSH log group in one Region, from the deployment plan
 * (modules/deployment/plan.ts `sshDetections`: the catalog, the organization's and the account's
 * settings):
 * - a metric filter and an alarm per metric-filter detection (DetectionAlarm), on the raw lines;
 * - the log group's transformer: the one grok of the detections that read transformed events
 *   (docs/aws-facts.md i1–i3; a transformer holds one grok, i2);
 * - per such detection, its Contributor Insights rule on the transformed events and its alarm
 *   (TransformedContributorRule).
 * Every alarm notifies the topic it is given: the account's alert topic in that Region (an alarm
 * cannot notify another Region, docs/aws-facts.md c1).
 */
import { CloudwatchLogTransformer } from "@cdktf/provider-aws/lib/cloudwatch-log-transformer";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { SSH_LOG_GROUP_NAME } from "../deployment/names";
import type { DeployedDetection } from "../deployment/plan";
import { DetectionAlarm } from "./detection-alarm";
import { terraformLiteral } from "./terraform-literal";
import { TransformedContributorRule } from "./transformed-contributor-rule";

export interface SshDetectionsProps {
  readonly provider: AwsProvider;
  readonly deployed: readonly DeployedDetection[];
  readonly logGroupName: string;
  /** Without `:*`. */
  readonly logGroupArn: string;
  /** The log group resource: the transformer and the rules wait for it. */
  readonly logGroup: ITerraformDependable;
  readonly topicArn: string;
}

export class SshDetections extends Construct {
  readonly transformer?: CloudwatchLogTransformer;

  constructor(scope: Construct, id: string, props: SshDetectionsProps) {
    super(scope, id);
    const { provider, deployed, logGroupName, topicArn } = props;
    const transformed = deployed.flatMap((d) =>
      d.detection.kind === "contributor-insights" && d.detection.transformer !== undefined ? [d.detection] : [],
    );
    const groks = [...new Set(transformed.map((d) => d.transformer?.grok))];
    if (groks.length > 1) throw new Error(`a log group has one transformer with one grok (docs/aws-facts.md i2); ${transformed.map((d) => d.id).join(", ")} need ${groks.length}`);
    if (groks[0] !== undefined) {
      this.transformer = new CloudwatchLogTransformer(this, "transformer", {
        provider,
        logGroupArn: props.logGroupArn,
        transformerConfig: [{ grok: [{ match: terraformLiteral(groks[0]), source: "@message" }] }],
        dependsOn: [props.logGroup],
      });
    }
    for (const d of deployed) {
      const detection = d.detection;
      if (detection.kind === "metric-filter") {
        new DetectionAlarm(this, detection.id, { provider, detection, namespace: d.namespace, logGroupName, topicArn });
      } else if (detection.kind === "contributor-insights" && detection.transformer !== undefined && this.transformer !== undefined) {
        // The rule's body is a CloudFormation template, written as a literal: the group's name, not a reference to it.
        new TransformedContributorRule(this, detection.id, { provider, detection, logGroupName: SSH_LOG_GROUP_NAME, topicArn, dependsOn: [props.logGroup, this.transformer] });
      } else {
        throw new Error(`${detection.id} (${detection.kind}) cannot run on the SSH log group: only metric filters and transformed Contributor Insights rules do`);
      }
    }
  }
}
