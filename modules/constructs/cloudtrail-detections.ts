/**
 * Every CloudTrail detection that runs on the organization trail's log group, built from the
 * catalog alone through the deployment plan (modules/deployment/plan.ts), in the account and
 * Region that own that log group (the management account or the CloudTrail delegated
 * administrator, home Region: docs/aws-facts.md a1, a6), beside the topics its alarms notify (an alarm
 * cannot notify another Region, c1):
 * - a metric filter and an alarm per metric-filter detection, twins included (DetectionAlarm);
 * - a Contributor Insights rule and its alarm per per-key detection (ContributorRule);
 * - one stream detector for the stream detections (StreamDetector);
 * - the alert and compliance topics (AlertTopic).
 * The trail owner's stack (modules/stacks/account-stack.ts) creates the trail and passes its log
 * group; this construct decides nothing else.
 */
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";
import type { Detection } from "../catalog/detection";
import { trailDetections, type DeployedDetection } from "../deployment/plan";
import type { AccountModel, OrganizationModel } from "../manifest/model";
import { AlertTopic, type AlertTopicScope } from "./alert-topic";
import { ContributorRule } from "./contributor-rule";
import { DetectionAlarm } from "./detection-alarm";
import { streamDetectorRoleArn } from "../deployment/names";
import { StreamDetector } from "./stream-detector";
import { assertNever } from "../assert-never";

export interface CloudTrailDetectionsProps {
  readonly organization: OrganizationModel;
  /** The account that owns the trail's log group (`organization.trailOwner`). */
  readonly account: AccountModel;
  /** The provider of that account's home Region. */
  readonly provider: AwsProvider;
  readonly logGroupName: string;
  /** The log group's ARN, without the `:*` suffix. */
  readonly logGroupArn: string;
  /** For tests: the catalog to deploy (default: tripline's). */
  readonly catalog?: readonly Detection[];
}

export class CloudTrailDetections extends Construct {
  readonly topics: AlertTopic;
  /** What was deployed, in catalog order, twins included. */
  readonly deployed: readonly DeployedDetection[];
  readonly streamDetector?: StreamDetector;

  constructor(scope: Construct, id: string, props: CloudTrailDetectionsProps) {
    super(scope, id);
    const { organization, account, provider, logGroupName, logGroupArn } = props;
    if (account.id !== organization.trailOwner.id) {
      throw new Error(`CloudTrailDetections belongs in the trail owner's stack (${organization.trailOwner.name}), not ${account.name}'s`);
    }
    this.deployed = trailDetections(organization, props.catalog);
    const streams = this.deployed.flatMap((d) => (d.detection.kind === "stream" ? [d.detection] : []));
    const topicScope: AlertTopicScope = {
      partition: organization.partition,
      region: organization.homeRegion,
      accountId: account.id,
      publisherRoleArns: streams.length > 0 ? [streamDetectorRoleArn({ partition: organization.partition, region: organization.homeRegion, accountId: account.id })] : [],
    };
    this.topics = new AlertTopic(this, "topics", { ...topicScope, provider, emails: organization.notifications.email ?? [] });
    const topicFor = (d: DeployedDetection): string => (d.notify === "compliance" ? this.topics.complianceTopic.arn : this.topics.alertTopic.arn);

    for (const d of this.deployed) {
      const detection = d.detection;
      switch (detection.kind) {
        case "metric-filter":
          new DetectionAlarm(this, detection.id, { provider, detection, namespace: d.namespace, logGroupName, topicArn: topicFor(d) });
          break;
        case "contributor-insights":
          new ContributorRule(this, detection.id, { provider, detection, logGroupName, topicArn: topicFor(d) });
          break;
        case "stream": // one StreamDetector serves them all, below
        case "event-rule": // never on the trail's log group (runsOnTrailLogGroup)
          break;
        default:
          assertNever(detection, "detection kind");
      }
    }
    if (streams.length > 0) {
      this.streamDetector = new StreamDetector(this, "stream-detector", {
        provider,
        partition: organization.partition,
        region: organization.homeRegion,
        accountId: account.id,
        detections: streams,
        namespace: this.deployed.find((d) => d.detection.kind === "stream")?.namespace ?? organization.detections.namespace,
        schedule: organization.detections.schedule,
        logGroupName,
        logGroupArn,
        alertTopicArn: this.topics.alertTopic.arn,
        alertKeyArn: this.topics.key.arn,
        recordTopicArn: this.topics.complianceTopic.arn,
        operationsTopicArn: this.topics.alertTopic.arn,
      });
    }
  }

  /** The alert topic's ARN, for the notifier of a later issue. */
  get alertTopicArn(): string {
    return this.topics.alertTopic.arn;
  }
}
