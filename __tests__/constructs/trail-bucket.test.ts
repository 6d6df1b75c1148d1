import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketObjectLockConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { ABORT_MULTIPART_UPLOAD_DAYS, NONCURRENT_VERSION_DAYS } from "../../modules/constructs/trail-lifecycle";
import { loadOrganization } from "../../modules/manifest/model";
import { problemsOf } from "../../modules/result";
import { manifestFolder } from "../support/manifest-folder";
import {
  LOG_ARCHIVE_ID,
  MANAGEMENT_ID,
  ORG_ID,
  SECURITY_ID,
  STANDALONE_ID,
  delegatedOrganization,
  fullOrganization,
  plainOrganization,
  resourceNamed,
  standaloneAccount,
  statementsOf,
  synthOrganization,
} from "./trail-manifests";

const BUCKET = `tripline-trail-${LOG_ARCHIVE_ID}-us-east-1`;
const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
const TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${MANAGEMENT_ID}:trail/tripline-trail`;

describe("the trail bucket (log-archive account)", () => {
  const stacks = synthOrganization(plainOrganization());
  const logArchive = stacks["log-archive"].json;
  const part = (type: string) => resourceNamed(stacks, "log-archive", type, "trail-archive_bucket_");

  test("is named for the log-archive account and the home Region, and created there", () => {
    expect(logArchive).toHaveResourceWithProperties(S3Bucket, { bucket: BUCKET, provider: "aws.us-east-1" });
    expect(part("aws_s3_bucket").force_destroy).toBeUndefined();
  });

  test("blocks all four kinds of public access", () => {
    expect(part("aws_s3_bucket_public_access_block")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(logArchive).toHaveResourceWithProperties(S3BucketPublicAccessBlock, { block_public_policy: true });
  });

  test("enforces bucket-owner ownership (ACLs off)", () => {
    expect(part("aws_s3_bucket_ownership_controls").rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
    expect(logArchive).toHaveResourceWithProperties(S3BucketOwnershipControls, { rule: { object_ownership: "BucketOwnerEnforced" } });
  });

  test("is versioned", () => {
    expect(logArchive).toHaveResourceWithProperties(S3BucketVersioningA, { versioning_configuration: { status: "Enabled" } });
  });

  test("encrypts with the trail key (SSE-KMS), without an S3 Bucket Key (it would replace CloudTrail's encryption context)", () => {
    expect(part("aws_s3_bucket_server_side_encryption_configuration").rule).toEqual([
      {
        apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: expect.stringMatching(/^\$\{aws_kms_key\.trail-archive_key_[\w-]+\.arn\}$/) },
        bucket_key_enabled: false,
      },
    ]);
  });

  test("moves logs to Glacier, expires them, cleans noncurrent versions, delete markers and unfinished uploads", () => {
    const lifecycle = part("aws_s3_bucket_lifecycle_configuration");
    expect(lifecycle.rule).toEqual([
      {
        id: "archive-then-expire",
        status: "Enabled",
        filter: [{}],
        transition: [{ days: 90, storage_class: "GLACIER" }],
        expiration: [{ days: 2557 }],
        noncurrent_version_expiration: [{ noncurrent_days: NONCURRENT_VERSION_DAYS }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: ABORT_MULTIPART_UPLOAD_DAYS }],
      },
      { id: "remove-expired-delete-markers", status: "Enabled", filter: [{}], expiration: [{ expired_object_delete_marker: true }] },
    ]);
    expect(lifecycle.depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_versioning\./)]);
  });

  test("moves only objects of 128 KB or more to Glacier, explicitly (smaller ones cost more there)", () => {
    expect(part("aws_s3_bucket_lifecycle_configuration").transition_default_minimum_object_size).toBe("all_storage_classes_128K");
  });

  test("has no Object Lock unless the manifest asks", () => {
    expect(part("aws_s3_bucket").object_lock_enabled).toBeUndefined();
    expect(stacks["log-archive"].tf.resource?.aws_s3_bucket_object_lock_configuration).toBeUndefined();
  });

  test("sends its S3 server access logs to the access-log bucket, once that bucket admits them", () => {
    expect(logArchive).toHaveResourceWithProperties(S3BucketLoggingA, { target_prefix: `${BUCKET}/` });
    const logging = part("aws_s3_bucket_logging");
    expect(logging.target_bucket).toMatch(/^\$\{aws_s3_bucket\.trail-archive_access-logs_bucket_[\w-]+\.id\}$/);
    expect(logging.depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_policy\.trail-archive_access-logs_policy_/)]);
  });

  describe("policy", () => {
    const statements = statementsOf(part("aws_s3_bucket_policy").policy);

    test("grants nothing but TLS enforcement and CloudTrail's documented access", () => {
      expect(Object.keys(statements)).toEqual(["DenyInsecureTransport", "CloudTrailAclCheck", "CloudTrailWriteManagementAccount", "CloudTrailWriteOrganization"]);
    });

    test("denies every request without TLS", () => {
      expect(statements.DenyInsecureTransport).toEqual({
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [BUCKET_ARN, `${BUCKET_ARN}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      });
    });

    test("lets CloudTrail read the ACL, for this trail only, and nothing like s3:ListBucket", () => {
      expect(statements.CloudTrailAclCheck).toEqual({
        Sid: "CloudTrailAclCheck",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "s3:GetBucketAcl",
        Resource: BUCKET_ARN,
        Condition: { StringEquals: { "aws:SourceArn": TRAIL_ARN } },
      });
    });

    test("lets CloudTrail write the management account's and the organization's prefixes, for this trail only", () => {
      const write = (prefix: string) => ({
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: `${BUCKET_ARN}/AWSLogs/${prefix}/*`,
        Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": TRAIL_ARN } },
      });
      expect(statements.CloudTrailWriteManagementAccount).toMatchObject(write(MANAGEMENT_ID));
      expect(statements.CloudTrailWriteOrganization).toMatchObject(write(ORG_ID));
    });

    test("waits for the public access block, so the grants are never briefly public", () => {
      expect(part("aws_s3_bucket_policy").depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_public_access_block\.trail-archive_bucket_/)]);
    });
  });
});

describe("the trail bucket with a delegated administrator", () => {
  const stacks = synthOrganization(delegatedOrganization());
  const statements = statementsOf(resourceNamed(stacks, "log-archive", "aws_s3_bucket_policy", "trail-archive_bucket_").policy);

  test("names the trail by the management account, which owns it whoever created it", () => {
    for (const sid of ["CloudTrailAclCheck", "CloudTrailWriteManagementAccount", "CloudTrailWriteOrganization"]) {
      expect(statements[sid].Condition).toMatchObject({ StringEquals: { "aws:SourceArn": TRAIL_ARN } });
    }
    expect(JSON.stringify(statements)).not.toContain(SECURITY_ID);
  });
});

describe("the trail bucket with every option", () => {
  const stacks = synthOrganization(fullOrganization());
  const part = (type: string) => resourceNamed(stacks, "log-archive", type, "trail-archive_bucket_");
  const statements = statementsOf(part("aws_s3_bucket_policy").policy);

  test("enables Object Lock at creation and sets the default retention", () => {
    expect(part("aws_s3_bucket")).toMatchObject({ object_lock_enabled: true, lifecycle: { ignore_changes: ["object_lock_enabled"] } });
    expect(stacks["log-archive"].json).toHaveResourceWithProperties(S3BucketObjectLockConfigurationA, {
      object_lock_enabled: "Enabled",
      rule: { default_retention: { mode: "COMPLIANCE", days: 365 } },
    });
    expect(part("aws_s3_bucket_object_lock_configuration").depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_versioning\./)]);
  });

  test("follows the manifest's archive days", () => {
    const [archive] = part("aws_s3_bucket_lifecycle_configuration").rule as Record<string, unknown>[];
    expect(archive).toMatchObject({ transition: [{ days: 30, storage_class: "GLACIER" }], expiration: [{ days: 3650 }] });
  });

  test("lets the organization's log readers list the bucket and read the logs", () => {
    const readers = {
      ArnLike: { "aws:PrincipalArn": [`arn:aws:iam::${SECURITY_ID}:role/security-audit`, "arn:aws:iam::*:role/incident-response"] },
      StringEquals: { "aws:PrincipalOrgID": ORG_ID },
    };
    expect(statements.LogReadersListBucket).toEqual({
      Sid: "LogReadersListBucket",
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: ["s3:GetBucketLocation", "s3:ListBucket"],
      Resource: BUCKET_ARN,
      Condition: readers,
    });
    expect(statements.LogReadersReadLogFiles).toEqual({
      Sid: "LogReadersReadLogFiles",
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: "s3:GetObject",
      Resource: `${BUCKET_ARN}/AWSLogs/*`,
      Condition: readers,
    });
  });
});

describe("the standalone trail bucket", () => {
  const stacks = synthOrganization(standaloneAccount());
  const bucket = `tripline-trail-${STANDALONE_ID}-eu-west-1`;
  const statements = statementsOf(resourceNamed(stacks, "solo", "aws_s3_bucket_policy", "trail-archive_bucket_").policy);

  test("is the account's own, in its home Region", () => {
    expect(stacks.solo.json).toHaveResourceWithProperties(S3Bucket, { bucket, provider: "aws.eu-west-1" });
  });

  test("admits CloudTrail only under the account's prefix, for the account's trail", () => {
    expect(Object.keys(statements)).not.toContain("CloudTrailWriteOrganization");
    expect(statements.CloudTrailWriteManagementAccount).toMatchObject({
      Resource: `arn:aws:s3:::${bucket}/AWSLogs/${STANDALONE_ID}/*`,
      Condition: { StringEquals: { "aws:SourceArn": `arn:aws:cloudtrail:eu-west-1:${STANDALONE_ID}:trail/tripline-trail` } },
    });
  });

  test("fences log readers to the account", () => {
    expect(statements.LogReadersReadLogFiles.Condition).toEqual({
      ArnLike: { "aws:PrincipalArn": [`arn:aws:iam::${STANDALONE_ID}:role/auditor`] },
      StringEquals: { "aws:PrincipalAccount": [STANDALONE_ID] },
    });
  });
});

describe("the archive lifecycle in the manifest", () => {
  const organizationYaml = (archive: string) =>
    ["organizationId: o-a1b2c3d4e5", "homeRegion: us-east-1", "regions: [us-east-1, eu-west-1]", "trail:", "  archive:", archive, ""].join("\n");

  test("rejects an expiry that does not come after the move to Glacier, which S3 would refuse", () => {
    const result = loadOrganization(manifestFolder({ "organization.yaml": organizationYaml("    { transitionToGlacierDays: 90, expireDays: 90 }") }), new Set());
    expect(problemsOf(result).map((p) => `${p.field}: ${p.message}`)).toEqual([
      "trail.archive.expireDays: must be more than transitionToGlacierDays: objects cannot expire before they move to Glacier",
    ]);
  });

  test("accepts an expiry after the move", () => {
    const result = loadOrganization(manifestFolder({ "organization.yaml": organizationYaml("    { transitionToGlacierDays: 90, expireDays: 91 }") }), new Set());
    expect(problemsOf(result)).toEqual([]);
  });
});
