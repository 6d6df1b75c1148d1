/**
 * The bucket the trail delivers its log files to, in the log-archive account and the home
 * Region: private, TLS only, versioned, SSE-KMS with the trail key, a lifecycle from the
 * manifest, optional Object Lock, protected against deletion and weakening
 * (archive-protection.ts), and S3 server access logs to the access-log bucket.
 */
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketObjectLockConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { OrganizationModel } from "../manifest/model";
import { accessLogPrefix, s3BucketArn, trailArn, trailBucketName, trailLogPrefixes } from "../deployment/names";
import { archiveProtectionStatements } from "./archive-protection";
import { logReaderCondition } from "./log-readers";
import { denyInsecureTransport, policyDocument, renderPolicy, type PolicyDocument } from "./policy-document";
import { TRANSITION_MINIMUM_OBJECT_SIZE, trailBucketLifecycleRules } from "./trail-lifecycle";
import { lockDownBucket } from "./bucket-lockdown";

export interface TrailBucketProps {
  readonly organization: OrganizationModel;
  readonly provider: AwsProvider;
  /** ARN of the trail key (same stack). */
  readonly keyArn: string;
  /** The access-log bucket, which must exist and admit S3's logging service first. */
  readonly accessLogBucket: { readonly bucket: S3Bucket; readonly policy: S3BucketPolicy };
}

export class TrailBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly policy: S3BucketPolicy;

  constructor(scope: Construct, id: string, props: TrailBucketProps) {
    super(scope, id);
    const { organization, provider, keyArn, accessLogBucket } = props;
    const objectLock = organization.trail.archive.objectLock;
    this.bucket = new S3Bucket(this, "bucket", {
      provider,
      bucket: trailBucketName(organization),
      // Object Lock on from creation when the manifest asks for it. Turning it on later must not
      // replace the audit bucket (object_lock_enabled forces a new bucket), so the flag is
      // ignored after creation and the lock configuration below enables Object Lock on the
      // existing versioned bucket, which S3 has allowed since 2023.
      // https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-configure.html
      objectLockEnabled: objectLock ? true : undefined,
      lifecycle: { ignoreChanges: ["object_lock_enabled"] },
    });
    const bucket = this.bucket.id;
    // ACLs off: CloudTrail's `bucket-owner-full-control` ACL is still accepted, and every object
    // belongs to the log-archive account.
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html
    const publicAccess = lockDownBucket(this, provider, bucket);
    const versioning = new S3BucketVersioningA(this, "versioning", { provider, bucket, versioningConfiguration: { status: "Enabled" } });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      provider,
      bucket,
      // No S3 Bucket Key. With one, S3 uses the bucket ARN as the encryption context, and the
      // trail key's policy requires CloudTrail's context (kms:EncryptionContext:aws:cloudtrail:arn)
      // for CloudTrail's GenerateDataKey and the readers' Decrypt: whether CloudTrail's context
      // survives a Bucket Key is not documented, and if it does not, delivery or reading fails.
      // The Bucket Key would only save the readers' KMS requests (CloudTrail's are not billed).
      // https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn }, bucketKeyEnabled: false }],
    });
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      provider,
      bucket,
      transitionDefaultMinimumObjectSize: TRANSITION_MINIMUM_OBJECT_SIZE,
      rule: trailBucketLifecycleRules(organization.trail.archive),
      dependsOn: [versioning],
    });
    if (objectLock) {
      new S3BucketObjectLockConfigurationA(this, "object-lock", {
        provider,
        bucket,
        objectLockEnabled: "Enabled",
        rule: { defaultRetention: { mode: objectLock.mode, days: objectLock.days } },
        dependsOn: [versioning],
      });
    }
    new S3BucketLoggingA(this, "access-logging", {
      provider,
      bucket,
      targetBucket: accessLogBucket.bucket.id,
      targetPrefix: accessLogPrefix(organization),
      dependsOn: [accessLogBucket.policy],
    });
    this.policy = new S3BucketPolicy(this, "policy", {
      provider,
      bucket,
      policy: renderPolicy(trailBucketPolicy(organization)),
      dependsOn: [publicAccess],
    });
  }

  /** What CloudTrail checks when the trail is created: the bucket and its policy. */
  get readyForDelivery(): ITerraformDependable[] {
    return [this.policy];
  }
}

/**
 * TLS only; nobody but the break-glass role removes a log file, nobody but it and the deploy role
 * weakens the bucket (archive-protection.ts); CloudTrail may read the bucket ACL and write under the trail's prefixes, only for
 * this trail; the manifest's log readers may list and read.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
 * (s3:ListBucket is not among CloudTrail's documented needs, so it is not granted.)
 */
export function trailBucketPolicy(org: OrganizationModel): PolicyDocument {
  const bucketArn = s3BucketArn(org, trailBucketName(org));
  // aws:SourceArn is the trail ARN with the management account id, also when a delegated
  // administrator created the trail (docs/aws-facts.md a3).
  const fromTrail = { "aws:SourceArn": trailArn(org) };
  const [own, organization] = trailLogPrefixes(org);
  const readers = logReaderCondition(org);
  const write = (Sid: string, prefix: string) => ({
    Sid,
    Effect: "Allow" as const,
    Principal: { Service: "cloudtrail.amazonaws.com" },
    Action: "s3:PutObject",
    Resource: `${bucketArn}/${prefix}*`,
    Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", ...fromTrail } },
  });
  return policyDocument(
    denyInsecureTransport(bucketArn),
    ...archiveProtectionStatements(org, bucketArn),
    {
      Sid: "CloudTrailAclCheck",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "s3:GetBucketAcl",
      Resource: bucketArn,
      Condition: { StringEquals: fromTrail },
    },
    write("CloudTrailWriteManagementAccount", own),
    organization !== undefined && write("CloudTrailWriteOrganization", organization),
    readers && {
      Sid: "LogReadersListBucket",
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: ["s3:GetBucketLocation", "s3:ListBucket"],
      Resource: bucketArn,
      Condition: readers,
    },
    readers && {
      Sid: "LogReadersReadLogFiles",
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: "s3:GetObject",
      Resource: `${bucketArn}/AWSLogs/*`,
      Condition: readers,
    },
  );
}
