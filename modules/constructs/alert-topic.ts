/**
 * Where the trail's alarms notify, in the trail owner's account and home Region (an alarm cannot
 * notify another Region, docs/aws-facts.md c1):
 * - `tripline-alerts`: the alert topic. Alarms of what people act on, the stream detector's
 *   messages, the manifest's email subscriptions; the notifier of a later issue subscribes here.
 * - `tripline-compliance`: alarms that exist for Security Hub's sake (the exact half of a tuned
 *   twin, docs/exceptions.md) and records of the stream detector's alarms. Nobody is paged.
 * - the queue `tripline-compliance` subscribes to both topics: every notification is kept 14
 *   days, and each topic always has a subscriber (Security Hub's CloudWatch.x want one, c4).
 * Both topics are encrypted with a customer managed key that CloudWatch may use: with the
 * AWS-managed `aws/sns` key alarms fail silently (c3).
 */
import type { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { ALERT_KEY_ALIAS, ALERT_TOPIC_NAME, COMPLIANCE_QUEUE_NAME, COMPLIANCE_TOPIC_NAME, accountRoot, queueArn, type AccountRegion, topicArn, triplineAlarmArns } from "../deployment/names";
import { createKeyWithAlias } from "./key-with-alias";
import { dnsSuffix, keyAdministration, policyDocument, renderPolicy, type PolicyDocument, type PolicyStatement } from "./policy-document";

/** SQS's longest retention, for every queue tripline keeps records in. */
export const FOURTEEN_DAYS_SECONDS = 1_209_600;

/** Where the topics live, and who besides CloudWatch publishes. */
export interface AlertTopicScope extends AccountRegion {
  /** Roles of this account that publish to the alert topic (the stream detector's). */
  readonly publisherRoleArns: readonly string[];
}

export interface AlertTopicProps extends AlertTopicScope {
  readonly provider: AwsProvider;
  /** The manifest's `notifications.email`. */
  readonly emails: readonly string[];
}


export class AlertTopic extends Construct {
  readonly alertTopic: SnsTopic;
  readonly complianceTopic: SnsTopic;
  readonly complianceQueue: SqsQueue;
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: AlertTopicProps) {
    super(scope, id);
    const { provider } = props;
    this.key = createKeyWithAlias(this, {
      provider,
      description: "tripline: encrypts the alert and compliance topics and the compliance queue",
      policy: alertKeyPolicy(props),
      alias: ALERT_KEY_ALIAS,
      aliasId: "key-alias",
    }).key;

    this.alertTopic = new SnsTopic(this, "alerts", { provider, name: ALERT_TOPIC_NAME, displayName: "tripline alerts", kmsMasterKeyId: this.key.arn });
    new SnsTopicPolicy(this, "alerts-policy", { provider, arn: this.alertTopic.arn, policy: renderPolicy(topicPolicy(props, ALERT_TOPIC_NAME, props.publisherRoleArns)) });
    this.complianceTopic = new SnsTopic(this, "compliance", { provider, name: COMPLIANCE_TOPIC_NAME, displayName: "tripline compliance record", kmsMasterKeyId: this.key.arn });
    new SnsTopicPolicy(this, "compliance-policy", { provider, arn: this.complianceTopic.arn, policy: renderPolicy(topicPolicy(props, COMPLIANCE_TOPIC_NAME, [])) });

    this.complianceQueue = new SqsQueue(this, "compliance-queue", {
      provider,
      name: COMPLIANCE_QUEUE_NAME,
      kmsMasterKeyId: this.key.arn,
      messageRetentionSeconds: FOURTEEN_DAYS_SECONDS,
    });
    new SqsQueuePolicy(this, "compliance-queue-policy", { provider, queueUrl: this.complianceQueue.url, policy: renderPolicy(complianceQueuePolicy(props)) });
    for (const [name, topic] of [["alerts", this.alertTopic], ["compliance", this.complianceTopic]] as const) {
      new SnsTopicSubscription(this, `${name}-to-queue`, {
        provider,
        topicArn: topic.arn,
        protocol: "sqs",
        endpoint: this.complianceQueue.arn,
        rawMessageDelivery: false,
        dependsOn: [this.complianceQueue],
      });
    }
    props.emails.forEach((email, index) => {
      new SnsTopicSubscription(this, `email-${index}`, { provider, topicArn: this.alertTopic.arn, protocol: "email", endpoint: email });
    });
    new TerraformOutput(this, "alert-topic-arn", { value: this.alertTopic.arn, description: "The alert topic: subscribe the notifier here" });
  }
}

/**
 * The key's policy: administration by the owning account; use by CloudWatch (alarm actions on an
 * encrypted topic, c3) and by SNS delivering to the encrypted queue, each limited to this account
 * and these topics; use through SNS by the roles that publish; decryption through SQS by the
 * account's principals, so that whoever IAM allows `sqs:ReceiveMessage` can read the compliance
 * queue.
 */
export function alertKeyPolicy(s: AlertTopicScope): PolicyDocument {
  const topics = [topicArn(s, ALERT_TOPIC_NAME), topicArn(s, COMPLIANCE_TOPIC_NAME)];
  return policyDocument(
    keyAdministration(s.partition, s.accountId),
    {
      Sid: "CloudWatchAlarmsPublishToEncryptedTopics",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceAccount": s.accountId } },
    },
    {
      Sid: "SnsDeliversToEncryptedQueue",
      Effect: "Allow",
      Principal: { Service: "sns.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
      Condition: { ArnEquals: { "aws:SourceArn": topics } },
    },
    s.publisherRoleArns.length > 0 && publishersThroughSns(s),
    {
      // ReceiveMessage on an SSE-KMS queue makes SQS call Decrypt for the caller; without this
      // the queue's records are unreadable. Only through SQS in this Region, only for callers of
      // this account; which of them may receive is left to IAM (sqs:ReceiveMessage).
      // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html
      Sid: "AccountReadsComplianceQueueThroughSqs",
      Effect: "Allow",
      Principal: { AWS: accountRoot(s.partition, s.accountId) },
      Action: "kms:Decrypt",
      Resource: "*",
      Condition: { StringEquals: { "kms:ViaService": `sqs.${s.region}.${dnsSuffix(s.partition)}`, "kms:CallerAccount": s.accountId } },
    },
  );
}

/**
 * Publishers use the key through SNS only. Named by condition, not as principals: a key policy
 * naming a role that does not exist yet is rejected, and the role is created after the key.
 */
const publishersThroughSns = (s: AlertTopicScope): PolicyStatement => ({
  Sid: "PublishersEncryptThroughSns",
  Effect: "Allow",
  Principal: { AWS: accountRoot(s.partition, s.accountId) },
  Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
  Resource: "*",
  Condition: {
    StringEquals: { "kms:ViaService": `sns.${s.region}.${dnsSuffix(s.partition)}`, "kms:CallerAccount": s.accountId },
    ArnEquals: { "aws:PrincipalArn": [...s.publisherRoleArns] },
  },
});

/** A topic's policy: CloudWatch alarms of this account, the listed roles, TLS only. */
export function topicPolicy(s: AlertTopicScope, name: string, publisherRoleArns: readonly string[]): PolicyDocument {
  const arn = topicArn(s, name);
  return policyDocument(
    {
      Sid: "CloudWatchAlarmsOfThisAccountPublish",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: "sns:Publish",
      Resource: arn,
      Condition: { StringEquals: { "aws:SourceAccount": s.accountId }, ArnLike: { "aws:SourceArn": triplineAlarmArns(s) } },
    },
    publisherRoleArns.length > 0 && {
      Sid: "DetectorRolePublishes",
      Effect: "Allow",
      Principal: { AWS: accountRoot(s.partition, s.accountId) },
      Action: "sns:Publish",
      Resource: arn,
      Condition: { ArnEquals: { "aws:PrincipalArn": [...publisherRoleArns] } },
    },
    {
      // SNS's "enforce encryption of data in transit"; AWS services' own calls (CloudWatch
      // delivering alarms) are left out, so an alarm can never be refused on this account.
      Sid: "DenyPublishWithoutTls",
      Effect: "Deny",
      Principal: "*",
      Action: "sns:Publish",
      Resource: arn,
      Condition: { Bool: { "aws:SecureTransport": "false", "aws:PrincipalIsAWSService": "false" } },
    },
  );
}

/** Only the two topics deliver to the compliance queue. */
export function complianceQueuePolicy(s: AlertTopicScope): PolicyDocument {
  return policyDocument({
    Sid: "TriplineTopicsDeliver",
    Effect: "Allow",
    Principal: { Service: "sns.amazonaws.com" },
    Action: "sqs:SendMessage",
    Resource: queueArn(s, COMPLIANCE_QUEUE_NAME),
    Condition: { ArnEquals: { "aws:SourceArn": [topicArn(s, ALERT_TOPIC_NAME), topicArn(s, COMPLIANCE_TOPIC_NAME)] } },
  });
}
