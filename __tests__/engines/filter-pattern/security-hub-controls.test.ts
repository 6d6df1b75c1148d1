/**
 * Security Hub CloudWatch.1–14 (CIS) patterns: they parse, and they fire on the CloudTrail records
 * they are about and stay quiet on the near misses. Records are written here in CloudTrail's shape;
 * the corpus suite at the end runs the same patterns over real and documented records.
 */
import { existsSync, readdirSync, readFileSync } from "fs";
import { join } from "path";
import {
  compileFilterPattern,
  describeFilterPattern,
  parseFilterPattern,
  toLogEvent,
} from "../../../modules/engines/filter-pattern";
import { CIS_VARIANTS, SECURITY_HUB_PATTERNS, type SecurityHubControl } from "./security-hub-patterns";

type Json = { [key: string]: unknown };

/** A management event with the dull fields filled in; `fields` replace top-level keys. */
const apiCall = (fields: Json): string =>
  JSON.stringify({
    eventVersion: "1.08",
    userIdentity: {
      type: "IAMUser",
      principalId: "AIDAEXAMPLE",
      arn: "arn:aws:iam::111122223333:user/alice",
      accountId: "111122223333",
      accessKeyId: "AKIAEXAMPLE",
      userName: "alice",
    },
    eventTime: "2024-05-01T10:00:00Z",
    eventSource: "ec2.amazonaws.com",
    eventName: "DescribeInstances",
    awsRegion: "us-east-1",
    sourceIPAddress: "198.51.100.7",
    userAgent: "aws-cli/2.15.0",
    requestParameters: null,
    responseElements: null,
    requestID: "0f6e3c8e-0000-4000-8000-000000000000",
    eventID: "a1b2c3d4-0000-4000-8000-000000000000",
    readOnly: true,
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: "111122223333",
    eventCategory: "Management",
    ...fields,
  });

const root = { type: "Root", principalId: "111122223333", arn: "arn:aws:iam::111122223333:root", accountId: "111122223333" };
const consoleLogin = (fields: Json): string =>
  apiCall({
    eventSource: "signin.amazonaws.com",
    eventName: "ConsoleLogin",
    eventType: "AwsConsoleSignIn",
    requestParameters: null,
    responseElements: { ConsoleLogin: "Success" },
    additionalEventData: { LoginTo: "https://console.aws.amazon.com/", MobileVersion: "No", MFAUsed: "No" },
    ...fields,
  });

type Case = readonly [name: string, record: string];
const cases: Record<SecurityHubControl, { match: readonly Case[]; miss: readonly Case[] }> = {
  "CloudWatch.1": {
    match: [
      ["the root user lists buckets", apiCall({ userIdentity: root, eventName: "ListBuckets", eventSource: "s3.amazonaws.com" })],
      ["the root user signs in", consoleLogin({ userIdentity: root })],
    ],
    miss: [
      ["an AWS service acts as root (invokedBy is set)", apiCall({ userIdentity: { ...root, invokedBy: "support.amazonaws.com" } })],
      ["an AwsServiceEvent for the root user", apiCall({ userIdentity: root, eventType: "AwsServiceEvent" })],
      ["an IAM user", apiCall({})],
      ["a root user type written in lower case", apiCall({ userIdentity: { ...root, type: "root" } })],
    ],
  },
  "CloudWatch.2": {
    match: [
      ["an EC2 UnauthorizedOperation", apiCall({ errorCode: "Client.UnauthorizedOperation", errorMessage: "You are not authorized" })],
      ["an AccessDenied", apiCall({ eventSource: "s3.amazonaws.com", eventName: "GetObject", errorCode: "AccessDenied" })],
      ["an AccessDeniedException", apiCall({ eventSource: "kms.amazonaws.com", errorCode: "AccessDeniedException" })],
    ],
    miss: [
      ["a call without an error", apiCall({})],
      ["a throttled call", apiCall({ errorCode: "ThrottlingException" })],
      ["an error code that only contains UnauthorizedOperation", apiCall({ errorCode: "Client.UnauthorizedOperationX" })],
      ["an error code that only contains AccessDenied", apiCall({ errorCode: "S3AccessDenied" })],
    ],
  },
  "CloudWatch.3": {
    match: [["an IAM user signs in without MFA", consoleLogin({})]],
    miss: [
      ["an IAM user signs in with MFA", consoleLogin({ additionalEventData: { MFAUsed: "Yes" } })],
      ["a failed sign-in without MFA", consoleLogin({ responseElements: { ConsoleLogin: "Failure" }, errorMessage: "Failed authentication" })],
      ["the root user signs in without MFA", consoleLogin({ userIdentity: root })],
      ["a sign-in record without MFAUsed (!= on a missing field does not match)", consoleLogin({ additionalEventData: { MobileVersion: "No" } })],
    ],
  },
  "CloudWatch.4": {
    match: [
      ["PutUserPolicy", apiCall({ eventSource: "iam.amazonaws.com", eventName: "PutUserPolicy" })],
      ["AttachRolePolicy", apiCall({ eventSource: "iam.amazonaws.com", eventName: "AttachRolePolicy" })],
      ["CreatePolicyVersion", apiCall({ eventSource: "iam.amazonaws.com", eventName: "CreatePolicyVersion" })],
    ],
    miss: [
      ["ListPolicies", apiCall({ eventSource: "iam.amazonaws.com", eventName: "ListPolicies" })],
      ["GetPolicyVersion", apiCall({ eventSource: "iam.amazonaws.com", eventName: "GetPolicyVersion" })],
      ["putuserpolicy in lower case", apiCall({ eventSource: "iam.amazonaws.com", eventName: "putuserpolicy" })],
    ],
  },
  "CloudWatch.5": {
    match: [
      ["StopLogging", apiCall({ eventSource: "cloudtrail.amazonaws.com", eventName: "StopLogging" })],
      ["UpdateTrail", apiCall({ eventSource: "cloudtrail.amazonaws.com", eventName: "UpdateTrail" })],
    ],
    miss: [["LookupEvents", apiCall({ eventSource: "cloudtrail.amazonaws.com", eventName: "LookupEvents" })]],
  },
  "CloudWatch.6": {
    match: [
      [
        "a sign-in with a wrong password",
        consoleLogin({ responseElements: { ConsoleLogin: "Failure" }, errorMessage: "Failed authentication" }),
      ],
    ],
    miss: [
      ["a successful sign-in", consoleLogin({})],
      [
        "a sign-in for an unknown user",
        consoleLogin({ responseElements: { ConsoleLogin: "Failure" }, errorMessage: "No username found in supplied account" }),
      ],
    ],
  },
  "CloudWatch.7": {
    match: [
      ["DisableKey", apiCall({ eventSource: "kms.amazonaws.com", eventName: "DisableKey" })],
      ["ScheduleKeyDeletion", apiCall({ eventSource: "kms.amazonaws.com", eventName: "ScheduleKeyDeletion" })],
    ],
    miss: [
      ["EnableKey", apiCall({ eventSource: "kms.amazonaws.com", eventName: "EnableKey" })],
      ["a DisableKey from another service", apiCall({ eventSource: "cloudhsm.amazonaws.com", eventName: "DisableKey" })],
    ],
  },
  "CloudWatch.8": {
    match: [
      ["PutBucketPolicy", apiCall({ eventSource: "s3.amazonaws.com", eventName: "PutBucketPolicy" })],
      ["DeleteBucketCors", apiCall({ eventSource: "s3.amazonaws.com", eventName: "DeleteBucketCors" })],
    ],
    miss: [
      ["GetBucketPolicy", apiCall({ eventSource: "s3.amazonaws.com", eventName: "GetBucketPolicy" })],
      ["PutBucketAcl from another service", apiCall({ eventSource: "s3-outposts.amazonaws.com", eventName: "PutBucketAcl" })],
    ],
  },
  "CloudWatch.9": {
    match: [["StopConfigurationRecorder", apiCall({ eventSource: "config.amazonaws.com", eventName: "StopConfigurationRecorder" })]],
    miss: [
      ["DescribeConfigurationRecorders", apiCall({ eventSource: "config.amazonaws.com", eventName: "DescribeConfigurationRecorders" })],
    ],
  },
  "CloudWatch.10": {
    match: [["AuthorizeSecurityGroupIngress", apiCall({ eventName: "AuthorizeSecurityGroupIngress" })]],
    miss: [["DescribeSecurityGroups", apiCall({ eventName: "DescribeSecurityGroups" })]],
  },
  "CloudWatch.11": {
    match: [["CreateNetworkAclEntry", apiCall({ eventName: "CreateNetworkAclEntry" })]],
    miss: [["DescribeNetworkAcls", apiCall({ eventName: "DescribeNetworkAcls" })]],
  },
  "CloudWatch.12": {
    match: [["AttachInternetGateway", apiCall({ eventName: "AttachInternetGateway" })]],
    miss: [["DescribeInternetGateways", apiCall({ eventName: "DescribeInternetGateways" })]],
  },
  "CloudWatch.13": {
    match: [["CreateRoute", apiCall({ eventName: "CreateRoute" })]],
    miss: [["DescribeRouteTables", apiCall({ eventName: "DescribeRouteTables" })]],
  },
  "CloudWatch.14": {
    match: [["ModifyVpcAttribute", apiCall({ eventName: "ModifyVpcAttribute" })]],
    miss: [["DescribeVpcs", apiCall({ eventName: "DescribeVpcs" })]],
  },
};

const fires = (pattern: string, record: string): boolean => compileFilterPattern(pattern)(toLogEvent(record));
const controls = Object.keys(SECURITY_HUB_PATTERNS) as SecurityHubControl[];

describe.each(controls)("%s", (control) => {
  const pattern = SECURITY_HUB_PATTERNS[control];
  test("parses as a JSON pattern without regexes", () => {
    expect(describeFilterPattern(pattern)).toMatchObject({ kind: "json", regexCount: 0 });
  });
  test.each(cases[control].match)("fires on %s", (_name, record) => {
    expect(fires(pattern, record)).toBe(true);
  });
  test.each(cases[control].miss)("stays quiet on %s", (_name, record) => {
    expect(fires(pattern, record)).toBe(false);
  });
  test("stays quiet on the same record as text that is not JSON", () => {
    const [, record] = cases[control].match[0];
    expect(fires(pattern, `2024-05-01T10:00:00Z ${record}`)).toBe(false);
  });
});

describe("CIS wordings of the same controls", () => {
  test.each(Object.entries(CIS_VARIANTS))("%s parses", (_name, pattern) => {
    expect(() => parseFilterPattern(pattern)).not.toThrow();
  });

  test("the spaced root-usage wording behaves like CloudWatch.1", () => {
    for (const [, record] of [...cases["CloudWatch.1"].match, ...cases["CloudWatch.1"].miss]) {
      expect(fires(CIS_VARIANTS.rootSpaced, record)).toBe(fires(SECURITY_HUB_PATTERNS["CloudWatch.1"], record));
    }
  });

  test("the KMS wording with a bare dotted value behaves like CloudWatch.7", () => {
    for (const [, record] of [...cases["CloudWatch.7"].match, ...cases["CloudWatch.7"].miss]) {
      expect(fires(CIS_VARIANTS.kmsSpaced, record)).toBe(fires(SECURITY_HUB_PATTERNS["CloudWatch.7"], record));
    }
  });

  test("the unauthorized-calls wording with != exclusions fires on almost everything, as written (|| of !=)", () => {
    const pattern = CIS_VARIANTS.unauthorizedWithExclusions;
    expect(fires(pattern, apiCall({ eventName: "ListBuckets" }))).toBe(true);
    expect(fires(pattern, apiCall({ eventName: "HeadBucket", sourceIPAddress: "delivery.logs.amazonaws.com" }))).toBe(false);
    expect(
      fires(pattern, apiCall({ eventName: "HeadBucket", sourceIPAddress: "delivery.logs.amazonaws.com", errorCode: "AccessDenied" })),
    ).toBe(true);
  });

  test("the route-table wording with eventSource binds && tighter than ||: only CreateRoute needs ec2", () => {
    const pattern = CIS_VARIANTS.routeTableWithSource;
    expect(fires(pattern, apiCall({ eventName: "CreateRoute" }))).toBe(true);
    expect(fires(pattern, apiCall({ eventName: "CreateRoute", eventSource: "networkmanager.amazonaws.com" }))).toBe(false);
    expect(fires(pattern, apiCall({ eventName: "CreateRouteTable", eventSource: "networkmanager.amazonaws.com" }))).toBe(true);
    expect(fires(pattern, apiCall({ eventName: "DescribeRouteTables" }))).toBe(false);
  });

  test("the spaced route-table wording behaves like CloudWatch.13", () => {
    for (const eventName of ["CreateRoute", "DisassociateRouteTable", "DescribeRouteTables"]) {
      const record = apiCall({ eventName });
      expect(fires(CIS_VARIANTS.routeTableSpaced, record)).toBe(fires(SECURITY_HUB_PATTERNS["CloudWatch.13"], record));
    }
  });
});

/**
 * The shared corpus labels each CloudTrail record with the controls it should raise. The labels
 * were written from the controls' definitions, not with this engine, so agreement on every record
 * is evidence the engine reads the patterns as intended.
 */
const corpus = join(__dirname, "../../corpus");
const corpusFiles = existsSync(join(corpus, "cloudtrail"))
  ? readdirSync(join(corpus, "cloudtrail")).filter((f) => f.endsWith(".jsonl"))
  : [];

describe("the corpus of CloudTrail records", () => {
  test("is present", () => {
    expect(corpusFiles.length).toBeGreaterThan(0);
  });

  const records = corpusFiles.flatMap((file) => {
    const lines = readFileSync(join(corpus, "cloudtrail", file), "utf8").split("\n").filter((l) => l.trim() !== "");
    const labels = readFileSync(join(corpus, "labels", "cloudtrail", file.replace(/\.jsonl$/, ".labels.jsonl")), "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => JSON.parse(l) as { line: number; expect: string[] });
    return lines.map((text, i) => ({ where: `${file}:${i + 1}`, event: toLogEvent(text), expect: labels[i].expect }));
  });

  test.each(controls)("%s fires exactly on the records labelled with it", (control) => {
    const predicate = compileFilterPattern(SECURITY_HUB_PATTERNS[control]);
    const fired = records.filter((r) => predicate(r.event)).map((r) => r.where);
    const labelled = records.filter((r) => r.expect.includes(control)).map((r) => r.where);
    expect(fired).toEqual(labelled);
  });
});
