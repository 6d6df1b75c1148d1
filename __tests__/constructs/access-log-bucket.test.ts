import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { ABORT_MULTIPART_UPLOAD_DAYS } from "../../modules/constructs/trail-lifecycle";
import { LOG_ARCHIVE_ID, STANDALONE_ID, plainOrganization, resourceNamed, standaloneAccount, statementsOf, synthOrganization } from "./trail-manifests";

const BUCKET = `tripline-access-logs-${LOG_ARCHIVE_ID}-us-east-1`;
const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;

describe("the access-log bucket (log-archive account)", () => {
  const stacks = synthOrganization(plainOrganization());
  const part = (type: string) => resourceNamed(stacks, "log-archive", type, "trail-archive_access-logs_");

  test("is named for the log-archive account and the home Region", () => {
    expect(stacks["log-archive"].json).toHaveResourceWithProperties(S3Bucket, { bucket: BUCKET, provider: "aws.us-east-1" });
  });

  test("is encrypted with SSE-S3, the only default encryption server access logging delivers to", () => {
    expect(part("aws_s3_bucket_server_side_encryption_configuration").rule).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }]);
  });

  test("has no Object Lock, which a log destination must not have", () => {
    expect(part("aws_s3_bucket").object_lock_enabled).toBeUndefined();
  });

  test("blocks public access and enforces bucket-owner ownership", () => {
    expect(part("aws_s3_bucket_public_access_block")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(part("aws_s3_bucket_ownership_controls").rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
  });

  test("moves logs to Glacier and expires them as the trail archive does", () => {
    const lifecycle = part("aws_s3_bucket_lifecycle_configuration");
    expect(lifecycle.rule).toEqual([
      {
        id: "archive-then-expire",
        status: "Enabled",
        filter: [{}],
        transition: [{ days: 90, storage_class: "GLACIER" }],
        expiration: [{ days: 2557 }],
        noncurrent_version_expiration: [{ noncurrent_days: 2557 }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: ABORT_MULTIPART_UPLOAD_DAYS }],
      },
      { id: "remove-expired-delete-markers", status: "Enabled", filter: [{}], expiration: [{ expired_object_delete_marker: true }] },
    ]);
    const trailArchiveRules = resourceNamed(stacks, "log-archive", "aws_s3_bucket_lifecycle_configuration", "trail-archive_bucket_").rule;
    expect(trailArchiveRules).toEqual(lifecycle.rule);
    expect(lifecycle.depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_versioning\.trail-archive_access-logs_versioning/)]);
  });

  test("is versioned, so that a deleted or overwritten access log survives", () => {
    expect(part("aws_s3_bucket_versioning")).toMatchObject({ versioning_configuration: { status: "Enabled" } });
  });

  test("keeps objects under 128 KB, every access log in practice, in S3 Standard, as the trail bucket does", () => {
    expect(part("aws_s3_bucket_lifecycle_configuration").transition_default_minimum_object_size).toBe("all_storage_classes_128K");
  });

  test("its policy: TLS only, protected as the trail bucket is, and S3 logging may write only the trail bucket's logs under their prefix", () => {
    const statements = statementsOf(part("aws_s3_bucket_policy").policy);
    expect(statements.DenyRemovingArchivedLogs).toMatchObject({ Effect: "Deny", Principal: "*", Resource: `${BUCKET_ARN}/*` });
    expect(statements.DenyWeakeningTheArchive).toMatchObject({ Effect: "Deny", Principal: "*", Resource: BUCKET_ARN });
    const { DenyRemovingArchivedLogs: _removing, DenyWeakeningTheArchive: _weakening, ...rest } = statements;
    expect(rest).toEqual({
      DenyInsecureTransport: {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [BUCKET_ARN, `${BUCKET_ARN}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
      S3ServerAccessLogsFromTrailBucket: {
        Sid: "S3ServerAccessLogsFromTrailBucket",
        Effect: "Allow",
        Principal: { Service: "logging.s3.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: `${BUCKET_ARN}/tripline-trail-${LOG_ARCHIVE_ID}-us-east-1/*`,
        Condition: {
          ArnLike: { "aws:SourceArn": `arn:aws:s3:::tripline-trail-${LOG_ARCHIVE_ID}-us-east-1` },
          StringEquals: { "aws:SourceAccount": LOG_ARCHIVE_ID },
        },
      },
    });
  });
});

describe("the standalone access-log bucket", () => {
  test("is the account's own, in its home Region", () => {
    const stacks = synthOrganization(standaloneAccount());
    expect(stacks.solo.json).toHaveResourceWithProperties(S3Bucket, { bucket: `tripline-access-logs-${STANDALONE_ID}-eu-west-1`, provider: "aws.eu-west-1" });
  });
});
