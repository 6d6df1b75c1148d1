/**
 * The stream detector: what CloudWatch cannot express (distinct values per identity, time of
 * day in a time zone) evaluated by a function on the trail's log group.
 *
 * log group ─ subscription filter `tripline-stream-detector` (the OR of the stream detections'
 * patterns) → function `tripline-stream-detector` (arm64, packaged at synth time) → table
 * `tripline-stream-detector` (windows, alert claims) → alert topic; failures after Lambda's
 * retries → dead-letter queue. Each detection it serves keeps its own metric `<id>` (EMF from
 * the function) and alarm `tripline-<id>` (docs/design.md contract 8). The function's message is the
 * page; the alarm notifies the compliance topic, which records it.
 */
import {
  STREAM_DETECTOR_DLQ_NAME,
  STREAM_DETECTOR_KEY_ALIAS,
  STREAM_DETECTOR_LOG_GROUP,
  STREAM_DETECTOR_NAME,
  accountRoot,
  arnIn,
  type AccountRegion,
  detectionResourceName,
} from "../deployment/names";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchLogSubscriptionFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-subscription-filter";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { AssetType, TerraformAsset } from "cdktf";
import { Construct } from "constructs";
import { sendAsyncFailuresTo } from "./async-failures";
import type { StreamDetection } from "../catalog/detection";
import { subscriptionPattern } from "../deployment/plan";
import type { WorkSchedule } from "../engines/windows/types";
import { BUNDLE_HANDLER, writeFunctionPackage } from "../../functions/bundle";
import { packageStreamDetector } from "../../functions/stream-detector/bundle";
import type { StreamDetectorConfig } from "../../functions/stream-detector/config";
import { TABLE_KEY, TTL_ATTRIBUTE } from "../../functions/stream-detector/window-table";
import { FOURTEEN_DAYS_SECONDS } from "./alert-topic";
import { alarmDescription } from "./detection-alarm";
import { createKeyWithAlias } from "./key-with-alias";
import { denyWithoutTls, dnsSuffix, keyAdministration, policyDocument, renderPolicy, type PolicyDocument } from "./policy-document";
import { DEFAULT_STREAM_DETECTOR_CONCURRENCY } from "../manifest/schema";

/** Period of each served detection's alarm: one alert is one datapoint. */
const ALARM_PERIOD_SECONDS = 300;
/** Every alarm of the stream detector fires on any datapoint of one period, and is quiet without data. */
const ANY_IN_ONE_PERIOD = {
  period: ALARM_PERIOD_SECONDS,
  evaluationPeriods: 1,
  threshold: 1,
  comparisonOperator: "GreaterThanOrEqualToThreshold",
  treatMissingData: "notBreaching",
  actionsEnabled: true,
} as const;
/** The function's log retention when the caller does not say: the manifest's default, one year. */
const DEFAULT_LOG_RETENTION_DAYS = 365;

export interface StreamDetectorProps extends AccountRegion {
  readonly provider: AwsProvider;
  /** The deployed stream detections (settings applied, exceptions compiled in). */
  readonly detections: readonly StreamDetection[];
  readonly namespace: string;
  readonly schedule: WorkSchedule;
  readonly logGroupName: string;
  /** The trail log group's ARN, without the `:*` suffix. */
  readonly logGroupArn: string;
  readonly alertTopicArn: string;
  readonly alertKeyArn: string;
  /** Where the served detections' alarms notify (the compliance topic: the function pages). */
  readonly recordTopicArn: string;
  /** Where operational trouble (dead letters) notifies. */
  readonly operationsTopicArn: string;
  /** Concurrent executions reserved for the function, which also cap it (schema: the sizing). */
  readonly reservedConcurrency?: number;
  /** Retention of the function's own log group (the manifest's trail.logRetentionDays). */
  readonly logRetentionDays?: number;
}

export class StreamDetector extends Construct {
  readonly function: LambdaFunction;
  readonly table: DynamodbTable;
  readonly subscription: CloudwatchLogSubscriptionFilter;
  readonly deadLetters: SqsQueue;
  private readonly alarms = new Map<string, CloudwatchMetricAlarm>();

  constructor(scope: Construct, id: string, props: StreamDetectorProps) {
    super(scope, id);
    const { provider } = props;
    const pattern = subscriptionPattern(props.detections);
    if (pattern === undefined) throw new Error("StreamDetector needs at least one stream detection");

    const { key } = createKeyWithAlias(this, {
      provider,
      description: "tripline: encrypts the stream detector's table, dead-letter queue and logs",
      policy: streamDetectorKeyPolicy(props),
      alias: STREAM_DETECTOR_KEY_ALIAS,
      aliasId: "key-alias",
    });

    this.table = new DynamodbTable(this, "table", {
      provider,
      name: STREAM_DETECTOR_NAME,
      billingMode: "PAY_PER_REQUEST",
      hashKey: TABLE_KEY,
      attribute: [{ name: TABLE_KEY, type: "S" }],
      ttl: { attributeName: TTL_ATTRIBUTE, enabled: true },
      serverSideEncryption: { enabled: true, kmsKeyArn: key.arn },
      pointInTimeRecovery: { enabled: true },
    });
    this.deadLetters = new SqsQueue(this, "dead-letters", {
      provider,
      name: STREAM_DETECTOR_DLQ_NAME,
      kmsMasterKeyId: key.arn,
      messageRetentionSeconds: FOURTEEN_DAYS_SECONDS,
    });
    // Only the two TLS-only AWS services and the function's role write here; the policy refuses
    // anything without TLS.
    new SqsQueuePolicy(this, "dead-letters-policy", {
      provider,
      queueUrl: this.deadLetters.url,
      policy: renderPolicy(deadLetterQueuePolicy(props)),
    });
    // Created here, before the function, so that Lambda does not create it without a retention
    // or a key: kept as long as the trail's own log group, encrypted with the detector's key.
    const logGroup = new CloudwatchLogGroup(this, "log-group", {
      provider,
      name: STREAM_DETECTOR_LOG_GROUP,
      retentionInDays: props.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS,
      kmsKeyId: key.arn,
    });

    const role = new IamRole(this, "role", {
      provider,
      name: STREAM_DETECTOR_NAME,
      description: "tripline: the stream detector function",
      assumeRolePolicy: renderPolicy(streamDetectorTrustPolicy(props)),
    });
    const rolePolicy = new IamRolePolicy(this, "role-policy", {
      provider,
      name: STREAM_DETECTOR_NAME,
      role: role.name,
      policy: renderPolicy(streamDetectorRolePolicy(props, { detectorKeyArn: key.arn })),
    });

    const config: StreamDetectorConfig = {
      namespace: props.namespace,
      schedule: props.schedule,
      detections: props.detections.map(({ examples: _examples, references: _references, falsePositives: _falsePositives, ...deployed }) => deployed),
    };
    const pkg = packageStreamDetector(config);
    const asset = new TerraformAsset(this, "package", { path: writeFunctionPackage(pkg), type: AssetType.FILE });

    this.function = new LambdaFunction(this, "function", {
      provider,
      functionName: STREAM_DETECTOR_NAME,
      description: `tripline: ${props.detections.map((d) => d.id).join(", ")} on the trail's log group`,
      role: role.arn,
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: BUNDLE_HANDLER,
      filename: asset.path,
      sourceCodeHash: pkg.sha256,
      memorySize: 256,
      timeout: 60,
      environment: { variables: { TABLE_NAME: STREAM_DETECTOR_NAME, TOPIC_ARN: props.alertTopicArn } },
      // The environment at rest under the detector's key rather than Lambda's AWS managed key.
      // https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html
      kmsKeyArn: key.arn,
      // Reserved: a burst of other functions cannot starve detection, and the detector cannot
      // starve them; throttled batches wait in Lambda's asynchronous queue (up to six hours,
      // below), then go to the dead-letter queue.
      // https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html
      reservedConcurrentExecutions: props.reservedConcurrency ?? DEFAULT_STREAM_DETECTOR_CONCURRENCY,
      // X-Ray: a slow or failing batch can be followed into DynamoDB and SNS.
      tracingConfig: { mode: "Active" },
      loggingConfig: { logFormat: "Text", logGroup: logGroup.name },
      dependsOn: [logGroup, rolePolicy],
    });
    // CloudWatch Logs invokes asynchronously: Lambda retries twice, then records the failed
    // batch (payload and error) in the dead-letter queue.
    sendAsyncFailuresTo(this, provider, this.function, this.deadLetters.arn);
    const permission = new LambdaPermission(this, "invoke-from-logs", {
      provider,
      statementId: "CloudWatchLogsInvokes",
      action: "lambda:InvokeFunction",
      functionName: this.function.functionName,
      principal: `logs.${props.region}.${dnsSuffix(props.partition)}`,
      sourceArn: `${props.logGroupArn}:*`,
      sourceAccount: props.accountId,
    });
    this.subscription = new CloudwatchLogSubscriptionFilter(this, "subscription", {
      provider,
      name: STREAM_DETECTOR_NAME,
      logGroupName: props.logGroupName,
      filterPattern: pattern,
      destinationArn: this.function.arn,
      dependsOn: [permission],
    });

    for (const d of props.detections) {
      this.alarms.set(d.id, new CloudwatchMetricAlarm(this, `alarm-${d.id}`, {
        provider,
        alarmName: detectionResourceName(d.id),
        alarmDescription: alarmDescription(d),
        namespace: props.namespace,
        metricName: d.id,
        statistic: "Sum",
        ...ANY_IN_ONE_PERIOD,
        alarmActions: [props.recordTopicArn],
      }));
    }
    new CloudwatchMetricAlarm(this, "alarm-dead-letters", {
      provider,
      alarmName: STREAM_DETECTOR_DLQ_NAME,
      alarmDescription: "The stream detector failed a batch after Lambda's retries: alerts may be missing. Read the dead-letter queue (payload and error), fix, and replay the batch.",
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: STREAM_DETECTOR_DLQ_NAME },
      statistic: "Maximum",
      ...ANY_IN_ONE_PERIOD,
      alarmActions: [props.operationsTopicArn],
    });
  }

  /** The alarm `tripline-<id>` of a served detection. */
  alarmOf(detectionId: string): CloudwatchMetricAlarm {
    const alarm = this.alarms.get(detectionId);
    if (!alarm) throw new Error(`the stream detector serves no detection ${detectionId}`);
    return alarm;
  }
}

/** Lambda assumes the role, only when acting for this account (the confused-deputy guard). */
export function streamDetectorTrustPolicy(s: AccountRegion): PolicyDocument {
  return policyDocument({
    Sid: "LambdaOfThisAccountAssumes",
    Effect: "Allow",
    Principal: { Service: "lambda.amazonaws.com" },
    Action: "sts:AssumeRole",
    Condition: { StringEquals: { "aws:SourceAccount": s.accountId } },
  });
}

/** Least privilege: its own log group, one write action on its table, publish on the alert topic, its dead-letter queue, the two keys. */
export function streamDetectorRolePolicy(props: StreamDetectorProps, keys: { readonly detectorKeyArn: string }): PolicyDocument {
  return policyDocument(
    {
      Sid: "WriteOwnLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: `${arnIn(props, "logs", `log-group:${STREAM_DETECTOR_LOG_GROUP}`)}:*`,
    },
    { Sid: "UpdateWindowTable", Effect: "Allow", Action: "dynamodb:UpdateItem", Resource: arnIn(props, "dynamodb", `table/${STREAM_DETECTOR_NAME}`) },
    { Sid: "PublishAlerts", Effect: "Allow", Action: "sns:Publish", Resource: props.alertTopicArn },
    { Sid: "DeadLetterFailedBatches", Effect: "Allow", Action: "sqs:SendMessage", Resource: arnIn(props, "sqs", STREAM_DETECTOR_DLQ_NAME) },
    {
      // X-Ray's write actions take no resource: the AWSXRayDaemonWriteAccess managed policy's two.
      // https://docs.aws.amazon.com/xray/latest/devguide/security_iam_id-based-policy-examples.html
      Sid: "WriteTraces",
      Effect: "Allow",
      Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
      Resource: "*",
    },
    {
      Sid: "UseDetectorKeyThroughDynamoDbAndSqs",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
      Resource: keys.detectorKeyArn,
      Condition: { StringEquals: { "kms:ViaService": detectorKeyServices(props) } },
    },
    {
      Sid: "UseAlertKeyThroughSns",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: props.alertKeyArn,
      Condition: { StringEquals: { "kms:ViaService": `sns.${props.region}.${dnsSuffix(props.partition)}` } },
    },
  );
}

/**
 * The detector key: administration by the account; use through DynamoDB and SQS by principals of
 * this account that IAM allows (the role above, and whoever creates the table: AWS's documented
 * DynamoDB key policy, scoped to the account and the two services; DescribeKey, which DynamoDB
 * checks on the key, comes with it); CloudWatch Logs for the function's own log group only.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/encryption.usagenotes.html
 */
export function streamDetectorKeyPolicy(s: AccountRegion): PolicyDocument {
  return policyDocument(
    keyAdministration(s.partition, s.accountId),
    {
      Sid: "UseThroughDynamoDbAndSqsInThisAccount",
      Effect: "Allow",
      Principal: { AWS: accountRoot(s.partition, s.accountId) },
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey"],
      Resource: "*",
      Condition: {
        StringEquals: {
          "kms:CallerAccount": s.accountId,
          "kms:ViaService": detectorKeyServices(s),
        },
      },
    },
    {
      Sid: "CloudWatchLogsEncryptsFunctionLogs",
      Effect: "Allow",
      Principal: { Service: `logs.${s.region}.${dnsSuffix(s.partition)}` },
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
      Resource: "*",
      Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": arnIn(s, "logs", `log-group:${STREAM_DETECTOR_LOG_GROUP}`) } },
    },
  );
}

/**
 * The services that use the detector key for this account: DynamoDB (table), SQS (dead letters)
 * and Lambda (the function's environment: the deployer encrypts through Lambda, which grants the
 * function's role the decryption).
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html
 */
const detectorKeyServices = (s: AccountRegion): string[] =>
  ["dynamodb", "sqs", "lambda"].map((service) => `${service}.${s.region}.${dnsSuffix(s.partition)}`);

/** The dead-letter queue: TLS only; the function's role sends through IAM. */
export const deadLetterQueuePolicy = (s: AccountRegion): PolicyDocument =>
  policyDocument(denyWithoutTls("sqs", arnIn(s, "sqs", STREAM_DETECTOR_DLQ_NAME)));
