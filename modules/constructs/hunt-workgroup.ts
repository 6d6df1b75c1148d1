/**
 * The Athena workgroup `tripline-hunt` and where its results go: a bucket of its own, encrypted
 * with a customer managed key, TLS only, public access blocked, results expiring. The workgroup
 * enforces its configuration, so no query can send results elsewhere or unencrypted, and cancels
 * any query that scans more than the manifest's limit (docs/aws-facts.md o9, o10).
 * https://docs.aws.amazon.com/athena/latest/ug/workgroups-settings-override.html
 */
import { AthenaWorkgroup } from "@cdktf/provider-aws/lib/athena-workgroup";
import type { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { Construct } from "constructs";
import { HUNT_RESULTS_KEY_ALIAS, HUNT_WORKGROUP_NAME, hunterRoleArn, huntResultsBucketName, s3BucketArn } from "../deployment/names";
import type { OrganizationModel } from "../manifest/model";
import { lockDownBucket } from "./bucket-lockdown";
import { createKeyWithAlias } from "./key-with-alias";
import { denyInsecureTransport, dnsSuffix, keyAdministration, policyDocument, renderPolicy, type PolicyDocument } from "./policy-document";

export interface HuntWorkgroupProps {
  readonly organization: OrganizationModel & { readonly hunt: NonNullable<OrganizationModel["hunt"]> };
  readonly provider: AwsProvider;
}

/** Where results go inside the bucket. */
export const RESULTS_PREFIX = "results/";

export class HuntWorkgroup extends Construct {
  readonly key: KmsKey;
  readonly bucket: S3Bucket;
  readonly workgroup: AthenaWorkgroup;

  constructor(scope: Construct, id: string, props: HuntWorkgroupProps) {
    super(scope, id);
    const { organization, provider } = props;
    const hunt = organization.hunt;
    const { key } = createKeyWithAlias(this, {
      provider,
      description: "tripline: encrypts tripline hunt's Athena query results",
      policy: huntResultsKeyPolicy(organization),
      alias: HUNT_RESULTS_KEY_ALIAS,
      aliasId: "alias",
    });
    this.key = key;
    this.bucket = new S3Bucket(this, "results", { provider, bucket: huntResultsBucketName(organization), forceDestroy: true });
    const bucket = this.bucket.id;
    const publicAccess = lockDownBucket(this, provider, bucket);
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      provider,
      bucket,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn } }],
    });
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      provider,
      bucket,
      rule: [
        {
          id: "expire-results",
          status: "Enabled",
          filter: [{ prefix: "" }],
          expiration: [{ days: hunt.resultsExpireDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
        },
      ],
    });
    new S3BucketPolicy(this, "policy", { provider, bucket, policy: renderPolicy(policyDocument(denyInsecureTransport(s3BucketArn(organization, huntResultsBucketName(organization))))), dependsOn: [publicAccess] });
    this.workgroup = new AthenaWorkgroup(this, "workgroup", {
      provider,
      name: HUNT_WORKGROUP_NAME,
      description: "tripline hunt: the detection catalog as SQL over the organization trail's archive",
      state: "ENABLED",
      forceDestroy: true,
      configuration: {
        enforceWorkgroupConfiguration: true,
        publishCloudwatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: hunt.bytesScannedCutoffPerQuery,
        engineVersion: { selectedEngineVersion: "Athena engine version 3" },
        resultConfiguration: {
          outputLocation: `s3://${huntResultsBucketName(organization)}/${RESULTS_PREFIX}`,
          expectedBucketOwner: hunt.holder.id,
          encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: key.arn },
        },
      },
    });
  }
}

/**
 * The results key: administered by its account; used only by the hunter role, and only through S3
 * in the key's Region (Athena writes and reads results with the caller's credentials). The account
 * root as principal with `aws:PrincipalArn`, so the policy does not depend on the role existing first.
 */
export function huntResultsKeyPolicy(org: HuntWorkgroupProps["organization"]): PolicyDocument {
  return policyDocument(keyAdministration(org.partition, org.hunt.holder.id), {
    Sid: "HunterUsesKeyThroughS3",
    Effect: "Allow",
    Principal: { AWS: `arn:${org.partition}:iam::${org.hunt.holder.id}:root` },
    Action: ["kms:Decrypt", "kms:GenerateDataKey"],
    Resource: "*",
    Condition: {
      ArnEquals: { "aws:PrincipalArn": hunterRoleArn(org) },
      StringEquals: { "kms:ViaService": `s3.${org.homeRegion}.${dnsSuffix(org.partition)}`, "aws:PrincipalAccount": org.hunt.holder.id },
    },
  });
}
