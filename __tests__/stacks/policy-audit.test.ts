import type { OrganizationModel } from "../../modules/manifest/model";
import {
  delegatedOrganization,
  fullOrganization,
  plainOrganization,
  standaloneAccount,
  synthOrganization,
} from "../constructs/trail-manifests";
import type { TerraformJson } from "../support/synth";
import { auditPolicy, auditStack, collectPolicies, type FoundPolicy } from "./policy-audit";

const policy = (...Statement: unknown[]): FoundPolicy => ({ where: "test", document: { Version: "2012-10-17", Statement } });
const rules = (found: FoundPolicy, accountIds?: ReadonlySet<string>) => auditPolicy(found, { accountIds }).map((f) => f.rule);
const ORG = new Set(["111111111111", "222222222222"]);

describe("the policy audit flags", () => {
  test("a service principal granted without a source condition", () => {
    expect(rules(policy({ Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:PutObject", Resource: "*" }))).toEqual(["service-without-source"]);
  });

  test("a service principal whose source condition names nothing", () => {
    const statement = { Effect: "Allow", Principal: { Service: "logs.us-east-1.amazonaws.com" }, Action: "kms:Decrypt", Resource: "*", Condition: { StringLike: { "aws:SourceArn": "*" } } };
    expect(rules(policy(statement))).toEqual(["service-without-source"]);
  });

  test("a service principal whose source condition is negated or optional", () => {
    const negated = { Effect: "Allow", Principal: { Service: "sns.amazonaws.com" }, Action: "kms:Decrypt", Resource: "*", Condition: { StringNotEquals: { "aws:SourceAccount": "111111111111" } } };
    const optional = { ...negated, Condition: { StringEqualsIfExists: { "aws:SourceAccount": "111111111111" } } };
    expect(rules(policy(negated, optional))).toEqual(["service-without-source", "service-without-source"]);
  });

  test("the CloudTrail trust exemption only for sts:AssumeRole by CloudTrail", () => {
    const trust = (service: string, action: string) => ({ Effect: "Allow", Principal: { Service: service }, Action: action });
    expect(rules(policy(trust("cloudtrail.amazonaws.com", "sts:AssumeRole")))).toEqual([]);
    expect(rules(policy(trust("lambda.amazonaws.com", "sts:AssumeRole")))).toEqual(["service-without-source"]);
    expect(rules(policy(trust("cloudtrail.amazonaws.com", "s3:PutObject")))).toEqual(["service-without-source"]);
    expect(rules(policy(trust("cloudtrail.amazonaws.com", ["sts:AssumeRole", "sts:TagSession"] as unknown as string)))).toEqual(["service-without-source"]);
  });

  test("every-action wildcards", () => {
    expect(rules(policy({ Effect: "Allow", Action: "*", Resource: "*" }))).toEqual(["wildcard-action"]);
    expect(rules(policy({ Effect: "Allow", Action: ["logs:PutLogEvents", "s3:*"], Resource: "*" }))).toEqual(["wildcard-action"]);
    expect(rules(policy({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "kms:*", Resource: "*" }))).toEqual(["wildcard-action"]);
  });

  test("a partial wildcard AWS does not document, and NotAction", () => {
    expect(rules(policy({ Effect: "Allow", Action: "kms:Encrypt*", Resource: "*" }))).toEqual(["wildcard-action"]);
    expect(rules(policy({ Effect: "Allow", Action: "s3:Get*", Resource: "*" }))).toEqual(["wildcard-action"]);
    expect(rules(policy({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }))).toEqual(["wildcard-action"]);
  });

  test("anyone, without an organization or account fence", () => {
    expect(rules(policy({ Effect: "Allow", Principal: "*", Action: "s3:PutObject", Resource: "*" }))).toEqual(["open-principal"]);
    expect(rules(policy({ Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*" }))).toEqual(["open-principal"]);
    expect(rules(policy({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::*:role/audit" }, Action: "kms:Decrypt", Resource: "*" }))).toEqual(["open-principal"]);
    const negatedFence = { Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*", Condition: { StringNotEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } };
    expect(rules(policy(negatedFence))).toEqual(["open-principal"]);
    expect(rules(policy({ Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "kms:Decrypt", Resource: "*" }))).toEqual(["open-principal"]);
  });

  test("an account outside the organization", () => {
    const outside = { Effect: "Allow", Principal: { AWS: "arn:aws:iam::999999999999:root" }, Action: "s3:GetObject", Resource: "*" };
    expect(rules(policy(outside), ORG)).toEqual(["open-principal"]);
    expect(rules(policy({ ...outside, Principal: { AWS: "999999999999" } }), ORG)).toEqual(["open-principal"]);
    expect(rules(policy({ ...outside, Principal: { AWS: "arn:aws:iam::111111111111:root" } }), ORG)).toEqual([]);
  });

  test("a policy it cannot read, rather than passing it", () => {
    expect(auditPolicy({ where: "test", document: '${jsonencode({"Statement": []})}' }).map((f) => f.rule)).toEqual(["unparseable"]);
  });
});

describe("the policy audit passes", () => {
  test("Deny statements, whatever their wildcards", () => {
    expect(rules(policy({ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } }))).toEqual([]);
  });

  test("a service principal with a source ARN, account, organization or documented encryption context", () => {
    const grant = (Condition: unknown) => ({ Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "kms:GenerateDataKey*", Resource: "*", Condition });
    expect(rules(policy(grant({ StringEquals: { "aws:SourceArn": "arn:aws:cloudtrail:us-east-1:111111111111:trail/t" } })))).toEqual([]);
    expect(rules(policy(grant({ StringEquals: { "aws:SourceAccount": "111111111111" } })))).toEqual([]);
    expect(rules(policy(grant({ StringEquals: { "aws:SourceOrgID": "o-a1b2c3d4e5" } })))).toEqual([]);
    expect(rules(policy(grant({ ArnEquals: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:us-east-1:111111111111:log-group:x" } })))).toEqual([]);
  });

  test("anyone fenced to the organization", () => {
    const fenced = { Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:GetObject", Resource: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } };
    expect(rules(policy(fenced))).toEqual([]);
  });
});

describe("collectPolicies", () => {
  test("finds JSON policies in any attribute, nested blocks included, and policy-document data sources", () => {
    const tf: TerraformJson = {
      resource: {
        aws_iam_role: { r: { assume_role_policy: JSON.stringify({ Statement: [] }), inline_policy: [{ policy: JSON.stringify({ Statement: [] }) }] } },
        aws_sns_topic: { t: { name: "no policy here" } },
      },
      data: {
        aws_iam_policy_document: {
          d: { statement: [{ effect: "Allow", actions: ["s3:*"], resources: ["*"], principals: [{ type: "Service", identifiers: ["events.amazonaws.com"] }] }] },
        },
      },
    };
    const found = collectPolicies(tf);
    expect(found.map((p) => p.where)).toEqual(["aws_iam_role.r.assume_role_policy", "aws_iam_role.r.inline_policy[0].policy", "data.aws_iam_policy_document.d"]);
    expect(auditPolicy(found[2]).map((f) => f.rule).sort()).toEqual(["service-without-source", "wildcard-action"]);
  });
});

/** Every policy of every stack, for each shape of organization. */
describe.each([
  ["organization, management account owns the trail", plainOrganization],
  ["organization with a delegated administrator", () => delegatedOrganization()],
  ["organization whose delegated administrator is the log-archive account", () => delegatedOrganization("log-archive")],
  ["organization with readers, data events, Insights and Object Lock", fullOrganization],
  ["standalone account", standaloneAccount],
])("every synthesized policy: %s", (_name, build: () => OrganizationModel) => {
  const organization = build();
  const accountIds = new Set(organization.accounts.map((a) => a.id));
  const stacks = synthOrganization(organization);

  test.each(Object.keys(stacks))("%s: no finding", (stack) => {
    expect(auditStack(stacks[stack].tf, { accountIds }).findings).toEqual([]);
  });

  test("the audit read the trail's policies (it cannot pass by finding none)", () => {
    const total = Object.values(stacks).reduce((sum, { tf }) => sum + auditStack(tf).policies, 0);
    // Trail bucket, access-log bucket, two key policies, role trust and role policy.
    expect(total).toBeGreaterThanOrEqual(6);
  });
});

describe("the audit on tripline's own policies, weakened", () => {
  const stacks = synthOrganization(fullOrganization());
  const found = [...collectPolicies(stacks["log-archive"].tf), ...collectPolicies(stacks.management.tf), ...collectPolicies(stacks.security.tf)];
  type Doc = { Statement: { Sid: string; Effect: string; Condition?: Record<string, Record<string, unknown>> }[] };
  const weaken = (edit: (document: Doc) => void): string[] =>
    found.flatMap((p) => {
      const document = structuredClone(p.document) as Doc;
      edit(document);
      return auditPolicy({ where: p.where, document }, { accountIds: new Set(["111111111111", "222222222222", "333333333333", "444444444444"]) }).map((f) => `${f.sid}:${f.rule}`);
    });

  test("without their conditions, every grant to a service or to anyone is flagged", () => {
    const findings = weaken((document) => document.Statement.forEach((s) => delete s.Condition));
    expect(findings.sort()).toEqual(
      [
        "CloudTrailAclCheck:service-without-source",
        "CloudTrailDescribesKey:service-without-source",
        "CloudTrailEncryptsLogFiles:service-without-source",
        "CloudTrailWriteManagementAccount:service-without-source",
        "CloudTrailWriteOrganization:service-without-source",
        "CloudWatchAlarmsOfThisAccountPublish:service-without-source",
        "CloudWatchAlarmsOfThisAccountPublish:service-without-source",
        // log-archive's alert topic for its SSH alarms.
        "CloudWatchAlarmsOfThisAccountPublish:service-without-source",
        "CloudWatchAlarmsOfThisAccountPublish:service-without-source",
        "CloudWatchAlarmsPublishToEncryptedTopics:service-without-source",
        "CloudWatchAlarmsPublishToEncryptedTopics:service-without-source",
        "CloudWatchLogsEncryptsFunctionLogs:service-without-source",
        // The SSH log group's key, in log-archive and management.
        "CloudWatchLogsEncryptsSshLogGroup:service-without-source",
        "CloudWatchLogsEncryptsSshLogGroup:service-without-source",
        "CloudWatchLogsEncryptsTrailLogGroup:service-without-source",
        // One dead-letter queue per account and Region (three stacks × five Regions), and the bus's.
        ...Array<string>(16).fill("EventBridgeDeadLetters:service-without-source"),
        "EventBridgeDescribesTheKey:service-without-source",
        "EventBridgeEncryptsTheBus:service-without-source",
        ...Array<string>(3).fill("EventBridgeRulesOfThisAccountAssume:service-without-source"),
        "OrganizationPutsEvents:open-principal",
        // The notifier, in the security account.
        "BusRuleDeadLetters:service-without-source",
        "CloudWatchAlarmPublishesToEncryptedTopic:service-without-source",
        "CloudWatchLogsEncryptsFunctionLogs:service-without-source",
        "DeadLetterAlarmPublishes:service-without-source",
        "EventBridgeDeadLettersToEncryptedQueue:service-without-source",
        "LambdaOfThisAccountAssumes:service-without-source",
        // The security account's alert topic and SSH log group key (its SSH alarms).
        "CloudWatchAlarmsOfThisAccountPublish:service-without-source",
        "CloudWatchAlarmsOfThisAccountPublish:service-without-source",
        "CloudWatchAlarmsPublishToEncryptedTopics:service-without-source",
        "CloudWatchLogsEncryptsSshLogGroup:service-without-source",
        "SnsDeliversToEncryptedQueue:service-without-source",
        "TriplineTopicsDeliver:service-without-source",
        "LambdaOfThisAccountAssumes:service-without-source",
        "LogReadersDecryptTrailLogs:open-principal",
        "LogReadersListBucket:open-principal",
        "LogReadersReadLogFiles:open-principal",
        "S3ServerAccessLogsFromTrailBucket:service-without-source",
        "SnsDeliversToEncryptedQueue:service-without-source",
        "SnsDeliversToEncryptedQueue:service-without-source",
        "TriplineTopicsDeliver:service-without-source",
        "TriplineTopicsDeliver:service-without-source",
      ].sort(),
    );
  });
});
