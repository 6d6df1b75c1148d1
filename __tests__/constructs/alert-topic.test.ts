/** AlertTopic: the alert and compliance topics, their key, policies, subscriptions and output. */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { TerraformStack, Testing } from "cdktf";
import { AlertTopic, alertKeyPolicy, complianceQueuePolicy, topicPolicy, type AlertTopicScope } from "../../modules/constructs/alert-topic";
import type { PolicyDocument } from "../../modules/constructs/policy-document";
import type { TerraformJson } from "../support/synth";

const SCOPE: AlertTopicScope = { partition: "aws", region: "eu-west-1", accountId: "111111111111", publisherRoleArns: ["arn:aws:iam::111111111111:role/tripline-stream-detector"] };
const stack = new TerraformStack(Testing.app(), "test");
const provider = new AwsProvider(stack, "aws", { region: "eu-west-1" });
new AlertTopic(stack, "topics", { ...SCOPE, provider, emails: ["secops@example.com", "oncall@example.com"] });
const json = Testing.synth(stack);
const tf = JSON.parse(json) as TerraformJson;
const resources = (type: string) => Object.values(tf.resource?.[type] ?? {});
const statement = (policy: PolicyDocument, sid: string) => policy.Statement.find((s) => s.Sid === sid);

test("both topics are encrypted with the customer managed key, which rotates", () => {
  const [key] = Object.keys(tf.resource?.aws_kms_key ?? {});
  for (const name of ["tripline-alerts", "tripline-compliance"]) {
    expect(json).toHaveResourceWithProperties(SnsTopic, { name, kms_master_key_id: `\${aws_kms_key.${key}.arn}` });
  }
  expect(resources("aws_kms_key")[0]).toMatchObject({ enable_key_rotation: true });
  expect(json).toHaveResourceWithProperties(KmsAlias, { name: "alias/tripline-alerts" });
});

test("CloudWatch may use the key, only for this account (with aws/sns, alarms fail silently)", () => {
  expect(statement(alertKeyPolicy(SCOPE), "CloudWatchAlarmsPublishToEncryptedTopics")).toEqual({
    Sid: "CloudWatchAlarmsPublishToEncryptedTopics",
    Effect: "Allow",
    Principal: { Service: "cloudwatch.amazonaws.com" },
    Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
    Resource: "*",
    Condition: { StringEquals: { "aws:SourceAccount": "111111111111" } },
  });
  expect(statement(alertKeyPolicy(SCOPE), "PublishersEncryptThroughSns")?.Condition).toEqual({
    StringEquals: { "kms:ViaService": "sns.eu-west-1.amazonaws.com", "kms:CallerAccount": "111111111111" },
    ArnEquals: { "aws:PrincipalArn": ["arn:aws:iam::111111111111:role/tripline-stream-detector"] },
  });
  expect(statement(alertKeyPolicy({ ...SCOPE, publisherRoleArns: [] }), "PublishersEncryptThroughSns")).toBeUndefined();
  // The deployed policy is the audited one.
  expect(JSON.parse(resources("aws_kms_key")[0].policy as string)).toEqual(alertKeyPolicy(SCOPE));
});

test("the alert topic admits this account's alarms and the detector role, over TLS only", () => {
  const policy = topicPolicy(SCOPE, "tripline-alerts", SCOPE.publisherRoleArns);
  expect(policy.Statement).toEqual([
    {
      Sid: "CloudWatchAlarmsOfThisAccountPublish",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: "sns:Publish",
      Resource: "arn:aws:sns:eu-west-1:111111111111:tripline-alerts",
      Condition: { StringEquals: { "aws:SourceAccount": "111111111111" }, ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:eu-west-1:111111111111:alarm:tripline-*" } },
    },
    {
      Sid: "DetectorRolePublishes",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::111111111111:root" },
      Action: "sns:Publish",
      Resource: "arn:aws:sns:eu-west-1:111111111111:tripline-alerts",
      Condition: { ArnEquals: { "aws:PrincipalArn": ["arn:aws:iam::111111111111:role/tripline-stream-detector"] } },
    },
    {
      Sid: "DenyWithoutTls",
      Effect: "Deny",
      Principal: "*",
      Action: "sns:*",
      Resource: "arn:aws:sns:eu-west-1:111111111111:tripline-alerts",
      Condition: { Bool: { "aws:SecureTransport": "false", "aws:PrincipalIsAWSService": "false" } },
    },
  ]);
  const deployed = resources("aws_sns_topic_policy").map((p) => JSON.parse(p.policy as string) as PolicyDocument);
  expect(deployed).toEqual([policy, topicPolicy(SCOPE, "tripline-compliance", [])]);
  expect(statement(deployed[1], "DetectorRolePublishes")).toBeUndefined();
});

test("the manifest's emails subscribe to the alert topic", () => {
  for (const endpoint of ["secops@example.com", "oncall@example.com"]) {
    expect(json).toHaveResourceWithProperties(SnsTopicSubscription, { protocol: "email", endpoint });
  }
  const emails = resources("aws_sns_topic_subscription").filter((s) => s.protocol === "email");
  expect(emails.every((s) => String(s.topic_arn).includes("_alerts_"))).toBe(true);
});

test("an encrypted queue subscribes to both topics, so each always has a subscriber (Security Hub c4)", () => {
  expect(json).toHaveResourceWithProperties(SqsQueue, { name: "tripline-compliance", message_retention_seconds: 1209600 });
  const toQueue = resources("aws_sns_topic_subscription").filter((s) => s.protocol === "sqs");
  expect(toQueue.map((s) => String(s.topic_arn).match(/_(alerts|compliance)_/)?.[1]).sort()).toEqual(["alerts", "compliance"]);
  expect(statement(complianceQueuePolicy(SCOPE), "TriplineTopicsDeliver")?.Condition).toEqual({
    ArnEquals: { "aws:SourceArn": ["arn:aws:sns:eu-west-1:111111111111:tripline-alerts", "arn:aws:sns:eu-west-1:111111111111:tripline-compliance"] },
  });
  expect(statement(alertKeyPolicy(SCOPE), "SnsDeliversToEncryptedQueue")?.Condition).toEqual(statement(complianceQueuePolicy(SCOPE), "TriplineTopicsDeliver")?.Condition);
  expect(statement(complianceQueuePolicy(SCOPE), "DenyWithoutTls")).toEqual({
    Sid: "DenyWithoutTls",
    Effect: "Deny",
    Principal: "*",
    Action: "sqs:*",
    Resource: "arn:aws:sqs:eu-west-1:111111111111:tripline-compliance",
    Condition: { Bool: { "aws:SecureTransport": "false", "aws:PrincipalIsAWSService": "false" } },
  });
});

test("the account's principals may decrypt through SQS in this Region only, so the compliance queue can be read", () => {
  expect(statement(alertKeyPolicy(SCOPE), "AccountReadsComplianceQueueThroughSqs")).toEqual({
    Sid: "AccountReadsComplianceQueueThroughSqs",
    Effect: "Allow",
    Principal: { AWS: "arn:aws:iam::111111111111:root" },
    Action: "kms:Decrypt",
    Resource: "*",
    Condition: { StringEquals: { "kms:ViaService": "sqs.eu-west-1.amazonaws.com", "kms:CallerAccount": "111111111111" } },
  });
  // Also without publishers, and without encrypting: reading needs Decrypt only.
  const withoutPublishers = alertKeyPolicy({ ...SCOPE, publisherRoleArns: [] });
  expect(statement(withoutPublishers, "AccountReadsComplianceQueueThroughSqs")?.Action).toBe("kms:Decrypt");
});

test("nobody outside the key's services decrypts: every Decrypt grant to the account names a service", () => {
  const toAccount = alertKeyPolicy(SCOPE).Statement.filter(
    (s) => typeof s.Principal === "object" && s.Principal.AWS !== undefined && [s.Action].flat().includes("kms:Decrypt"),
  );
  expect(toAccount.map((s) => s.Condition?.StringEquals?.["kms:ViaService"])).toEqual(["sns.eu-west-1.amazonaws.com", "sqs.eu-west-1.amazonaws.com"]);
});

test("the alert topic's ARN is an output, for the notifier", () => {
  const outputs = Object.values((tf as { output?: Record<string, { value: string }> }).output ?? {});
  expect(outputs).toEqual([expect.objectContaining({ value: expect.stringMatching(/^\$\{aws_sns_topic\.topics_alerts_[A-F0-9]+\.arn\}$/) })]);
});
