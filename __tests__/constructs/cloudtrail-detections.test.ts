/**
 * CloudTrailDetections inside a plain stack, read back from the synthesized JSON:
 * - Security Hub's CloudWatch.1–14 and Prowler's CloudWatch metric-filter checks pass on it;
 * - every deployed pattern (metric filters, the Contributor Insights rule, the subscription
 *   filter) is evaluated with the engines over the catalog's examples and the corpus: what is
 *   deployed is what is tested, exceptions included;
 * - every filter, alarm, rule and the topics are named by contract 8.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { catalog } from "../../modules/catalog";
import type { Detection, ExampleEvent } from "../../modules/catalog/detection";
import { trailDetections, TUNED_SUFFIX, type DeployedDetection } from "../../modules/deployment/plan";
import { isExcepted } from "../support/exception-spec";
import { compileContributorRule } from "../../modules/engines/contributor-rule";
import { compileFilterPattern, toLogEvent, type LogEvent } from "../../modules/engines/filter-pattern";
import type { OrganizationModel } from "../../modules/manifest/model";
import type { DetectionException } from "../../modules/manifest/schema";
import { CloudTrailDetections } from "../../modules/constructs/cloudtrail-detections";
import { corpusPath } from "../corpus-path";
import { auditStack } from "../stacks/policy-audit";
import { VALID_ORGANIZATION } from "../support/manifest-folder";
import { organizationFrom, type TerraformJson } from "../support/synth";

const IDS = new Set(catalog.map((d) => d.id));
const LOG_GROUP = "tripline-trail";
const LOG_GROUP_ARN = "arn:aws:logs:us-east-1:111111111111:log-group:tripline-trail";

/** Exceptions written against the corpus, so that tuning changes what matches there. */
const EXCEPTIONS_YAML = [
  "detections:",
  "  exceptions:",
  "    root-account-usage:",
  "      - reason: break-glass drills from the office",
  "        sourceIps: [192.0.2.0/31]",
  "      - reason: AWS Support working a case as root",
  "        principals: ['arn:aws:iam::*:root']",
  "        userAgents: ['Coral/*']",
  "    unauthorized-api-calls:",
  "      - reason: the sample role probes permissions by design",
  "        principals: ['arn:aws:iam::*:role/SampleRole']",
  "      - reason: CLI with the CRT, our pipeline's dry runs",
  "        userAgents: ['aws-cli/* md/awscrt*']",
  "      - reason: the example role, from the lab network",
  "        sourceIps: [111.111.111.0/24]",
  "        principals: ['arn:aws:sts::123456789012:assumed-role/example-role/*']",
  "    console-auth-failure:",
  "      - reason: the password-reset kiosk",
  "        sourceIps: [89.160.20.156]",
  "    console-brute-force:",
  "      - reason: the corporate NAT",
  "        sourceIps: [192.0.2.0]",
  "    api-enumeration:",
  "      - reason: the Elastic test user runs the integration suite",
  "        principals: ['arn:aws:iam::*:user/test@elastic.co']",
  "    off-hours-console-login:",
  "      - reason: anaya works nights",
  "        principals: ['arn:aws:iam::111122223333:user/anaya']",
  "",
].join("\n");

interface Synthesized {
  readonly organization: OrganizationModel;
  readonly json: string;
  readonly tf: TerraformJson;
  readonly deployed: readonly DeployedDetection[];
}

function synthesize(orgYaml = ""): Synthesized {
  const organization = organizationFrom({ "organization.yaml": `${VALID_ORGANIZATION["organization.yaml"]}${orgYaml}` }, undefined, IDS);
  const stack = new TerraformStack(Testing.app(), "trail-owner");
  const provider = new AwsProvider(stack, "aws", { region: organization.homeRegion });
  const construct = new CloudTrailDetections(stack, "cloudtrail-detections", {
    organization,
    account: organization.trailOwner,
    provider,
    logGroupName: LOG_GROUP,
    logGroupArn: LOG_GROUP_ARN,
  });
  const json = Testing.synth(stack);
  return { organization, json, tf: JSON.parse(json) as TerraformJson, deployed: construct.deployed };
}

const plain = synthesize();
const tuned = synthesize(EXCEPTIONS_YAML);

type Resource = Record<string, unknown>;
const resources = (s: Synthesized, type: string): [string, Resource][] => Object.entries(s.tf.resource?.[type] ?? {});
const filters = (s: Synthesized) => resources(s, "aws_cloudwatch_log_metric_filter").map(([, r]) => r);
const alarms = (s: Synthesized) => resources(s, "aws_cloudwatch_metric_alarm").map(([, r]) => r);
const metricOf = (filter: Resource) => (filter.metric_transformation as { name: string; namespace: string });

/** The corpus's CloudTrail records, one JSON text each, as CloudTrail writes them to CloudWatch Logs. */
const CORPUS: readonly string[] = (() => {
  const dir = corpusPath("cloudtrail");
  const lines = readdirSync(dir)
    .filter((f) => f.endsWith(".jsonl"))
    .flatMap((f) => readFileSync(join(dir, f), "utf8").split("\n").filter((l) => l.trim() !== ""));
  const delivered = JSON.parse(readFileSync(join(dir, "s3-delivery", "stratus-red-team-detonations.json"), "utf8")) as { Records: unknown[] };
  return [...lines, ...delivered.Records.map((r) => JSON.stringify(r))];
})();

const asText = (e: ExampleEvent): string => (typeof e === "string" ? e : JSON.stringify(e));
const catalogDetection = (id: string): Detection => catalog.find((d) => d.id === id) as Detection;
const exceptionsOf = (s: Synthesized, id: string): DetectionException[] => [
  ...(s.organization.detections.exceptions?.[id] ?? []),
  ...(s.organization.trailOwner.detections.exceptions?.[id] ?? []),
];
const excepted = (s: Synthesized, catalogId: string, text: string): boolean => {
  const record = toLogEvent(text).json as Record<string, unknown> | undefined;
  return record !== undefined && exceptionsOf(s, catalogId).some((e) => isExcepted(e, record));
};

/** What a deployed detection must match: its catalog pattern, minus the excepted events for a tuned one. */
function expectation(s: Synthesized, d: DeployedDetection): (text: string, event: LogEvent) => boolean {
  const original = catalogDetection(d.catalogId);
  const base =
    original.kind === "contributor-insights"
      ? ((rule) => (_: string, e: LogEvent) => rule(e.json) !== undefined)(compileContributorRule(original.rule))
      : original.kind === "event-rule"
        ? () => false
        : ((test) => (_: string, e: LogEvent) => test(e))(compileFilterPattern(original.pattern));
  if (d.twin === "exact" || d.exceptionsAt.length === 0) return base;
  return (text, e) => base(text, e) && !excepted(s, d.catalogId, text);
}

describe.each([
  ["without exceptions", plain],
  ["with exceptions", tuned],
])("%s", (_name, s) => {
  test("every deployed metric filter reads the trail's log group and is read back and evaluated over the examples and the corpus", () => {
    const byName = new Map(s.deployed.map((d) => [`tripline-${d.detection.id}`, d]));
    const deployedFilters = filters(s);
    expect(deployedFilters.map((f) => f.name).sort()).toEqual(s.deployed.filter((d) => d.detection.kind === "metric-filter").map((d) => `tripline-${d.detection.id}`).sort());
    for (const filter of deployedFilters) {
      expect(filter.log_group_name).toBe(LOG_GROUP);
      const d = byName.get(String(filter.name)) as DeployedDetection;
      const fires = compileFilterPattern(String(filter.pattern));
      const expected = expectation(s, d);
      const examples = catalogDetection(d.catalogId).examples;
      for (const text of [...examples.match, ...examples.miss].map(asText).concat(CORPUS)) {
        const event = toLogEvent(text);
        if (fires(event) !== expected(text, event)) throw new Error(`${String(filter.name)} disagrees on ${text.slice(0, 200)}`);
      }
      // The catalog's own evidence, through the deployed text.
      if (d.exceptionsAt.length === 0 || d.twin === "exact") {
        for (const e of examples.match) expect(fires(toLogEvent(asText(e)))).toBe(true);
        for (const e of examples.miss) expect(fires(toLogEvent(asText(e)))).toBe(false);
      }
    }
  });

  test("the Contributor Insights rule is read back and evaluated over the examples and the corpus", () => {
    const rules = resources(s, "aws_cloudwatch_contributor_insight_rule").map(([, r]) => r);
    expect(rules.map((r) => r.rule_name)).toEqual(["tripline-console-brute-force"]);
    const body = JSON.parse(String(rules[0].rule_definition)) as { LogGroupNames: string[]; Contribution: { Keys: string[]; Filters: never[] } };
    expect(body.LogGroupNames).toEqual([LOG_GROUP]);
    const count = compileContributorRule({ keys: body.Contribution.Keys, filters: body.Contribution.Filters });
    const d = s.deployed.find((x) => x.detection.id === "console-brute-force") as DeployedDetection;
    const expected = expectation(s, d);
    const examples = catalogDetection("console-brute-force").examples;
    for (const text of [...examples.match, ...examples.miss].map(asText).concat(CORPUS)) {
      const event = toLogEvent(text);
      expect([text.slice(0, 80), count(event.json) !== undefined]).toEqual([text.slice(0, 80), expected(text, event)]);
    }
  });

  test("the subscription filter passes every event a stream detection's deployed pattern matches, and only those", () => {
    const [subscription] = resources(s, "aws_cloudwatch_log_subscription_filter").map(([, r]) => r);
    expect(subscription).toMatchObject({ name: "tripline-stream-detector", log_group_name: LOG_GROUP });
    const passes = compileFilterPattern(String(subscription.filter_pattern));
    const streams = s.deployed.filter((d) => d.detection.kind === "stream");
    expect(streams.map((d) => d.detection.id)).toEqual(["off-hours-console-login", "api-enumeration"]);
    const each = streams.map((d) => ({ test: compileFilterPattern((d.detection as { pattern: string }).pattern), expected: expectation(s, d) }));
    for (const text of CORPUS) {
      const event = toLogEvent(text);
      expect(passes(event)).toBe(each.some((x) => x.test(event)));
      for (const x of each) expect(x.test(event)).toBe(x.expected(text, event));
    }
  });

  test("names follow contract 8: filter, metric and alarm carry the detection id", () => {
    for (const filter of filters(s)) {
      const metric = metricOf(filter);
      expect(filter.name).toBe(`tripline-${metric.name}`);
      expect(metric).toMatchObject({ namespace: "tripline" });
      expect(filter.metric_transformation).toMatchObject({ value: "1", default_value: "0" });
      expect(alarms(s).filter((a) => a.metric_name === metric.name && a.namespace === metric.namespace).map((a) => a.alarm_name)).toEqual([`tripline-${metric.name}`]);
    }
    const names = alarms(s).map((a) => String(a.alarm_name));
    for (const d of s.deployed) expect(names).toContain(`tripline-${d.detection.id}`);
    expect(names).toContain("tripline-stream-detector-dlq");
    expect(new Set(names).size).toBe(names.length);
    for (const alarm of alarms(s)) expect(alarm.treat_missing_data).toBe("notBreaching");
  });
});

// ---------------------------------------------------------------------------------------------
// Security Hub CloudWatch.1–14: a metric filter with the control's exact pattern on the log group
// of a multi-Region trail, an alarm on its metric, an SNS action, a topic with a subscriber.
// https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html

/** Topic resource key → whether some subscription targets it. */
function subscribedTopics(s: Synthesized): Set<string> {
  const subscribed = new Set<string>();
  for (const [, sub] of resources(s, "aws_sns_topic_subscription")) {
    const m = /^\$\{aws_sns_topic\.([^.]+)\.arn\}$/.exec(String(sub.topic_arn));
    if (m) subscribed.add(m[1]);
  }
  return subscribed;
}

function securityHubPasses(s: Synthesized, control: string): boolean {
  const detection = catalog.find((d) => d.controls.includes(control));
  if (detection?.kind !== "metric-filter") return false;
  const subscribed = subscribedTopics(s);
  return filters(s).some((filter) => {
    if (filter.log_group_name !== LOG_GROUP || filter.pattern !== detection.pattern) return false;
    const metric = metricOf(filter);
    return alarms(s).some(
      (a) =>
        a.metric_name === metric.name &&
        a.namespace === metric.namespace &&
        a.actions_enabled === true &&
        ((a.alarm_actions as string[]) ?? []).some((arn) => {
          const m = /^\$\{aws_sns_topic\.([^.]+)\.arn\}$/.exec(arn);
          return m !== null && subscribed.has(m[1]);
        }),
    );
  });
}

const CONTROLS = Array.from({ length: 14 }, (_, i) => `CloudWatch.${i + 1}`);

describe.each([
  ["without exceptions", plain],
  ["with exceptions (the exact twin keeps the control)", tuned],
])("Security Hub, %s", (_name, s) => {
  test.each(CONTROLS)("%s passes", (control) => {
    expect(securityHubPasses(s, control)).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// Prowler's checks: a metric filter on a trail's log group whose pattern the check's regex finds
// (re.search, DOTALL), and an alarm on that filter's metric. Regexes as built by Prowler's
// `build_metric_filter_pattern` (prowler/providers/aws/services/cloudwatch/lib/metric_filters.py,
// prowler-cloud/prowler at 3e000faa, 2026-08) and the two written out in their checks.

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
function prowlerPattern(eventNames: string[], eventSource?: string, extra: [string, "=" | "!=", string][] = []): RegExp {
  const parts: string[] = [];
  if (eventSource) parts.push(`(?=.*\\$\\.eventSource\\s*=\\s*.?${escape(eventSource)})`);
  for (const name of eventNames) parts.push(`(?=.*\\$\\.eventName\\s*=\\s*.?${escape(name)}\\b)`);
  for (const [field, op, value] of extra) parts.push(`(?=.*\\$\\.${escape(field)}${op === "!=" ? "\\s*!=\\s*" : "\\s*=\\s*"}.?${escape(value)})`);
  return new RegExp(parts.join(""), "s");
}

const PROWLER: Record<string, RegExp> = {
  cloudwatch_log_metric_filter_root_usage: /\$\.userIdentity\.type\s*=\s*.?Root.+\$\.userIdentity\.invokedBy NOT EXISTS.+\$\.eventType\s*!=\s*.?AwsServiceEvent.?/s,
  cloudwatch_log_metric_filter_unauthorized_api_calls: /\$\.errorCode\s*=\s*.?\*UnauthorizedOperation.+\$\.errorCode\s*=\s*.?AccessDenied\*.?/s,
  cloudwatch_log_metric_filter_sign_in_without_mfa: prowlerPattern(["ConsoleLogin"], undefined, [["additionalEventData.MFAUsed", "!=", "Yes"]]),
  cloudwatch_log_metric_filter_policy_changes: prowlerPattern([
    "DeleteGroupPolicy", "DeleteRolePolicy", "DeleteUserPolicy", "PutGroupPolicy", "PutRolePolicy", "PutUserPolicy", "CreatePolicy", "DeletePolicy",
    "CreatePolicyVersion", "DeletePolicyVersion", "AttachRolePolicy", "DetachRolePolicy", "AttachUserPolicy", "DetachUserPolicy", "AttachGroupPolicy", "DetachGroupPolicy",
  ]),
  cloudwatch_log_metric_filter_and_alarm_for_cloudtrail_configuration_changes_enabled: prowlerPattern(["CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging"]),
  cloudwatch_log_metric_filter_authentication_failures: prowlerPattern(["ConsoleLogin"], undefined, [["errorMessage", "=", "Failed authentication"]]),
  cloudwatch_log_metric_filter_disable_or_scheduled_deletion_of_kms_cmk: prowlerPattern(["DisableKey", "ScheduleKeyDeletion"], "kms.amazonaws.com"),
  cloudwatch_log_metric_filter_for_s3_bucket_policy_changes: prowlerPattern(
    ["PutBucketAcl", "PutBucketPolicy", "PutBucketCors", "PutBucketLifecycle", "PutBucketReplication", "DeleteBucketPolicy", "DeleteBucketCors", "DeleteBucketLifecycle", "DeleteBucketReplication"],
    "s3.amazonaws.com",
  ),
  cloudwatch_log_metric_filter_and_alarm_for_aws_config_configuration_changes_enabled: prowlerPattern(
    ["StopConfigurationRecorder", "DeleteDeliveryChannel", "PutDeliveryChannel", "PutConfigurationRecorder"],
    "config.amazonaws.com",
  ),
  cloudwatch_log_metric_filter_security_group_changes: prowlerPattern([
    "AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress", "RevokeSecurityGroupEgress", "CreateSecurityGroup", "DeleteSecurityGroup",
  ]),
  cloudwatch_changes_to_network_acls_alarm_configured: prowlerPattern([
    "CreateNetworkAcl", "CreateNetworkAclEntry", "DeleteNetworkAcl", "DeleteNetworkAclEntry", "ReplaceNetworkAclEntry", "ReplaceNetworkAclAssociation",
  ]),
  cloudwatch_changes_to_network_gateways_alarm_configured: prowlerPattern([
    "CreateCustomerGateway", "DeleteCustomerGateway", "AttachInternetGateway", "CreateInternetGateway", "DeleteInternetGateway", "DetachInternetGateway",
  ]),
  cloudwatch_changes_to_network_route_tables_alarm_configured: prowlerPattern(
    ["CreateRoute", "CreateRouteTable", "ReplaceRoute", "ReplaceRouteTableAssociation", "DeleteRouteTable", "DeleteRoute", "DisassociateRouteTable"],
    "ec2.amazonaws.com",
  ),
  cloudwatch_changes_to_vpcs_alarm_configured: prowlerPattern([
    "CreateVpc", "DeleteVpc", "ModifyVpcAttribute", "AcceptVpcPeeringConnection", "CreateVpcPeeringConnection", "DeleteVpcPeeringConnection",
    "RejectVpcPeeringConnection", "AttachClassicLinkVpc", "DetachClassicLinkVpc", "DisableVpcClassicLink", "EnableVpcClassicLink",
  ]),
  cloudwatch_log_metric_filter_aws_organizations_changes: prowlerPattern(
    [
      "AcceptHandshake", "AttachPolicy", "CancelHandshake", "CreateAccount", "CreateOrganization", "CreateOrganizationalUnit", "CreatePolicy", "DeclineHandshake",
      "DeleteOrganization", "DeleteOrganizationalUnit", "DeletePolicy", "EnableAllFeatures", "EnablePolicyType", "InviteAccountToOrganization", "LeaveOrganization",
      "DetachPolicy", "DisablePolicyType", "MoveAccount", "RemoveAccountFromOrganization", "UpdateOrganizationalUnit", "UpdatePolicy",
    ],
    "organizations.amazonaws.com",
  ),
};

describe.each([
  ["without exceptions", plain],
  ["with exceptions", tuned],
])("Prowler, %s", (_name, s) => {
  test.each(Object.keys(PROWLER))("%s passes", (check) => {
    const found = filters(s).filter((f) => f.log_group_name === LOG_GROUP && PROWLER[check].test(String(f.pattern)));
    expect(found.length).toBeGreaterThan(0);
    expect(found.some((f) => alarms(s).some((a) => a.metric_name === metricOf(f).name))).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------

describe("tuned twins, as deployed", () => {
  const topicKey = (alarm: Resource) => /aws_sns_topic\.([^.]+)\.arn/.exec(String((alarm.alarm_actions as string[])[0]))?.[1] ?? "";
  const alarm = (name: string) => alarms(tuned).find((a) => a.alarm_name === name) as Resource;

  test("the exact twin keeps the control's pattern and records on the compliance topic; the tuned one pages", () => {
    const root = catalogDetection("root-account-usage") as { pattern: string };
    expect(filters(tuned).find((f) => f.name === "tripline-root-account-usage")?.pattern).toBe(root.pattern);
    expect(filters(tuned).find((f) => f.name === `tripline-root-account-usage${TUNED_SUFFIX}`)?.pattern).not.toBe(root.pattern);
    expect(topicKey(alarm("tripline-root-account-usage"))).toMatch(/_compliance_/);
    expect(topicKey(alarm(`tripline-root-account-usage${TUNED_SUFFIX}`))).toMatch(/_alerts_/);
    expect(topicKey(alarm("tripline-console-auth-failure"))).toMatch(/_alerts_/);
  });

  test("the exceptions change what matches in the corpus", () => {
    const count = (s: Synthesized, name: string) => {
      const f = filters(s).find((x) => x.name === name);
      const test = compileFilterPattern(String(f?.pattern));
      return CORPUS.filter((t) => test(toLogEvent(t))).length;
    };
    expect(count(tuned, `tripline-unauthorized-api-calls${TUNED_SUFFIX}`)).toBeLessThan(count(plain, "tripline-unauthorized-api-calls"));
    expect(count(tuned, `tripline-root-account-usage${TUNED_SUFFIX}`)).toBeLessThan(count(plain, "tripline-root-account-usage"));
    expect(count(tuned, "tripline-console-auth-failure")).toBeLessThan(count(plain, "tripline-console-auth-failure"));
  });
});

test("the subscription filter passes the share of the corpus that docs/exceptions.md prices (770 of 895)", () => {
  const [subscription] = resources(plain, "aws_cloudwatch_log_subscription_filter").map(([, r]) => r);
  const passes = compileFilterPattern(String(subscription.filter_pattern));
  const dir = corpusPath("cloudtrail");
  const records = readdirSync(dir)
    .filter((f) => f.endsWith(".jsonl"))
    .flatMap((f) => readFileSync(join(dir, f), "utf8").split("\n").filter((l) => l.trim() !== ""));
  const passed = records.filter((r) => passes(toLogEvent(r))).length;
  // Update the cost table in docs/exceptions.md when this moves.
  expect([passed, records.length]).toEqual([770, 895]);
});

describe("what the construct deploys, from the manifest", () => {
  test("a detection turned off has no filter and no alarm; settings reach the alarm", () => {
    const s = synthesize("detections:\n  namespace: Security/tripline\n  settings:\n    organizations-changes: { enabled: false }\n    console-auth-failure: { threshold: 3, periodSeconds: 60 }\n");
    expect(filters(s).map((f) => f.name)).not.toContain("tripline-organizations-changes");
    expect(alarms(s).map((a) => a.alarm_name)).not.toContain("tripline-organizations-changes");
    expect(alarms(s).find((a) => a.alarm_name === "tripline-console-auth-failure")).toMatchObject({ threshold: 3, period: 60, namespace: "Security/tripline" });
    expect(filters(s).every((f) => metricOf(f).namespace === "Security/tripline")).toBe(true);
  });

  test("the stream detector is left out when every stream detection is off", () => {
    const s = synthesize("detections:\n  settings:\n    api-enumeration: { enabled: false }\n    off-hours-console-login: { enabled: false }\n");
    expect(resources(s, "aws_lambda_function")).toEqual([]);
    expect(resources(s, "aws_cloudwatch_log_subscription_filter")).toEqual([]);
    const [, topicPolicyResource] = resources(s, "aws_sns_topic_policy")[0];
    expect(String(topicPolicyResource.policy)).not.toContain("tripline-stream-detector");
  });

  test("the topics, the rule and the function are those of the home Region's provider", () => {
    expect(plain.tf.provider?.aws?.[0]).toMatchObject({ region: "us-east-1" });
    expect(resources(plain, "aws_sns_topic").map(([, t]) => t.name).sort()).toEqual(["tripline-alerts", "tripline-compliance"]);
  });

  test("only the trail owner's stack may hold it", () => {
    const organization = plain.organization;
    const stack = new TerraformStack(Testing.app(), "app");
    const provider = new AwsProvider(stack, "aws", { region: "us-east-1" });
    const app = organization.accounts.find((a) => a.name === "app");
    expect(() => new CloudTrailDetections(stack, "x", { organization, account: app as never, provider, logGroupName: LOG_GROUP, logGroupArn: LOG_GROUP_ARN })).toThrow(
      "CloudTrailDetections belongs in the trail owner's stack (management), not app's",
    );
  });

  test("every policy passes the repository's audit (confused-deputy guards, no wildcards, no open principals)", () => {
    for (const s of [plain, tuned]) {
      const { policies, findings } = auditStack(s.tf, { accountIds: new Set(s.organization.accounts.map((a) => a.id)) });
      expect(policies).toBe(8); // two key policies, two topic policies, two queue policies, the role's trust and permissions
      expect(findings).toEqual([]);
    }
  });

  test("the deployment is the plan: twins included, in catalog order", () => {
    expect(tuned.deployed.map((d) => d.detection.id)).toEqual(trailDetections(tuned.organization).map((d) => d.detection.id));
  });
});
