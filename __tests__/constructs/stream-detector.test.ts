/** StreamDetector: subscription filter → function → table → topic, with least privilege, as synthesized. */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { CloudwatchLogSubscriptionFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-subscription-filter";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaFunctionEventInvokeConfig } from "@cdktf/provider-aws/lib/lambda-function-event-invoke-config";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { TerraformStack, Testing } from "cdktf";
import { apiEnumeration } from "../../modules/catalog/cloudtrail/api-enumeration";
import { offHoursConsoleLogin } from "../../modules/catalog/cloudtrail/off-hours-console-login";
import { subscriptionPattern } from "../../modules/deployment/plan";
import type { PolicyDocument } from "../../modules/constructs/policy-document";
import { StreamDetector, streamDetectorKeyPolicy, type StreamDetectorProps } from "../../modules/constructs/stream-detector";
import { DEFAULT_SCHEDULE } from "../../modules/deployment/profile";
import type { TerraformJson } from "../support/synth";

const LOG_GROUP_ARN = "arn:aws:logs:us-east-1:111111111111:log-group:tripline-trail";
const ALERTS = "arn:aws:sns:us-east-1:111111111111:tripline-alerts";
const RECORD = "arn:aws:sns:us-east-1:111111111111:tripline-compliance";
const stack = new TerraformStack(Testing.app(), "test");
const provider = new AwsProvider(stack, "aws", { region: "us-east-1" });
const props: Omit<StreamDetectorProps, "provider"> = {
  partition: "aws",
  region: "us-east-1",
  accountId: "111111111111",
  detections: [offHoursConsoleLogin, apiEnumeration],
  namespace: "tripline",
  schedule: { ...DEFAULT_SCHEDULE, timeZone: "Europe/Berlin" },
  logGroupName: "tripline-trail",
  logGroupArn: LOG_GROUP_ARN,
  alertTopicArn: ALERTS,
  alertKeyArn: "arn:aws:kms:us-east-1:111111111111:key/alerts",
  recordTopicArn: RECORD,
  operationsTopicArn: ALERTS,
};
new StreamDetector(stack, "stream-detector", { ...props, provider });
const json = Testing.synth(stack);
const tf = JSON.parse(json) as TerraformJson;
const only = (type: string) => Object.values(tf.resource?.[type] ?? {})[0];
const ref = (type: string, attribute: string) => `\${${type}.${Object.keys(tf.resource?.[type] ?? {})[0]}.${attribute}}`;

test("the subscription filter is named for its role and passes the OR of the stream detections' patterns", () => {
  expect(json).toHaveResourceWithProperties(CloudwatchLogSubscriptionFilter, {
    name: "tripline-stream-detector",
    log_group_name: "tripline-trail",
    filter_pattern: subscriptionPattern([offHoursConsoleLogin, apiEnumeration]),
    destination_arn: ref("aws_lambda_function", "arn"),
  });
  expect(only("aws_cloudwatch_log_subscription_filter").depends_on).toEqual([`aws_lambda_permission.${Object.keys(tf.resource?.aws_lambda_permission ?? {})[0]}`]);
});

test("CloudWatch Logs of this Region may invoke the function, from the trail's log group only", () => {
  expect(json).toHaveResourceWithProperties(LambdaPermission, {
    action: "lambda:InvokeFunction",
    principal: "logs.us-east-1.amazonaws.com",
    source_arn: `${LOG_GROUP_ARN}:*`,
    source_account: "111111111111",
  });
});

test("the function is a packaged TypeScript bundle on arm64, told its table and topic", () => {
  expect(json).toHaveResourceWithProperties(LambdaFunction, {
    function_name: "tripline-stream-detector",
    runtime: "nodejs22.x",
    architectures: ["arm64"],
    handler: "index.handler",
    environment: { variables: { TABLE_NAME: "tripline-stream-detector", TOPIC_ARN: ALERTS } },
    logging_config: { log_format: "Text", log_group: ref("aws_cloudwatch_log_group", "name") },
  });
  const fn = only("aws_lambda_function");
  expect(fn.filename).toMatch(/^assets\/.+\/stream-detector-[0-9a-f]{16}\.zip$/);
  expect(fn.source_code_hash).toMatch(/^[A-Za-z0-9+/]{43}=$/);
});

test("the package holds the deployed detections and the schedule, without their examples, references and false positives", () => {
  const zip = findPackage();
  expect(createHash("sha256").update(readFileSync(zip)).digest("base64")).toBe(only("aws_lambda_function").source_code_hash);
  const dir = mkdtempSync(join(tmpdir(), "tripline-stream-package-"));
  execFileSync("unzip", ["-q", zip], { cwd: dir });
  const config = JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
  expect(config).toEqual({
    namespace: "tripline",
    schedule: { ...DEFAULT_SCHEDULE, timeZone: "Europe/Berlin" },
    detections: [offHoursConsoleLogin, apiEnumeration].map(({ examples: _examples, references: _references, falsePositives: _falsePositives, ...rest }) => JSON.parse(JSON.stringify(rest))),
  });
});

test("failed batches go to an encrypted dead-letter queue after Lambda's two retries, and raise an alarm", () => {
  expect(json).toHaveResourceWithProperties(SqsQueue, { name: "tripline-stream-detector-dlq", kms_master_key_id: ref("aws_kms_key", "arn") });
  expect(json).toHaveResourceWithProperties(LambdaFunctionEventInvokeConfig, {
    maximum_retry_attempts: 2,
    destination_config: { on_failure: { destination: ref("aws_sqs_queue", "arn") } },
  });
  expect(json).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
    alarm_name: "tripline-stream-detector-dlq",
    namespace: "AWS/SQS",
    metric_name: "ApproximateNumberOfMessagesVisible",
    dimensions: { QueueName: "tripline-stream-detector-dlq" },
    alarm_actions: [ALERTS],
  });
});

test("the table is on demand, encrypted with the detector's key, and expires items by TTL", () => {
  expect(json).toHaveResourceWithProperties(DynamodbTable, {
    name: "tripline-stream-detector",
    billing_mode: "PAY_PER_REQUEST",
    hash_key: "pk",
    attribute: [{ name: "pk", type: "S" }],
    ttl: { attribute_name: "expiresAt", enabled: true },
    server_side_encryption: { enabled: true, kms_key_arn: ref("aws_kms_key", "arn") },
  });
});

test("each detection it serves keeps its own alarm, on its EMF metric, recorded on the compliance topic", () => {
  for (const id of ["off-hours-console-login", "api-enumeration"]) {
    expect(json).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: `tripline-${id}`,
      namespace: "tripline",
      metric_name: id,
      statistic: "Sum",
      threshold: 1,
      treat_missing_data: "notBreaching",
      alarm_actions: [RECORD],
    });
  }
});

test("the role may do exactly what the function does, on its own resources", () => {
  const policy = JSON.parse(only("aws_iam_role_policy").policy as string) as PolicyDocument;
  expect(policy.Statement.map((s) => [s.Action, s.Resource])).toEqual([
    [["logs:CreateLogStream", "logs:PutLogEvents"], "arn:aws:logs:us-east-1:111111111111:log-group:/aws/lambda/tripline-stream-detector:*"],
    ["dynamodb:UpdateItem", "arn:aws:dynamodb:us-east-1:111111111111:table/tripline-stream-detector"],
    ["sns:Publish", ALERTS],
    ["sqs:SendMessage", "arn:aws:sqs:us-east-1:111111111111:tripline-stream-detector-dlq"],
    [["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], ref("aws_kms_key", "arn")],
    [["kms:Decrypt", "kms:GenerateDataKey"], props.alertKeyArn],
  ]);
  expect(policy.Statement.every((s) => !String(s.Action).includes("*") && s.Resource !== "*")).toBe(true);
  expect(JSON.parse(only("aws_iam_role").assume_role_policy as string).Statement).toEqual([
    { Sid: "LambdaOfThisAccountAssumes", Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": "111111111111" } } },
  ]);
});

test("the detector key serves DynamoDB and SQS in this account, and CloudWatch Logs for the function's log group only", () => {
  const policy = streamDetectorKeyPolicy(props);
  expect(JSON.parse(only("aws_kms_key").policy as string)).toEqual(policy);
  expect(policy.Statement.find((s) => s.Sid === "CloudWatchLogsEncryptsFunctionLogs")?.Condition).toEqual({
    ArnEquals: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:us-east-1:111111111111:log-group:/aws/lambda/tripline-stream-detector" },
  });
});

/** The zip the asset copies, found where the construct wrote it. */
function findPackage(): string {
  const fn = only("aws_lambda_function");
  const name = String(fn.filename).split("/").pop() as string;
  return join(tmpdir(), "tripline-assets", name);
}
