/**
 * The checks a reviewer runs on the stream detector (Security Hub Lambda.x, CIS, cdk-nag):
 * dead letters for failed asynchronous invocations, reserved concurrency, X-Ray, the
 * environment under the detector's key, its log group kept and encrypted, TLS-only queue.
 */
import { catalog } from "../../modules/catalog/index";
import { DEFAULT_STREAM_DETECTOR_CONCURRENCY } from "../../modules/manifest/schema";
import { VALID_ORGANIZATION } from "../support/manifest-folder";
import { organizationFrom, synthOrganization } from "../support/synth";

const IDS = new Set(catalog.map((d) => d.id));
const ORG = VALID_ORGANIZATION["organization.yaml"] as string;

function detector(orgYaml = "") {
  const stacks = synthOrganization(organizationFrom({ "organization.yaml": `${ORG}${orgYaml}` }, undefined, IDS));
  const resources = stacks.management.tf.resource ?? {};
  const named = (type: string, part: string) => {
    const entry = Object.entries(resources[type] ?? {}).find(([name]) => name.includes(part));
    if (!entry) throw new Error(`no ${type} named *${part}*`);
    return { name: entry[0], config: entry[1] };
  };
  return { named };
}

const plain = detector();
const fn = plain.named("aws_lambda_function", "stream-detector_function").config;
const key = plain.named("aws_kms_key", "stream-detector_key").name;
const queue = plain.named("aws_sqs_queue", "stream-detector_dead-letters").name;

test("failed asynchronous invocations go to the dead-letter queue", () => {
  expect(plain.named("aws_lambda_function_event_invoke_config", "stream-detector_async").config.destination_config).toEqual({
    on_failure: { destination: `\${aws_sqs_queue.${queue}.arn}` },
  });
});

test("the dead-letter queue accepts TLS only", () => {
  const policy = JSON.parse(plain.named("aws_sqs_queue_policy", "stream-detector_dead-letters-policy").config.policy as string) as { Statement: unknown[] };
  expect(policy.Statement).toEqual([
    {
      Sid: "DenyWithoutTls",
      Effect: "Deny",
      Principal: "*",
      Action: "sqs:*",
      Resource: "arn:aws:sqs:us-east-1:111111111111:tripline-stream-detector-dlq",
      Condition: { Bool: { "aws:SecureTransport": "false", "aws:PrincipalIsAWSService": "false" } },
    },
  ]);
});

test("reserved concurrency: the documented default, or the manifest's", () => {
  expect(fn.reserved_concurrent_executions).toBe(DEFAULT_STREAM_DETECTOR_CONCURRENCY);
  expect(DEFAULT_STREAM_DETECTOR_CONCURRENCY).toBe(10);
  const sized = detector("detections:\n  streamDetector:\n    reservedConcurrency: 25\n");
  expect(sized.named("aws_lambda_function", "stream-detector_function").config.reserved_concurrent_executions).toBe(25);
});

test("X-Ray tracing is active, and the role may write traces", () => {
  expect(fn.tracing_config).toEqual({ mode: "Active" });
  const policy = JSON.parse(plain.named("aws_iam_role_policy", "stream-detector_role-policy").config.policy as string) as { Statement: { Sid: string; Action: unknown }[] };
  expect(policy.Statement.find((s) => s.Sid === "WriteTraces")?.Action).toEqual(["xray:PutTraceSegments", "xray:PutTelemetryRecords"]);
});

test("the environment is encrypted with the detector's key, which Lambda may use for this account", () => {
  expect(fn.kms_key_arn).toBe(`\${aws_kms_key.${key}.arn}`);
  const keyPolicy = JSON.parse(plain.named("aws_kms_key", "stream-detector_key").config.policy as string) as { Statement: { Sid: string; Condition?: Record<string, Record<string, unknown>> }[] };
  expect(keyPolicy.Statement.find((s) => s.Sid === "UseThroughDynamoDbAndSqsInThisAccount")?.Condition?.StringEquals["kms:ViaService"]).toContain("lambda.us-east-1.amazonaws.com");
});

test("its log group is created first, encrypted, and kept for the manifest's retention (default one year)", () => {
  const group = plain.named("aws_cloudwatch_log_group", "stream-detector_log-group");
  expect(group.config).toMatchObject({ name: "/aws/lambda/tripline-stream-detector", retention_in_days: 365, kms_key_id: `\${aws_kms_key.${key}.arn}` });
  expect(fn.depends_on).toContain(`aws_cloudwatch_log_group.${group.name}`);
  const kept = detector("trail:\n  logRetentionDays: 731\n");
  expect(kept.named("aws_cloudwatch_log_group", "stream-detector_log-group").config.retention_in_days).toBe(731);
});

test("a reserved concurrency of 0 (a disabled detector) is refused", () => {
  expect(() => detector("detections:\n  streamDetector:\n    reservedConcurrency: 0\n")).toThrow(/detections\.streamDetector\.reservedConcurrency/);
});
