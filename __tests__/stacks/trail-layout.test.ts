import { AWS_REGIONS } from "../../modules/manifest/regions";
import {
  accessLogBucketName,
  trailArn,
  trailBucketName,
  trailKeyAliasArn,
  trailLogGroupArn,
  trailLogPrefixes,
} from "../../modules/deployment/names";
import {
  LOG_ARCHIVE_ID,
  MANAGEMENT_ID,
  ORG_ID,
  SECURITY_ID,
  STANDALONE_ID,
  delegatedOrganization,
  plainOrganization,
  standaloneAccount,
  synthOrganization,
  resourcesOf,
  type Stacks,
} from "../constructs/trail-manifests";

/** Which stack holds which trail resource types. */
function layout(stacks: Stacks): Record<string, string[]> {
  const trailTypes = /^aws_(cloudtrail|cloudwatch_log_group|kms_key|kms_alias|iam_role|iam_role_policy|s3_bucket|cloudtrail_organization_delegated_admin_account)$/;
  return Object.fromEntries(
    Object.entries(stacks).map(([name, { tf }]) => [
      name,
      [
        ...Object.keys(tf.resource ?? {}).flatMap((type) =>
          trailTypes.test(type) ? Object.keys(resourcesOf(stacks, name, type)).map(() => type) : [],
        ),
        ...Object.keys(tf.data?.aws_kms_key ?? {}).map(() => "data.aws_kms_key"),
      ].sort(),
    ]),
  );
}

describe("where the trail's parts live", () => {
  test("management account owns the trail: trail and log group there, bucket and trail key in log-archive", () => {
    expect(layout(synthOrganization(plainOrganization()))).toEqual({
      app: [],
      security: [],
      management: ["aws_cloudtrail", "aws_cloudwatch_log_group", "aws_iam_role", "aws_iam_role_policy", "aws_kms_alias", "aws_kms_key", "data.aws_kms_key"],
      "log-archive": ["aws_kms_alias", "aws_kms_key", "aws_s3_bucket", "aws_s3_bucket"],
    });
  });

  test("a delegated administrator owns the trail and its log group; management only registers it", () => {
    expect(layout(synthOrganization(delegatedOrganization()))).toEqual({
      app: [],
      management: ["aws_cloudtrail_organization_delegated_admin_account"],
      security: ["aws_cloudtrail", "aws_cloudwatch_log_group", "aws_iam_role", "aws_iam_role_policy", "aws_kms_alias", "aws_kms_key", "data.aws_kms_key"],
      "log-archive": ["aws_kms_alias", "aws_kms_key", "aws_s3_bucket", "aws_s3_bucket"],
    });
  });

  test("a standalone account holds everything in its one stack, without a cross-account lookup", () => {
    expect(layout(synthOrganization(standaloneAccount()))).toEqual({
      solo: [
        "aws_cloudtrail",
        "aws_cloudwatch_log_group",
        "aws_iam_role",
        "aws_iam_role_policy",
        "aws_kms_alias",
        "aws_kms_alias",
        "aws_kms_key",
        "aws_kms_key",
        "aws_s3_bucket",
        "aws_s3_bucket",
      ],
    });
  });

  test("every trail resource uses the home Region's provider", () => {
    for (const organization of [plainOrganization(), delegatedOrganization(), standaloneAccount()]) {
      for (const { tf } of Object.values(synthOrganization(organization))) {
        for (const byName of Object.values(tf.resource ?? {})) {
          for (const [name, resource] of Object.entries(byName)) {
            if (/^trail[-_]/.test(name)) expect(resource.provider).toBe(`aws.${organization.homeRegion}`);
          }
        }
      }
    }
  });

  test("no stack reads another stack's state", () => {
    for (const { tf } of Object.values(synthOrganization(delegatedOrganization()))) expect(tf.data?.terraform_remote_state).toBeUndefined();
  });
});

describe("derived names", () => {
  const plain = plainOrganization();
  const delegated = delegatedOrganization();
  const standalone = standaloneAccount();

  test("the trail ARN carries the management account id, also when a delegated administrator creates it", () => {
    expect(trailArn(plain)).toBe(`arn:aws:cloudtrail:us-east-1:${MANAGEMENT_ID}:trail/tripline-trail`);
    expect(trailArn(delegated)).toBe(trailArn(plain));
    expect(trailArn(standalone)).toBe(`arn:aws:cloudtrail:eu-west-1:${STANDALONE_ID}:trail/tripline-trail`);
  });

  test("the log group is in the trail owner's account", () => {
    expect(trailLogGroupArn(plain)).toBe(`arn:aws:logs:us-east-1:${MANAGEMENT_ID}:log-group:tripline-trail`);
    expect(trailLogGroupArn(delegated)).toBe(`arn:aws:logs:us-east-1:${SECURITY_ID}:log-group:tripline-trail`);
  });

  test("the trail key's alias ARN is in the log-archive account, in the bucket's Region", () => {
    expect(trailKeyAliasArn(plain)).toBe(`arn:aws:kms:us-east-1:${LOG_ARCHIVE_ID}:alias/tripline-trail`);
  });

  test("CloudTrail writes under the management account's and the organization's prefixes; standalone, its own", () => {
    expect(trailLogPrefixes(plain)).toEqual([`AWSLogs/${MANAGEMENT_ID}/`, `AWSLogs/${ORG_ID}/`]);
    expect(trailLogPrefixes(standalone)).toEqual([`AWSLogs/${STANDALONE_ID}/`]);
  });

  test("bucket names start with tripline-, stay within 63 characters in every Region, and are valid", () => {
    for (const region of AWS_REGIONS) {
      const org = { ...plain, homeRegion: region };
      for (const name of [trailBucketName(org), accessLogBucketName(org)]) {
        expect(name).toMatch(/^tripline-[a-z0-9-]+[a-z0-9]$/);
        expect(name.length).toBeLessThanOrEqual(63);
      }
    }
  });

  test("names use the partition of the home Region", () => {
    const govCloud = { ...plain, homeRegion: "us-gov-west-1", partition: "aws-us-gov" as const };
    expect(trailArn(govCloud)).toBe(`arn:aws-us-gov:cloudtrail:us-gov-west-1:${MANAGEMENT_ID}:trail/tripline-trail`);
  });
});
