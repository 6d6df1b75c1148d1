/**
 * SSH log shipping and the SSH detections as synthesized for every account of the example
 * organization (`accounts/`) and the standalone example: the agent parameter (validated against
 * the CloudWatch agent's own JSON Schema, vendored in __tests__/fixtures/cloudwatch-agent), the
 * document, the association, the log group and its key, the transformer, the metric filters, the
 * transformed Contributor Insights rule and the alarms, in each SSH Region of each account.
 */
import { join } from "node:path";
import Ajv from "ajv-draft-04";
import agentSchema from "../fixtures/cloudwatch-agent/schema.json";
import { catalog } from "../../modules/catalog";
import type { ContributorInsightsDetection } from "../../modules/catalog/detection";
import { loadCheckedOrganization } from "../../modules/deployment/load-organization";
import {
  SSH_AGENT_PARAMETER_NAME,
  SSH_ASSOCIATION_NAME,
  SSH_DOCUMENT_NAME,
  SSH_INSTANCE_ROLE_NAME,
  SSH_LOG_GROUP_NAME,
  detectionResourceName,
  sshLogGroupArn,
  sshOutputBucketName,
} from "../../modules/deployment/names";
import { sshDetections } from "../../modules/deployment/plan";
import { sshAgentConfig } from "../../modules/deployment/ssh-agent-config";
import type { AccountModel, OrganizationModel } from "../../modules/manifest/model";
import { terraformValue } from "../../modules/constructs/terraform-literal";
import { auditStack } from "../stacks/policy-audit";
import { synthOrganization, type TerraformJson } from "../support/synth";

type Resource = Record<string, unknown>;
const REPO = join(__dirname, "..", "..");

function load(dir: string): OrganizationModel {
  const result = loadCheckedOrganization(join(REPO, dir));
  if (!result.ok) throw new Error(`${dir} has problems: ${JSON.stringify(result.problems)}`);
  return result.value;
}

/** The resources of a type in one Region (by provider alias), keyed by logical id. */
const inRegion = (tf: TerraformJson, type: string, region: string): Resource[] =>
  Object.values(tf.resource?.[type] ?? {}).filter((r) => r.provider === `aws.${region}`);
const named = (tf: TerraformJson, type: string, region: string, key: string, name: string): Resource | undefined =>
  inRegion(tf, type, region).find((r) => r[key] === name);

const validateAgentConfig = new Ajv({ allErrors: true, strict: false }).compile(agentSchema);

const examples = [
  { dir: "accounts", model: load("accounts") },
  { dir: "examples/standalone", model: load("examples/standalone") },
];
const cases = examples.flatMap(({ dir, model }) => {
  const stacks = synthOrganization(model);
  return model.accounts.map((account) => ({ label: `${dir}: ${account.name}`, model, account, tf: stacks[account.name].tf }));
});

test("the examples exercise every setting: several Regions, an instance profile, a custom tag and schedule, an account turned off", () => {
  const ssh = cases.map((c) => c.account.ssh);
  expect(ssh.some((s) => s !== undefined && s.regions.length > 1)).toBe(true);
  expect(ssh.some((s) => s?.instanceProfile)).toBe(true);
  expect(ssh.some((s) => s?.instanceTag.key === "ssh-logs")).toBe(true);
  expect(ssh.some((s) => s?.schedule === "rate(1 hour)")).toBe(true);
  expect(ssh.some((s) => s === undefined)).toBe(true);
});

describe.each(cases)("$label", ({ model, account, tf }) => {
  const ssh = account.ssh;
  const regions = ssh?.regions ?? [];
  const deployed = ssh ? sshDetections(model, account) : [];

  if (!ssh) {
    test("ships nothing and deploys no SSH detection", () => {
      expect(tf.resource?.aws_ssm_document).toBeUndefined();
      expect(tf.resource?.aws_ssm_association).toBeUndefined();
      expect(tf.resource?.aws_cloudwatch_log_transformer).toBeUndefined();
      expect(Object.values(tf.resource?.aws_cloudwatch_log_group ?? {}).map((g) => g.name)).not.toContain(SSH_LOG_GROUP_NAME);
    });
    return;
  }

  test.each(regions)("%s: the agent parameter is valid for the agent's schema and ships both auth logs as cwagent", (region) => {
    const parameter = named(tf, "aws_ssm_parameter", region, "name", SSH_AGENT_PARAMETER_NAME);
    expect(parameter).toMatchObject({ type: "String", tier: "Standard" });
    const config = JSON.parse(terraformValue(String(parameter?.value))) as ReturnType<typeof sshAgentConfig>;
    expect(validateAgentConfig(config)).toBe(true);
    expect(config).toEqual(sshAgentConfig());
    expect(config.agent.run_as_user).toBe("cwagent");
    expect(config.logs.logs_collected.files.collect_list.map((c) => [c.file_path, c.log_group_name, c.log_stream_name, c.timestamp_format])).toEqual([
      ["/var/log/secure", SSH_LOG_GROUP_NAME, "{instance_id}", "%b %d %H:%M:%S"],
      ["/var/log/auth.log", SSH_LOG_GROUP_NAME, "{instance_id}", "%b %d %H:%M:%S"],
    ]);
  });

  test.each(regions)("%s: the document and the association running it on the tagged instances, output to the account's bucket", (region) => {
    const document = named(tf, "aws_ssm_document", region, "name", SSH_DOCUMENT_NAME);
    expect(document).toMatchObject({ document_type: "Command", document_format: "JSON", target_type: "/AWS::EC2::Instance" });
    const content = JSON.parse(terraformValue(String(document?.content))) as { schemaVersion: string; mainSteps: { action: string }[] };
    expect(content.schemaVersion).toBe("2.2");
    expect(content.mainSteps.map((s) => s.action)).toEqual(["aws:runShellScript"]);
    const association = named(tf, "aws_ssm_association", region, "association_name", SSH_ASSOCIATION_NAME);
    const bucket = sshOutputBucketName({ partition: model.partition, region, accountId: account.id });
    expect(association).toMatchObject({
      name: SSH_DOCUMENT_NAME,
      targets: [{ key: `tag:${ssh.instanceTag.key}`, values: [ssh.instanceTag.value] }],
      schedule_expression: ssh.schedule,
      output_location: { s3_bucket_name: bucket, s3_key_prefix: "ssh-log-shipping/", s3_region: region },
    });
    expect(named(tf, "aws_s3_bucket", region, "bucket", bucket)).toBeDefined();
  });

  test.each(regions)("%s: the log group, encrypted with its own key, retention from the manifest", (region) => {
    const group = named(tf, "aws_cloudwatch_log_group", region, "name", SSH_LOG_GROUP_NAME);
    expect(group).toMatchObject({ retention_in_days: ssh.logRetentionDays, log_group_class: "STANDARD" });
    expect(String(group?.kms_key_id)).toMatch(/^\$\{aws_kms_key\.ssh-log-group-.*\.arn\}$/);
    const keyId = /aws_kms_key\.([^.]+)\.arn/.exec(String(group?.kms_key_id))?.[1] ?? "";
    const policy = JSON.parse(String(tf.resource?.aws_kms_key?.[keyId]?.policy)) as { Statement: { Sid: string; Condition?: unknown }[] };
    expect(policy.Statement.find((s) => s.Sid === "CloudWatchLogsEncryptsSshLogGroup")?.Condition).toEqual({
      ArnEquals: { "kms:EncryptionContext:aws:logs:arn": sshLogGroupArn({ partition: model.partition, region, accountId: account.id }) },
    });
  });

  test.each(regions)("%s: a metric filter and an alarm per SSH metric-filter detection, as the plan deploys it", (region) => {
    const filters = deployed.flatMap((d) => (d.detection.kind === "metric-filter" ? [d.detection] : []));
    expect(filters.map((d) => d.id)).toEqual(["ssh-invalid-user", "ssh-failed-password", "ssh-preauth-disconnect"]);
    for (const d of filters) {
      expect(named(tf, "aws_cloudwatch_log_metric_filter", region, "name", detectionResourceName(d.id))).toMatchObject({
        pattern: d.pattern,
        metric_transformation: { name: d.id, value: "1", default_value: "0" },
      });
      const alarm = named(tf, "aws_cloudwatch_metric_alarm", region, "alarm_name", detectionResourceName(d.id));
      expect(alarm).toMatchObject({ metric_name: d.id, period: d.alarm.periodSeconds, threshold: d.alarm.threshold, comparison_operator: d.alarm.comparison, statistic: "Sum" });
      expect(String((alarm?.alarm_actions as string[])[0])).toMatch(/^\$\{aws_sns_topic\..*alerts.*\.arn\}$/);
    }
  });

  test.each(regions)("%s: the transformer, and ssh-brute-force's rule on the transformed events with its alarm", (region) => {
    const bruteForce = deployed.find((d) => d.detection.id === "ssh-brute-force")?.detection as ContributorInsightsDetection;
    const transformers = inRegion(tf, "aws_cloudwatch_log_transformer", region);
    expect(transformers).toHaveLength(1);
    expect(transformers[0].log_group_arn).toBe(sshLogGroupArn({ partition: model.partition, region, accountId: account.id }));
    const grok = (transformers[0].transformer_config as { grok: { match: string; source: string }[] }[])[0].grok[0];
    expect(terraformValue(grok.match)).toBe(bruteForce.transformer?.grok);
    expect(grok.source).toBe("@message");

    const stack = named(tf, "aws_cloudformation_stack", region, "name", detectionResourceName("ssh-brute-force"));
    const template = JSON.parse(terraformValue(String(stack?.template_body))) as { Resources: { Rule: { Type: string; Properties: Record<string, unknown> } } };
    expect(template.Resources.Rule.Type).toBe("AWS::CloudWatch::InsightRule");
    expect(template.Resources.Rule.Properties).toMatchObject({ RuleName: "tripline-ssh-brute-force", RuleState: "ENABLED", ApplyOnTransformedLogs: true });
    expect(JSON.parse(String(template.Resources.Rule.Properties.RuleBody))).toEqual({
      Schema: { Name: "CloudWatchLogRule", Version: 1 },
      LogGroupNames: [SSH_LOG_GROUP_NAME],
      LogFormat: "JSON",
      Contribution: { Keys: ["$.ip"], Filters: [{ Match: "$.program", In: ["sshd", "sshd-session"] }] },
      AggregateOn: "Count",
    });
    expect(stack?.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_cloudwatch_log_transformer\./)]));
    const alarm = named(tf, "aws_cloudwatch_metric_alarm", region, "alarm_name", detectionResourceName("ssh-brute-force"));
    expect(alarm).toMatchObject({ threshold: bruteForce.alarm.threshold, comparison_operator: "GreaterThanThreshold" });
    expect(alarm?.metric_query).toEqual([expect.objectContaining({ expression: "INSIGHT_RULE_METRIC('tripline-ssh-brute-force', 'MaxContributorValue')", period: 60 })]);
  });

  test.each(regions)("%s: the alarms notify the account's alert topic in that Region", (region) => {
    const topics = inRegion(tf, "aws_sns_topic", region).map((t) => t.name);
    expect(topics).toContain("tripline-alerts");
  });

  test("every policy passes the audit (instance role, key policies, bucket policy, topics)", () => {
    expect(auditStack(tf, { accountIds: new Set(model.accounts.map((a) => a.id)) }).findings).toEqual([]);
  });

  test("an instance profile exactly where the manifest asks", () => {
    const roles = Object.values(tf.resource?.aws_iam_role ?? {}).filter((r) => r.name === SSH_INSTANCE_ROLE_NAME);
    const attachments = Object.values(tf.resource?.aws_iam_role_policy_attachment ?? {}).map((a) => String(a.policy_arn));
    if (ssh.instanceProfile) {
      expect(roles).toHaveLength(1);
      expect(Object.values(tf.resource?.aws_iam_instance_profile ?? {}).map((p) => p.name)).toEqual([SSH_INSTANCE_ROLE_NAME]);
      expect(attachments).toEqual(expect.arrayContaining([`arn:${model.partition}:iam::aws:policy/CloudWatchAgentServerPolicy`, `arn:${model.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore`]));
      const inline = Object.values(tf.resource?.aws_iam_role_policy ?? {}).find((p) => p.name === "tripline-ssh-bootstrap-output");
      const statements = (JSON.parse(String(inline?.policy)) as { Statement: { Sid: string; Resource: string[] }[] }).Statement;
      expect(statements.find((st) => st.Sid === "WriteBootstrapOutput")?.Resource).toEqual(
        regions.map((region) => `arn:${model.partition}:s3:::${sshOutputBucketName({ partition: model.partition, region, accountId: account.id })}/ssh-log-shipping/*`),
      );
    } else {
      expect(roles).toHaveLength(0);
      expect(tf.resource?.aws_iam_instance_profile).toBeUndefined();
    }
  });
});

test("an account's settings override the organization's for its SSH detections", () => {
  const base = load("accounts");
  const payments = base.accounts.find((a) => a.name === "payments-prod") as AccountModel;
  const tuned: AccountModel = { ...payments, detections: { settings: { "ssh-brute-force": { threshold: 20 }, "ssh-invalid-user": { enabled: false } } } };
  const ids = sshDetections(base, tuned).map((d) => [d.detection.id, d.detection.kind === "contributor-insights" ? d.detection.alarm.threshold : undefined]);
  expect(ids).toEqual([
    ["ssh-failed-password", undefined],
    ["ssh-preauth-disconnect", undefined],
    ["ssh-brute-force", 20],
  ]);
  expect(catalog.filter((d) => d.source === "ssh").map((d) => d.id)).toHaveLength(4);
});
