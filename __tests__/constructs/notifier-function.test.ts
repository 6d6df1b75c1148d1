import { unzipSync } from "fflate";
import { packageNotifier } from "../../functions/notifier/bundle";
import { defaultNotifierConfig } from "../../modules/deployment/notifier-config";
import { compileEventPattern } from "../../modules/engines/event-pattern";
import { catalog } from "../../modules/catalog";
import { toEventBridgeEvent } from "../../modules/replay/eventbridge-envelope";
import { NOTIFIER_RESERVED_CONCURRENCY } from "../../modules/constructs/notifier-function";
import { organizationFrom } from "../support/synth";
import { VALID_ORGANIZATION } from "../support/manifest-folder";
import { alarmEvent } from "../functions/notifier/alarm-events";
import { MANAGEMENT_ID, SECURITY_ID, resourceNamed, statementsOf, synthOrganization, STANDALONE, STANDALONE_ID, type Stacks } from "./trail-manifests";

const ORG_WITH_CHANNELS = [
  "organizationId: o-a1b2c3d4e5",
  "homeRegion: us-east-1",
  "regions: [us-east-1, eu-west-1]",
  "notifications:",
  "  email: [secops@example.com, oncall@example.com]",
  "  slack:",
  "    webhook: { ssmParameter: /tripline/slack-webhook }",
  "  teams:",
  "    webhook: { secretsManager: tripline/teams-webhook }",
  "  webhooks:",
  "    - name: soc",
  "      url: { secretsManager: 'arn:aws:secretsmanager:us-east-1:222222222222:secret:soc-url-AbCdEf' }",
  "      signingSecret: { ssmParameter: tripline-soc-key }",
  "  routing:",
  "    severity:",
  "      low: [email]",
  "",
].join("\n");

let stacks: Stacks;
beforeAll(() => {
  stacks = synthOrganization(organizationFrom({ "organization.yaml": ORG_WITH_CHANNELS }, VALID_ORGANIZATION, new Set(catalog.map((d) => d.id))));
});

/** The notifier's resources of a type in the security stack (their logical ids start with `notifier_`). */
function notifier(type: string): Record<string, unknown>[] {
  return Object.entries(stacks.security.tf.resource?.[type] ?? {})
    .filter(([id]) => id.startsWith("notifier_"))
    .map(([, r]) => r);
}
const one = (type: string): Record<string, unknown> => {
  const all = notifier(type);
  if (all.length !== 1) throw new Error(`${all.length} ${type}`);
  return all[0];
};

test("the rule on the central bus sends tamper, sign-in and tripline alarm events to the function", () => {
  const rule = one("aws_cloudwatch_event_rule");
  expect(rule).toMatchObject({ name: "tripline-notifier", event_bus_name: "tripline-security-events" });
  const matches = compileEventPattern(JSON.parse(String(rule.event_pattern)));
  const stop = toEventBridgeEvent(catalog.find((d) => d.id === "security-service-disabled")!.examples.match[0] as Record<string, unknown>).event;
  const signIn = toEventBridgeEvent(catalog.find((d) => d.id === "root-console-login")!.examples.match[0] as Record<string, unknown>).event;
  expect(matches(stop)).toBe(true);
  expect(matches(signIn)).toBe(true);
  expect(matches(alarmEvent("tripline-root-account-usage"))).toBe(true);
  expect(matches(alarmEvent("tripline-root-account-usage", { state: { value: "OK" } }))).toBe(false);
  expect(matches(alarmEvent("someone-elses-alarm"))).toBe(false);

  const target = one("aws_cloudwatch_event_target");
  expect(target).toMatchObject({
    event_bus_name: "tripline-security-events",
    retry_policy: { maximum_event_age_in_seconds: 3600, maximum_retry_attempts: 185 },
  });
  expect(String(target.rule)).toMatch(/^\$\{aws_cloudwatch_event_rule\.notifier_rule_[A-F0-9]+\.name\}$/);
  expect(String(target.arn)).toMatch(/^\$\{aws_lambda_function\.notifier_function_[A-F0-9]+\.arn\}$/);
  expect(String((target.dead_letter_config as { arn: string }).arn)).toMatch(/^\$\{aws_sqs_queue\.notifier_dead-letters_[A-F0-9]+\.arn\}$/);

  const permission = one("aws_lambda_permission");
  expect(permission).toMatchObject({ action: "lambda:InvokeFunction", principal: "events.amazonaws.com" });
  expect(String(permission.source_arn)).toMatch(/^\$\{aws_cloudwatch_event_rule\.notifier_rule_[A-F0-9]+\.arn\}$/);
});

test("the function: reserved concurrency, X-Ray, environment encrypted with its key and free of secrets, JSON logs kept 90 days", () => {
  const fn = one("aws_lambda_function");
  expect(fn).toMatchObject({ function_name: "tripline-notifier", runtime: "nodejs22.x", reserved_concurrent_executions: NOTIFIER_RESERVED_CONCURRENCY, tracing_config: { mode: "Active" }, logging_config: { log_format: "JSON" } });
  expect(String(fn.kms_key_arn)).toMatch(/^\$\{aws_kms_key\.notifier_key_[A-F0-9]+\.arn\}$/);
  const variables = (fn.environment as { variables: Record<string, string> }).variables;
  expect(Object.keys(variables).sort()).toEqual(["DEAD_LETTER_QUEUE_URL", "POWERTOOLS_SERVICE_NAME", "TABLE_NAME"]);
  expect(one("aws_cloudwatch_log_group")).toMatchObject({ name: "/aws/lambda/tripline-notifier", retention_in_days: 90 });
  // No webhook URL anywhere in the stack: only the names of where they are kept.
  expect(stacks.security.json).not.toMatch(/hooks\.slack\.com|logic\.azure\.com/);
  expect(stacks.security.json).toContain("/tripline/slack-webhook");
});

test("the dead-letter queue: encrypted, written only by the bus rule's target, its depth pages the email topic", () => {
  const queue = one("aws_sqs_queue");
  expect(queue).toMatchObject({ name: "tripline-notifier-dlq", message_retention_seconds: 1_209_600 });
  expect(String(queue.kms_master_key_id)).toMatch(/notifier_key_/);
  const policy = statementsOf(one("aws_sqs_queue_policy").policy);
  expect(policy.BusRuleDeadLetters).toMatchObject({
    Principal: { Service: "events.amazonaws.com" },
    Action: "sqs:SendMessage",
    Condition: { ArnEquals: { "aws:SourceArn": `arn:aws:events:us-east-1:${SECURITY_ID}:rule/tripline-security-events/tripline-notifier` } },
  });
  expect(policy.DenyWithoutTls.Effect).toBe("Deny");
  const alarm = one("aws_cloudwatch_metric_alarm");
  expect(alarm).toMatchObject({
    alarm_name: "tripline-notifier-dlq",
    namespace: "AWS/SQS",
    metric_name: "ApproximateNumberOfMessagesVisible",
    dimensions: { QueueName: "tripline-notifier-dlq" },
    comparison_operator: "GreaterThanThreshold",
    threshold: 0,
  });
  expect(String((alarm.alarm_actions as string[])[0])).toMatch(/^\$\{aws_sns_topic\.notifier_email-topic_[A-F0-9]+\.arn\}$/);
  const subscriptions = notifier("aws_sns_topic_subscription").map((s) => s.endpoint);
  expect(subscriptions).toEqual(["secops@example.com", "oncall@example.com"]);
  expect(one("aws_dynamodb_table")).toMatchObject({ name: "tripline-notifier", hash_key: "pk", ttl: { attribute_name: "expiresAt", enabled: true }, server_side_encryption: { enabled: true } });
});

test("the role reads exactly the named parameters and secrets, decrypts through their services, assumes the evidence role", () => {
  const policy = statementsOf(one("aws_iam_role_policy").policy);
  expect(policy.ReadWebhookParameters).toMatchObject({
    Action: "ssm:GetParameter",
    Resource: [`arn:aws:ssm:us-east-1:${SECURITY_ID}:parameter/tripline/slack-webhook`, `arn:aws:ssm:us-east-1:${SECURITY_ID}:parameter/tripline-soc-key`],
  });
  expect(policy.ReadWebhookSecrets).toMatchObject({
    Action: "secretsmanager:GetSecretValue",
    Resource: [`arn:aws:secretsmanager:us-east-1:${SECURITY_ID}:secret:tripline/teams-webhook-??????`, "arn:aws:secretsmanager:us-east-1:222222222222:secret:soc-url-AbCdEf"],
  });
  expect(policy.DecryptSecretsThroughTheirService.Condition).toEqual({ StringEquals: { "kms:ViaService": ["ssm.us-east-1.amazonaws.com", "secretsmanager.us-east-1.amazonaws.com"] } });
  expect(policy.DeadLetterUndelivered).toMatchObject({ Action: "sqs:SendMessage", Resource: `arn:aws:sqs:us-east-1:${SECURITY_ID}:tripline-notifier-dlq` });
  expect(policy.ClaimDeliveries).toMatchObject({ Action: "dynamodb:UpdateItem", Resource: `arn:aws:dynamodb:us-east-1:${SECURITY_ID}:table/tripline-notifier` });
  expect(policy.AssumeEvidenceRole).toMatchObject({ Action: "sts:AssumeRole", Resource: `arn:aws:iam::${MANAGEMENT_ID}:role/tripline-notifier-evidence` });
  const trust = statementsOf(one("aws_iam_role").assume_role_policy);
  expect(trust.LambdaOfThisAccountAssumes.Condition).toEqual({ StringEquals: { "aws:SourceAccount": SECURITY_ID } });
});

test("the key: rotated, used by this account through its services, by CloudWatch and EventBridge from this account", () => {
  const key = one("aws_kms_key");
  expect(key).toMatchObject({ enable_key_rotation: true });
  const policy = statementsOf(key.policy);
  expect(policy.UseThroughItsServicesInThisAccount.Condition).toMatchObject({ StringEquals: { "kms:CallerAccount": SECURITY_ID } });
  expect(policy.EventBridgeDeadLettersToEncryptedQueue).toMatchObject({ Principal: { Service: "events.amazonaws.com" }, Condition: { StringEquals: { "aws:SourceAccount": SECURITY_ID } } });
  expect(one("aws_kms_alias")).toMatchObject({ name: "alias/tripline-notifier" });
});

test("the evidence role in the trail owner's account may only filter the trail's log group, for the notifier's role only", () => {
  const role = resourceNamedAll(stacks, "management", "aws_iam_role", "notifier-evidence");
  expect(role).toMatchObject({ name: "tripline-notifier-evidence" });
  expect(statementsOf(role.assume_role_policy).NotifierAssumes).toMatchObject({
    Principal: { AWS: `arn:aws:iam::${SECURITY_ID}:root` },
    Condition: { ArnEquals: { "aws:PrincipalArn": `arn:aws:iam::${SECURITY_ID}:role/tripline-notifier` } },
  });
  const policy = statementsOf(resourceNamedAll(stacks, "management", "aws_iam_role_policy", "notifier-evidence").policy);
  expect(policy).toEqual({
    FilterTrailLogGroup: {
      Sid: "FilterTrailLogGroup",
      Effect: "Allow",
      Action: "logs:FilterLogEvents",
      Resource: [`arn:aws:logs:us-east-1:${MANAGEMENT_ID}:log-group:tripline-trail`, `arn:aws:logs:us-east-1:${MANAGEMENT_ID}:log-group:tripline-trail:*`],
    },
  });
  expect(Object.keys(stacks.app.tf.resource?.aws_lambda_function ?? {}).filter((id) => id.startsWith("notifier"))).toEqual([]);
});

test("a standalone account holds the notifier and its evidence role in its one stack", () => {
  const solo = synthOrganization(organizationFrom({}, STANDALONE));
  const fn = Object.entries(solo.solo.tf.resource?.aws_lambda_function ?? {}).find(([id]) => id.startsWith("notifier_"));
  expect(fn?.[1]).toMatchObject({ function_name: "tripline-notifier" });
  expect(JSON.stringify(solo.solo.tf.resource?.aws_iam_role)).toContain(`arn:aws:iam::${STANDALONE_ID}:role/tripline-notifier`);
});

/** A resource of a type whose logical id contains `part`, the notifier's included. */
function resourceNamedAll(s: Stacks, stack: string, type: string, part: string): Record<string, unknown> {
  const entry = Object.entries(s[stack]?.tf.resource?.[type] ?? {}).find(([id]) => id.includes(part));
  if (!entry) return resourceNamed(s, stack, type, part);
  return entry[1];
}

test("the package: the bundled handler beside config.json, the same bytes for the same config", () => {
  const config = defaultNotifierConfig();
  const pkg = packageNotifier(config);
  expect(packageNotifier(config).sha256).toBe(pkg.sha256);
  const files = unzipSync(new Uint8Array(pkg.zip));
  expect(Object.keys(files).sort()).toEqual(["config.json", "index.js"]);
  expect(JSON.parse(Buffer.from(files["config.json"]).toString("utf8"))).toEqual(JSON.parse(JSON.stringify(config)));
  expect(Buffer.from(files["index.js"]).toString("utf8")).toContain("tripline-notifier");
});
