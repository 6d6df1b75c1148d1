/**
 * The EventBridge rules of every account and Region and the central bus, asserted on the
 * synthesized JSON of the shipped example organization (accounts/) and the standalone example
 * (examples/standalone/). Expectations are written from the rules of the issue, not from the
 * code's own placement function: every event-rule detection in every Region of the account's stack,
 * the two sign-in rules also in us-east-1, us-east-2, eu-north-1 and ap-southeast-2.
 */
import { catalog } from "../../modules/catalog";
import { loadCheckedOrganization } from "../../modules/deployment/load-organization";
import { deployedDetections, sshDetections } from "../../modules/deployment/plan";
import type { AccountModel, OrganizationModel } from "../../modules/manifest/model";
import { synthOrganization, type TerraformJson } from "../support/synth";

const SIGN_IN_REGIONS = ["us-east-1", "us-east-2", "eu-north-1", "ap-southeast-2"];
const SIGN_IN_RULES = ["root-console-login", "console-login-without-mfa-event"];
const EVENT_RULES = catalog.filter((d) => d.kind === "event-rule").map((d) => d.id);

type Resource = Record<string, unknown>;
/** Resources of a type; EventBridge rules and targets only those on the default bus (the notifier's rule is on the central bus). */
const resources = (tf: TerraformJson, type: string): Resource[] =>
  Object.values(tf.resource?.[type] ?? {}).filter((r) => !(type.startsWith("aws_cloudwatch_event_") && type !== "aws_cloudwatch_event_bus" && type !== "aws_cloudwatch_event_bus_policy" && r.event_bus_name !== undefined));
const regionOf = (r: Resource): string => String(r.provider).replace(/^aws\./, "");
/** A Terraform reference `${aws_x.name.attr}` → the referenced resource. */
const referenced = (tf: TerraformJson, ref: unknown): Resource => {
  const m = /^\$\{(aws_[a-z_]+)\.([^.]+)\.[a-z_]+\}$/.exec(String(ref));
  if (!m) throw new Error(`not a reference: ${String(ref)}`);
  return tf.resource?.[m[1]]?.[m[2]] as Resource;
};
/** Terraform's `$${` and `%%{` escapes undone: the pattern EventBridge receives. */
const deployedPattern = (rule: Resource): unknown => JSON.parse(String(rule.event_pattern).replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{"));
type Statement = { Sid: string; Effect: string; Principal?: unknown; Action: string | string[]; Resource?: unknown; Condition?: Record<string, Record<string, unknown>> };
const statements = (policy: unknown): Statement[] => (JSON.parse(String(policy)) as { Statement: Statement[] }).Statement;

function load(dir: string): OrganizationModel {
  const result = loadCheckedOrganization(dir);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value;
}

const busArnOf = (org: OrganizationModel) => `arn:aws:events:${org.homeRegion}:${org.security.id}:event-bus/tripline-security-events`;

describe.each([
  ["the example organization", "accounts"],
  ["the standalone example", "examples/standalone"],
])("%s", (_name, dir) => {
  const organization = load(dir);
  const stacks = synthOrganization(organization);
  const busArn = busArnOf(organization);

  const ownRegions = (account: AccountModel) => [...new Set([organization.homeRegion, ...account.regions])];
  /** Where the account raises tripline alarms: the trail owner's home Region, and its SSH Regions. */
  const alarmRegions = (account: AccountModel): string[] => [
    ...new Set([
      ...(account === organization.trailOwner ? [organization.homeRegion] : []),
      ...(account.ssh && sshDetections(organization, account).length > 0 ? account.ssh.regions : []),
    ]),
  ];
  const expectedRules = (account: AccountModel): string[] => {
    const own = ownRegions(account);
    const signInOnly = SIGN_IN_REGIONS.filter((r) => !own.includes(r));
    return [
      ...own.flatMap((region) => EVENT_RULES.map((id) => `${region} tripline-${id}`)),
      ...signInOnly.flatMap((region) => SIGN_IN_RULES.map((id) => `${region} tripline-${id}`)),
      ...alarmRegions(account).map((region) => `${region} tripline-alarm-state-changes`),
    ].sort();
  };

  test.each(organization.accounts.map((a) => [a.name, a] as const))("%s: the rule set per Region (detections × Regions, sign-in Regions included)", (name, account) => {
    const rules = resources(stacks[name].tf, "aws_cloudwatch_event_rule");
    expect(rules.map((r) => `${regionOf(r)} ${String(r.name)}`).sort()).toEqual(expectedRules(account));
    const own = ownRegions(account).length;
    const signInOnly = SIGN_IN_REGIONS.filter((r) => !ownRegions(account).includes(r)).length;
    expect(rules.length).toBe(own * EVENT_RULES.length + signInOnly * SIGN_IN_RULES.length + alarmRegions(account).length);
    for (const rule of rules) expect(rule.state).toBe("ENABLED");
    // A provider for every Region that holds a rule.
    expect(new Set((stacks[name].tf.provider?.aws ?? []).map((p) => p.alias))).toEqual(new Set(rules.map(regionOf)));
  });

  test.each(organization.accounts.map((a) => [a.name, a] as const))("%s: each rule's pattern is the catalog's, compiled with the manifest's exceptions", (name, account) => {
    const compiled = new Map(deployedDetections(organization, account).map((d) => [`tripline-${d.detection.id}`, d.detection]));
    for (const rule of resources(stacks[name].tf, "aws_cloudwatch_event_rule")) {
      if (rule.name === "tripline-alarm-state-changes") {
        expect(deployedPattern(rule)).toEqual({
          source: ["aws.cloudwatch"],
          "detail-type": ["CloudWatch Alarm State Change"],
          detail: { alarmName: [{ prefix: "tripline-" }], state: { value: ["ALARM"] } },
        });
        continue;
      }
      const detection = compiled.get(String(rule.name));
      expect(detection?.kind).toBe("event-rule");
      if (detection?.kind === "event-rule") expect(deployedPattern(rule)).toEqual(detection.eventPattern);
    }
  });

  test.each(organization.accounts.map((a) => [a.name, a] as const))("%s: every target is the central bus, through the account's role, with retries and a dead-letter queue of its Region", (name, account) => {
    const { tf } = stacks[name];
    const targets = resources(tf, "aws_cloudwatch_event_target");
    expect(targets).toHaveLength(resources(tf, "aws_cloudwatch_event_rule").length);
    for (const target of targets) {
      expect(target).toMatchObject({
        arn: busArn,
        role_arn: `arn:aws:iam::${account.id}:role/tripline-event-forwarder`,
        target_id: "tripline-security-events",
        retry_policy: { maximum_event_age_in_seconds: 3600, maximum_retry_attempts: 185 },
      });
      const rule = referenced(tf, target.rule);
      const queue = referenced(tf, (target.dead_letter_config as { arn: string }).arn);
      expect([regionOf(rule), regionOf(queue)]).toEqual([regionOf(target), regionOf(target)]);
      expect(queue).toMatchObject({ name: "tripline-event-forwarder-dlq", sqs_managed_sse_enabled: true, message_retention_seconds: 1_209_600 });
    }
  });

  test.each(organization.accounts.map((a) => [a.name, a] as const))("%s: each dead-letter queue admits only EventBridge on behalf of its Region's rules, over TLS", (name, account) => {
    const { tf } = stacks[name];
    const rulesByRegion = new Map<string, string[]>();
    for (const rule of resources(tf, "aws_cloudwatch_event_rule")) {
      const region = regionOf(rule);
      rulesByRegion.set(region, [...(rulesByRegion.get(region) ?? []), `arn:aws:events:${region}:${account.id}:rule/${String(rule.name)}`]);
    }
    const policies = resources(tf, "aws_sqs_queue_policy").filter((p) => String(p.policy).includes("EventBridgeDeadLetters") && !String(p.policy).includes("event-bus/"));
    expect(policies).toHaveLength(rulesByRegion.size);
    for (const p of policies) {
      const region = regionOf(p);
      const [allow, deny] = statements(p.policy);
      const sources = allow.Condition?.ArnEquals["aws:SourceArn"];
      expect([sources].flat().sort()).toEqual(rulesByRegion.get(region)?.sort());
      expect(allow).toEqual({
        Sid: "EventBridgeDeadLetters",
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sqs:SendMessage",
        Resource: `arn:aws:sqs:${region}:${account.id}:tripline-event-forwarder-dlq`,
        Condition: { ArnEquals: { "aws:SourceArn": sources } },
      });
      expect(deny).toMatchObject({ Effect: "Deny", Principal: "*", Action: "sqs:*", Condition: { Bool: { "aws:SecureTransport": "false" } } });
    }
  });

  test.each(organization.accounts.map((a) => [a.name, a] as const))("%s: the forwarding role may only put events on that one bus, assumed only by this account's rules", (name, account) => {
    const roles = resources(stacks[name].tf, "aws_iam_role").filter((r) => r.name === "tripline-event-forwarder");
    expect(roles).toHaveLength(1);
    expect(statements(roles[0].assume_role_policy)).toEqual([
      {
        Sid: "EventBridgeRulesOfThisAccountAssume",
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": account.id }, ArnLike: { "aws:SourceArn": `arn:aws:events:*:${account.id}:rule/tripline-*` } },
      },
    ]);
    const policies = resources(stacks[name].tf, "aws_iam_role_policy").filter((p) => String(p.role).includes("event-forwarder-role"));
    expect(policies).toHaveLength(1);
    expect(statements(policies[0].policy)).toEqual([{ Sid: "PutEventsOnCentralBus", Effect: "Allow", Action: "events:PutEvents", Resource: busArn }]);
  });

  test("the central bus is in the security account's stack only, in the home Region, encrypted with its own key and with a dead-letter queue", () => {
    for (const [name, { tf }] of Object.entries(stacks)) {
      expect(resources(tf, "aws_cloudwatch_event_bus")).toHaveLength(name === organization.security.name ? 1 : 0);
    }
    const { tf } = stacks[organization.security.name];
    const [bus] = resources(tf, "aws_cloudwatch_event_bus");
    expect(bus).toMatchObject({ name: "tripline-security-events", provider: `aws.${organization.homeRegion}` });
    expect(referenced(tf, bus.kms_key_identifier)).toMatchObject({ enable_key_rotation: true });
    const dlq = referenced(tf, (bus.dead_letter_config as { arn: string }).arn);
    expect(dlq).toMatchObject({ name: "tripline-security-events-dlq", sqs_managed_sse_enabled: true });
    const dlqPolicy = resources(tf, "aws_sqs_queue_policy").find((p) => String(p.policy).includes("event-bus/"));
    expect(statements(dlqPolicy?.policy)[0].Condition).toEqual({ ArnEquals: { "aws:SourceArn": [busArn] } });
  });

  test("the bus policy admits PutEvents only, only from this organization (standalone: the account)", () => {
    const { tf } = stacks[organization.security.name];
    const [policy] = resources(tf, "aws_cloudwatch_event_bus_policy");
    const expected =
      organization.mode === "organization"
        ? { Sid: "OrganizationPutsEvents", Effect: "Allow", Principal: "*", Action: "events:PutEvents", Resource: busArn, Condition: { StringEquals: { "aws:PrincipalOrgID": organization.organizationId } } }
        : { Sid: "AccountPutsEvents", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${organization.security.id}:root` }, Action: "events:PutEvents", Resource: busArn };
    expect(statements(policy.policy)).toEqual([expected]);
  });

  test("the bus key lets EventBridge use it for this bus, and nobody else use it", () => {
    const { tf } = stacks[organization.security.name];
    const [bus] = resources(tf, "aws_cloudwatch_event_bus");
    const key = referenced(tf, bus.kms_key_identifier);
    const policy = statements(key.policy);
    const uses = (s: Statement) => [s.Action].flat().some((a) => /^kms:(Decrypt|Encrypt|GenerateDataKey|ReEncrypt)/.test(a));
    expect(policy.filter(uses)).toEqual([
      {
        Sid: "EventBridgeEncryptsTheBus",
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
        Resource: "*",
        Condition: {
          StringEquals: { "aws:SourceAccount": organization.security.id, "kms:EncryptionContext:aws:events:event-bus:arn": busArn },
          ArnEquals: { "aws:SourceArn": busArn },
        },
      },
    ]);
    expect(policy.map((s) => s.Sid)).toEqual(["KeyAdministrationByOwningAccount", "EventBridgeEncryptsTheBus", "EventBridgeDescribesTheKey"]);
    expect(resources(tf, "aws_kms_alias").map((a) => a.name)).toContain("alias/tripline-security-events");
  });
});

describe("manifest text in a pattern is written for Terraform as text", () => {
  test("an exception's ${…} and %{…} are escaped, so Terraform does not evaluate them", async () => {
    const { organizationFrom } = await import("../support/synth");
    const ids = new Set(catalog.map((d) => d.id));
    const organization = organizationFrom(
      {
        "organization.yaml": [
          "organizationId: o-a1b2c3d4e5",
          "homeRegion: us-east-1",
          "regions: [us-east-1]",
          "detections:",
          "  exceptions:",
          "    root-console-login:",
          "      - reason: hostile",
          "        userAgents: ['${file(\"/etc/passwd\")}', '%{ if true }x%{ endif }']",
          "",
        ].join("\n"),
        "app.yaml": 'name: app\nid: "444444444444"\nrole: workload\nemail: app@example.com\n',
      },
      undefined,
      ids,
    );
    const { tf } = synthOrganization(organization).app;
    const rule = resources(tf, "aws_cloudwatch_event_rule").find((r) => r.name === "tripline-root-console-login" && regionOf(r) === "us-east-1");
    const text = String(rule?.event_pattern);
    expect(text).toContain('$${file(\\"/etc/passwd\\")}');
    expect(text).toContain("%%{ if true }x%%{ endif }");
    expect(text).not.toMatch(/(^|[^$])\$\{/);
    expect(JSON.stringify(deployedPattern(rule as Resource))).toContain('${file(\\"/etc/passwd\\")}');
  });
});
