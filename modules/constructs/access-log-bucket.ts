/**
 * The bucket that receives the trail bucket's S3 server access logs: who read or deleted the
 * audit logs. Encrypted with SSE-S3, because server access logging does not deliver to a
 * bucket whose default encryption is SSE-KMS ("Default server-side encryption with AWS Key
 * Management Service (AWS KMS) keys (SSE-KMS) is not supported"), and without Object Lock
 * default retention, which a log destination must not have either.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
 */
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Construct } from "constructs";
import type { OrganizationModel } from "../manifest/model";
import { accessLogBucketName, accessLogPrefix, s3BucketArn, trailBucketName } from "../deployment/names";
import { denyInsecureTransport, policyDocument, renderPolicy, type PolicyDocument } from "./policy-document";
import { TRANSITION_MINIMUM_OBJECT_SIZE, trailBucketLifecycleRules } from "./trail-lifecycle";
import { lockDownBucket } from "./bucket-lockdown";
import { archiveProtectionStatements } from "./archive-protection";

export interface AccessLogBucketProps {
  readonly organization: OrganizationModel;
  readonly provider: AwsProvider;
}

export class AccessLogBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly policy: S3BucketPolicy;

  constructor(scope: Construct, id: string, props: AccessLogBucketProps) {
    super(scope, id);
    const { organization, provider } = props;
    this.bucket = new S3Bucket(this, "bucket", { provider, bucket: accessLogBucketName(organization) });
    const bucket = this.bucket.id;
    // Bucket-owner-enforced disables ACLs: log delivery is granted by the bucket policy below,
    // not by the log-delivery-write ACL.
    const publicAccess = lockDownBucket(this, provider, bucket);
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      provider,
      bucket,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    });
    // Versioned, like the trail bucket: who read or deleted the audit logs must survive an
    // overwrite or a deletion of its own records.
    const versioning = new S3BucketVersioningA(this, "versioning", { provider, bucket, versioningConfiguration: { status: "Enabled" } });
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      provider,
      bucket,
      // The trail bucket's rules. Access logs are far under 128 KB: in practice they stay in
      // S3 Standard until they expire.
      transitionDefaultMinimumObjectSize: TRANSITION_MINIMUM_OBJECT_SIZE,
      rule: trailBucketLifecycleRules(organization.trail.archive),
      dependsOn: [versioning],
    });
    this.policy = new S3BucketPolicy(this, "policy", {
      provider,
      bucket,
      policy: renderPolicy(accessLogBucketPolicy(organization)),
      dependsOn: [publicAccess],
    });
  }
}

/**
 * TLS only, protected like the trail bucket (archive-protection.ts), and S3's logging service may write only the trail bucket's logs, only under its
 * prefix. https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html#grant-log-delivery-permissions-general
 */
export function accessLogBucketPolicy(org: OrganizationModel): PolicyDocument {
  const bucketArn = s3BucketArn(org, accessLogBucketName(org));
  return policyDocument(denyInsecureTransport(bucketArn), ...archiveProtectionStatements(org, bucketArn), {
    Sid: "S3ServerAccessLogsFromTrailBucket",
    Effect: "Allow",
    Principal: { Service: "logging.s3.amazonaws.com" },
    Action: "s3:PutObject",
    Resource: `${bucketArn}/${accessLogPrefix(org)}*`,
    Condition: {
      ArnLike: { "aws:SourceArn": s3BucketArn(org, trailBucketName(org)) },
      StringEquals: { "aws:SourceAccount": org.logArchive.id },
    },
  });
}
