/**
 * The archive keeps what it holds: deletion of log files and weakening of the trail bucket are
 * denied to every principal but the break-glass role (and, for configuration, the deploy role).
 */
import { problemsOf as problemsIn } from "../../modules/result";
import { S3BucketObjectLockConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration";
import { BUCKET_WEAKENING_ACTIONS, OBJECT_REMOVAL_ACTIONS } from "../../modules/constructs/archive-protection";
import { loadOrganization } from "../../modules/manifest/model";
import { formatProblem } from "../../modules/manifest/problem";
import { manifestFolder, VALID_ORGANIZATION } from "../support/manifest-folder";
import { organizationFrom } from "../support/synth";
import { LOG_ARCHIVE_ID, STANDALONE, STANDALONE_ID, resourceNamed, statementsOf, synthOrganization } from "./trail-manifests";

const BUCKET_ARN = `arn:aws:s3:::tripline-trail-${LOG_ARCHIVE_ID}-us-east-1`;
const DEPLOY_ROLE = `arn:aws:iam::${LOG_ARCHIVE_ID}:role/OrganizationAccountAccessRole`;
const BREAK_GLASS = `arn:aws:iam::${LOG_ARCHIVE_ID}:role/archive-break-glass`;
const ORG = VALID_ORGANIZATION["organization.yaml"] as string;

const trailBucketPolicy = (trail: string[] = []) => {
  const organization = organizationFrom({ "organization.yaml": `${ORG}${trail.length ? `trail:\n${trail.join("\n")}\n` : ""}` });
  const stacks = synthOrganization(organization);
  return { stacks, statements: statementsOf(resourceNamed(stacks, "log-archive", "aws_s3_bucket_policy", "trail-archive_bucket_").policy) };
};

describe("without a break-glass role", () => {
  const { statements } = trailBucketPolicy();

  test("nobody deletes a log file or a version of one, or lifts a retention", () => {
    expect(statements.DenyRemovingArchivedLogs).toEqual({
      Sid: "DenyRemovingArchivedLogs",
      Effect: "Deny",
      Principal: "*",
      Action: ["s3:DeleteObject", "s3:DeleteObjectVersion", "s3:BypassGovernanceRetention", "s3:PutObjectRetention", "s3:PutObjectLegalHold"],
      Resource: `${BUCKET_ARN}/*`,
    });
  });

  test("only the deploy role changes the bucket's policy, lifecycle, versioning and Object Lock", () => {
    expect(statements.DenyWeakeningTheArchive).toEqual({
      Sid: "DenyWeakeningTheArchive",
      Effect: "Deny",
      Principal: "*",
      Action: BUCKET_WEAKENING_ACTIONS,
      Resource: BUCKET_ARN,
      Condition: { ArnNotEquals: { "aws:PrincipalArn": [DEPLOY_ROLE] } },
    });
    for (const action of ["s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutLifecycleConfiguration", "s3:PutBucketVersioning", "s3:PutBucketObjectLockConfiguration"]) {
      expect(BUCKET_WEAKENING_ACTIONS).toContain(action);
    }
  });
});

describe("with a break-glass role", () => {
  const { statements } = trailBucketPolicy([`  breakGlassRoleArn: ${BREAK_GLASS}`]);

  test("it alone may remove log files", () => {
    expect(statements.DenyRemovingArchivedLogs).toMatchObject({ Action: OBJECT_REMOVAL_ACTIONS, Condition: { ArnNotEquals: { "aws:PrincipalArn": [BREAK_GLASS] } } });
  });

  test("it and the deploy role may change the bucket", () => {
    expect(statements.DenyWeakeningTheArchive.Condition).toEqual({ ArnNotEquals: { "aws:PrincipalArn": [DEPLOY_ROLE, BREAK_GLASS] } });
  });
});

test("the break-glass role must be in the log-archive account", () => {
  const dir = manifestFolder({ "organization.yaml": `${ORG}trail:\n  breakGlassRoleArn: arn:aws:iam::111111111111:role/admin\n` });
  expect(problemsIn(loadOrganization(dir, new Set())).map((p) => formatProblem(p).replaceAll(dir, "accounts"))).toEqual([
    "accounts/organization.yaml:9:22 trail.breakGlassRoleArn: is a role of account 111111111111; the break-glass role is in the account that holds the archive, log-archive (333333333333)",
  ]);
});

test("a wildcard break-glass role is refused", () => {
  const dir = manifestFolder({ "organization.yaml": `${ORG}trail:\n  breakGlassRoleArn: "arn:aws:iam::${LOG_ARCHIVE_ID}:role/*"\n` });
  expect(problemsIn(loadOrganization(dir, new Set())).map((p) => p.message)).toEqual([
    `"arn:aws:iam::${LOG_ARCHIVE_ID}:role/*" is not a role ARN without wildcards (arn:aws:iam::<account id>:role/<name>): name one role`,
  ]);
});

test("a standalone account deployed with its own credentials keeps the deletion deny; the weakening deny needs a known deploy role", () => {
  const own = synthOrganization(organizationFrom({}, STANDALONE));
  const ownStatements = statementsOf(resourceNamed(own, "solo", "aws_s3_bucket_policy", "trail-archive_bucket_").policy);
  expect(ownStatements.DenyRemovingArchivedLogs).toBeDefined();
  expect(ownStatements.DenyWeakeningTheArchive).toBeUndefined();

  const withRole = synthOrganization(organizationFrom({ "solo.yaml": `${STANDALONE["solo.yaml"] as string}assumeRole: tripline-deploy\n` }, STANDALONE));
  const roleStatements = statementsOf(resourceNamed(withRole, "solo", "aws_s3_bucket_policy", "trail-archive_bucket_").policy);
  expect(roleStatements.DenyWeakeningTheArchive.Condition).toEqual({ ArnNotEquals: { "aws:PrincipalArn": [`arn:aws:iam::${STANDALONE_ID}:role/tripline-deploy`] } });
});

describe("Object Lock", () => {
  test("governance by default, with the manifest's retention", () => {
    const { stacks } = trailBucketPolicy(["  archive:", "    objectLock: { days: 400 }"]);
    expect(stacks["log-archive"].json).toHaveResourceWithProperties(S3BucketObjectLockConfigurationA, {
      object_lock_enabled: "Enabled",
      rule: { default_retention: { mode: "GOVERNANCE", days: 400 } },
    });
  });

  test("compliance by choice", () => {
    const { stacks } = trailBucketPolicy(["  archive:", "    objectLock: { mode: COMPLIANCE, days: 30 }"]);
    expect(stacks["log-archive"].json).toHaveResourceWithProperties(S3BucketObjectLockConfigurationA, { rule: { default_retention: { mode: "COMPLIANCE", days: 30 } } });
  });
});
