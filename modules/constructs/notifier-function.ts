/**
 * The notifier, in the security account and home Region: a rule on the central bus
 * (`tripline-security-events`) sends forwarded CloudTrail tamper and sign-in events, `tripline-*`
 * alarms going to ALARM and the stream detector's alerts to the function `tripline-notifier`,
 * which renders one message (functions/notifier) and delivers it to the manifest's channels.
 *
 * bus rule → target (retries 1 h, then the dead-letter queue) → function (reserved concurrency,
 * X-Ray, JSON logs, env encrypted with the notifier key) → email topic / Slack / Teams / webhooks;
 * what cannot be delivered → dead-letter queue `tripline-notifier-dlq` (encrypted), whose depth
 * alarm pages the email topic. Idempotency claims live in the table `tripline-notifier`.
 * The bus itself is another construct's: this one takes its name and ARN.
 */
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { AssetType, TerraformAsset } from "cdktf";
import { Construct } from "constructs";
import { sendAsyncFailuresTo } from "./async-failures";
import {
  accountRoot,
  arnIn,
  kmsKeysIn,
  NOTIFIER_DLQ_NAME,
  NOTIFIER_KEY_ALIAS,
  NOTIFIER_LOG_GROUP,
  NOTIFIER_NAME,
  NOTIFIER_TOPIC_NAME,
  notifierRuleArn,
  roleArn,
  type AccountRegion,
} from "../deployment/names";
import { BUNDLE_HANDLER, writeFunctionPackage } from "../../functions/bundle";
import { packageNotifier } from "../../functions/notifier/bundle";
import { CLAIM_TABLE_KEY, CLAIM_TTL_ATTRIBUTE } from "../../functions/notifier/claims";
import type { NotifierConfig, SecretReference } from "../../functions/notifier/config";
import { FOURTEEN_DAYS_SECONDS } from "./alert-topic";
import { createKeyWithAlias } from "./key-with-alias";
import { denyWithoutTls, dnsSuffix, keyAdministration, policyDocument, renderPolicy, type PolicyDocument, type PolicyStatement } from "./policy-document";
import { streamDetectorTrustPolicy } from "./stream-detector";
const LOG_RETENTION_DAYS = 90;
/** A burst of alerts queues at Lambda rather than fanning out past Slack's 1 message/s (docs/aws-facts.md p4). */
export const NOTIFIER_RESERVED_CONCURRENCY = 5;
/** Alerts older than an hour are history (docs/aws-facts.md m6: the default would retry for 24 h). */
export const TARGET_MAX_EVENT_AGE_SECONDS = 3600;
export const TARGET_MAX_RETRY_ATTEMPTS = 185;

/**
 * What the rule on the central bus sends to the notifier: forwarded CloudTrail API calls and
 * sign-ins (docs/aws-facts.md m3), tripline alarms entering ALARM (l8), the stream detector's alerts.
 */
export const NOTIFIER_EVENT_PATTERN = {
  $or: [
    { "detail-type": ["AWS API Call via CloudTrail", "AWS Console Sign In via CloudTrail"] },
    { source: ["aws.cloudwatch"], "detail-type": ["CloudWatch Alarm State Change"], detail: { alarmName: [{ prefix: "tripline-" }], state: { value: ["ALARM"] } } },
    { source: ["tripline.stream-detector"] },
  ],
} as const;

/** The security account (standalone: the one account) and the home Region. */
export type NotifierScope = AccountRegion;

export interface NotifierFunctionProps extends NotifierScope {
  readonly provider: AwsProvider;
  /** The central bus (another construct's): its name for the rule, its ARN for the rule's ARN. */
  readonly busName: string;
  readonly busArn: string;
  /** What the function is told (modules/deployment/notifier-config.ts). */
  readonly config: NotifierConfig;
  /** The manifest's `notifications.email`, subscribed to the email topic. */
  readonly emails: readonly string[];
}


export class NotifierFunction extends Construct {
  readonly function: LambdaFunction;
  readonly deadLetters: SqsQueue;
  readonly table: DynamodbTable;
  readonly topic: SnsTopic;
  readonly rule: CloudwatchEventRule;
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: NotifierFunctionProps) {
    super(scope, id);
    const { provider } = props;
    // A rule lives on a bus of its own account and Region: the bus the props name must be here.
    if (!props.busArn.startsWith(arnIn(props, "events", `event-bus/${props.busName}`))) {
      throw new Error(`NotifierFunction: bus ${props.busArn} is not the bus ${props.busName} of account ${props.accountId} in ${props.region}`);
    }
    this.key = createKeyWithAlias(this, {
      provider,
      description: "tripline: encrypts the notifier's environment, table, dead-letter queue, email topic and logs",
      policy: notifierKeyPolicy(props),
      alias: NOTIFIER_KEY_ALIAS,
      aliasId: "key-alias",
    }).key;
    const key = this.key;

    this.deadLetters = new SqsQueue(this, "dead-letters", { provider, name: NOTIFIER_DLQ_NAME, kmsMasterKeyId: key.arn, messageRetentionSeconds: FOURTEEN_DAYS_SECONDS });
    new SqsQueuePolicy(this, "dead-letters-policy", { provider, queueUrl: this.deadLetters.url, policy: renderPolicy(notifierQueuePolicy(props)) });
    this.table = new DynamodbTable(this, "table", {
      provider,
      name: NOTIFIER_NAME,
      billingMode: "PAY_PER_REQUEST",
      hashKey: CLAIM_TABLE_KEY,
      attribute: [{ name: CLAIM_TABLE_KEY, type: "S" }],
      ttl: { attributeName: CLAIM_TTL_ATTRIBUTE, enabled: true },
      serverSideEncryption: { enabled: true, kmsKeyArn: key.arn },
      pointInTimeRecovery: { enabled: true },
    });
    this.topic = new SnsTopic(this, "email-topic", { provider, name: NOTIFIER_TOPIC_NAME, displayName: "tripline", kmsMasterKeyId: key.arn });
    new SnsTopicPolicy(this, "email-topic-policy", { provider, arn: this.topic.arn, policy: renderPolicy(notifierTopicPolicy(props)) });
    props.emails.forEach((email, index) => new SnsTopicSubscription(this, `email-${index}`, { provider, topicArn: this.topic.arn, protocol: "email", endpoint: email }));
    const logGroup = new CloudwatchLogGroup(this, "log-group", { provider, name: NOTIFIER_LOG_GROUP, retentionInDays: LOG_RETENTION_DAYS, kmsKeyId: key.arn });

    const role = new IamRole(this, "role", {
      provider,
      name: NOTIFIER_NAME,
      description: "tripline: the notifier function",
      // The same guard as the stream detector's: Lambda assumes it only when acting for this account.
      assumeRolePolicy: renderPolicy(streamDetectorTrustPolicy(props)),
    });
    const rolePolicy = new IamRolePolicy(this, "role-policy", { provider, name: NOTIFIER_NAME, role: role.name, policy: renderPolicy(notifierRolePolicy(props, key.arn)) });

    const pkg = packageNotifier(props.config);
    const asset = new TerraformAsset(this, "package", { path: writeFunctionPackage(pkg), type: AssetType.FILE });
    this.function = new LambdaFunction(this, "function", {
      provider,
      functionName: NOTIFIER_NAME,
      description: "tripline: renders alerts and delivers them to email, Slack, Teams and webhooks",
      role: role.arn,
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: BUNDLE_HANDLER,
      filename: asset.path,
      sourceCodeHash: pkg.sha256,
      memorySize: 256,
      timeout: 60,
      reservedConcurrentExecutions: NOTIFIER_RESERVED_CONCURRENCY,
      tracingConfig: { mode: "Active" },
      kmsKeyArn: key.arn,
      environment: { variables: { TABLE_NAME: NOTIFIER_NAME, DEAD_LETTER_QUEUE_URL: this.deadLetters.url, POWERTOOLS_SERVICE_NAME: NOTIFIER_NAME } },
      loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
      dependsOn: [logGroup, rolePolicy],
    });
    // EventBridge invokes asynchronously: after Lambda's two retries a failed invocation (the
    // dead-letter queue itself unreachable) lands in the same queue, with its payload.
    sendAsyncFailuresTo(this, provider, this.function, this.deadLetters.arn);

    this.rule = new CloudwatchEventRule(this, "rule", {
      provider,
      name: NOTIFIER_NAME,
      description: "tripline: alerts on the security bus to the notifier",
      eventBusName: props.busName,
      eventPattern: JSON.stringify(NOTIFIER_EVENT_PATTERN),
    });
    new LambdaPermission(this, "invoke-from-bus", {
      provider,
      statementId: "SecurityBusRuleInvokes",
      action: "lambda:InvokeFunction",
      functionName: this.function.functionName,
      principal: "events.amazonaws.com",
      sourceArn: this.rule.arn,
    });
    new CloudwatchEventTarget(this, "target", {
      provider,
      rule: this.rule.name,
      eventBusName: props.busName,
      targetId: NOTIFIER_NAME,
      arn: this.function.arn,
      retryPolicy: { maximumEventAgeInSeconds: TARGET_MAX_EVENT_AGE_SECONDS, maximumRetryAttempts: TARGET_MAX_RETRY_ATTEMPTS },
      deadLetterConfig: { arn: this.deadLetters.arn },
    });

    new CloudwatchMetricAlarm(this, "alarm-dead-letters", {
      provider,
      alarmName: NOTIFIER_DLQ_NAME,
      alarmDescription:
        "An alert could not be delivered, or the notifier failed: read the dead-letter queue tripline-notifier-dlq (the notifier's own messages name the channel and the reason; EventBridge's and Lambda's carry the event and the error), fix the cause, and resend.",
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: NOTIFIER_DLQ_NAME },
      statistic: "Maximum",
      period: 60,
      evaluationPeriods: 1,
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
      treatMissingData: "notBreaching",
      actionsEnabled: true,
      alarmActions: [this.topic.arn],
    });
  }
}

/** SSM parameter ARNs have no leading slash after `parameter` (`parameter/tripline/x`). */
export const ssmParameterArn = (s: NotifierScope, name: string): string => arnIn(s, "ssm", `parameter/${name.replace(/^\//, "")}`);
/** A secret named by name: its ARN ends in `-` and six random characters. */
export const secretArn = (s: NotifierScope, nameOrArn: string): string => (nameOrArn.startsWith("arn:") ? nameOrArn : arnIn(s, "secretsmanager", `secret:${nameOrArn}-??????`));

function secretReferences(config: NotifierConfig): SecretReference[] {
  return config.channels.flatMap((c) => (c.kind === "email" ? [] : c.kind === "webhook" ? [c.url, c.signingSecret] : [c.url]));
}

/**
 * Least privilege: its log group; one write action on its table; send on its queue; publish on
 * its topic; read the named parameters and secrets, decrypting them only through SSM and Secrets
 * Manager; its key through the services that use it; assume the evidence role.
 */
export function notifierRolePolicy(props: Pick<NotifierFunctionProps, "partition" | "region" | "accountId" | "config">, keyArn: string): PolicyDocument {
  const s = props;
  const refs = secretReferences(props.config);
  const parameters = [...new Set(refs.flatMap((r) => ("ssmParameter" in r ? [ssmParameterArn(s, r.ssmParameter)] : [])))];
  const secrets = [...new Set(refs.flatMap((r) => ("secretsManager" in r ? [secretArn(s, r.secretsManager)] : [])))];
  const via = (service: string) => `${service}.${s.region}.${dnsSuffix(s.partition)}`;
  const evidenceRole = props.config.enrichment?.roleArn;
  return policyDocument(
    { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${arnIn(s, "logs", `log-group:${NOTIFIER_LOG_GROUP}`)}:*` },
    { Sid: "ClaimDeliveries", Effect: "Allow", Action: "dynamodb:UpdateItem", Resource: arnIn(s, "dynamodb", `table/${NOTIFIER_NAME}`) },
    { Sid: "DeadLetterUndelivered", Effect: "Allow", Action: "sqs:SendMessage", Resource: arnIn(s, "sqs", NOTIFIER_DLQ_NAME) },
    { Sid: "PublishEmail", Effect: "Allow", Action: "sns:Publish", Resource: arnIn(s, "sns", NOTIFIER_TOPIC_NAME) },
    parameters.length > 0 && { Sid: "ReadWebhookParameters", Effect: "Allow", Action: "ssm:GetParameter", Resource: parameters },
    secrets.length > 0 && { Sid: "ReadWebhookSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: secrets },
    refs.length > 0 && {
      // A SecureString or secret under a customer managed key: decrypted only on SSM's or Secrets Manager's behalf.
      Sid: "DecryptSecretsThroughTheirService",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: kmsKeysIn(s),
      Condition: { StringEquals: { "kms:ViaService": [via("ssm"), via("secretsmanager")] } },
    },
    {
      Sid: "UseNotifierKeyThroughItsServices",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
      Resource: keyArn,
      Condition: { StringEquals: { "kms:ViaService": [via("dynamodb"), via("sqs"), via("sns"), via("lambda")] } },
    },
    evidenceRole !== undefined && { Sid: "AssumeEvidenceRole", Effect: "Allow", Action: "sts:AssumeRole", Resource: evidenceRole },
    // X-Ray's write actions support no resource-level permissions: "*" is the documented resource.
    // https://docs.aws.amazon.com/xray/latest/devguide/security_iam_id-based-policy-examples.html
    { Sid: "WriteTraces", Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" },
  );
}

/**
 * The key: administration by the account; use through DynamoDB, SQS, SNS and Lambda (the
 * environment) by this account's principals that IAM allows; CloudWatch Logs for the function's
 * log group; CloudWatch (the dead-letter alarm publishing to the encrypted topic) and EventBridge
 * (the rule target's dead letters, docs/aws-facts.md m4, m5) from this account.
 */
export function notifierKeyPolicy(s: NotifierScope): PolicyDocument {
  const via = (service: string) => `${service}.${s.region}.${dnsSuffix(s.partition)}`;
  return policyDocument(
    keyAdministration(s.partition, s.accountId),
    {
      Sid: "UseThroughItsServicesInThisAccount",
      Effect: "Allow",
      Principal: { AWS: accountRoot(s.partition, s.accountId) },
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey"],
      Resource: "*",
      Condition: { StringEquals: { "kms:CallerAccount": s.accountId, "kms:ViaService": [via("dynamodb"), via("sqs"), via("sns"), via("lambda")] } },
    },
    {
      Sid: "CloudWatchLogsEncryptsFunctionLogs",
      Effect: "Allow",
      Principal: { Service: `logs.${s.region}.${dnsSuffix(s.partition)}` },
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
      Resource: "*",
      Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": arnIn(s, "logs", `log-group:${NOTIFIER_LOG_GROUP}`) } },
    },
    serviceUse("CloudWatchAlarmPublishesToEncryptedTopic", "cloudwatch.amazonaws.com", s),
    serviceUse("EventBridgeDeadLettersToEncryptedQueue", "events.amazonaws.com", s),
  );
}

const serviceUse = (sid: string, service: string, s: NotifierScope): PolicyStatement => ({
  Sid: sid,
  Effect: "Allow",
  Principal: { Service: service },
  Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
  Resource: "*",
  Condition: { StringEquals: { "aws:SourceAccount": s.accountId } },
});

/** The dead-letter queue: the bus rule's target (its failed deliveries) and nothing else from outside IAM; TLS only. */
export function notifierQueuePolicy(s: NotifierScope & { readonly busName: string }): PolicyDocument {
  const queue = arnIn(s, "sqs", NOTIFIER_DLQ_NAME);
  return policyDocument(
    {
      Sid: "BusRuleDeadLetters",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: "sqs:SendMessage",
      Resource: queue,
      Condition: { ArnEquals: { "aws:SourceArn": notifierRuleArn(s, s.busName) } },
    },
    denyWithoutTls("sqs", queue),
  );
}

/** The email topic: the dead-letter alarm and the notifier's role publish; TLS only. */
export function notifierTopicPolicy(s: NotifierScope): PolicyDocument {
  const topic = arnIn(s, "sns", NOTIFIER_TOPIC_NAME);
  return policyDocument(
    {
      Sid: "DeadLetterAlarmPublishes",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: "sns:Publish",
      Resource: topic,
      Condition: { StringEquals: { "aws:SourceAccount": s.accountId }, ArnLike: { "aws:SourceArn": arnIn(s, "cloudwatch", `alarm:${NOTIFIER_DLQ_NAME}`) } },
    },
    {
      Sid: "NotifierPublishes",
      Effect: "Allow",
      Principal: { AWS: accountRoot(s.partition, s.accountId) },
      Action: "sns:Publish",
      Resource: topic,
      Condition: { ArnEquals: { "aws:PrincipalArn": roleArn(s.partition, s.accountId, NOTIFIER_NAME) } },
    },
    denyWithoutTls("sns", topic),
  );
}
