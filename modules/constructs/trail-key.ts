/**
 * The customer managed key that encrypts the trail's log files (SSE-KMS). It lives beside the
 * bucket, in the log-archive account and the home Region: CloudTrail requires the key in the
 * bucket's Region and allows it in another account (docs/aws-facts.md a9).
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html
 */
import type { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import type { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";
import type { OrganizationModel } from "../manifest/model";
import { TRAIL_KEY_ALIAS, accountRoot, trailArn, trailEncryptionContext } from "../deployment/names";
import { logReaderCondition } from "./log-readers";
import { createKeyWithAlias } from "./key-with-alias";
import { dnsSuffix, keyAdministration, policyDocument, type PolicyDocument } from "./policy-document";

export interface TrailKeyProps {
  readonly organization: OrganizationModel;
  readonly provider: AwsProvider;
}

export class TrailKey extends Construct {
  readonly key: KmsKey;
  readonly alias: KmsAlias;

  constructor(scope: Construct, id: string, props: TrailKeyProps) {
    super(scope, id);
    const { organization, provider } = props;
    const { key, alias } = createKeyWithAlias(this, {
      provider,
      description: "tripline: encrypts the CloudTrail log files in the trail bucket",
      policy: trailKeyPolicy(organization),
      alias: TRAIL_KEY_ALIAS,
      aliasId: "alias",
    });
    this.key = key;
    this.alias = alias;
  }
}

/**
 * The trail key's policy, statement by statement from the CloudTrail User Guide, "Configure
 * AWS KMS key policies for CloudTrail":
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
 * CloudTrail gets no kms:Decrypt: the page asks for it only when the bucket uses an S3 Bucket
 * Key, which the trail bucket does not (trail-bucket.ts).
 */
export function trailKeyPolicy(org: OrganizationModel): PolicyDocument {
  const trail = trailArn(org);
  const fromTrail = { "aws:SourceArn": trail };
  const trailContext = trailEncryptionContext(org);
  const readers = logReaderCondition(org);
  return policyDocument(
    keyAdministration(org.partition, org.logArchive.id),
    {
      Sid: "CloudTrailEncryptsLogFiles",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "kms:GenerateDataKey*",
      Resource: "*",
      Condition: { StringEquals: fromTrail, StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": trailContext } },
    },
    {
      Sid: "CloudTrailDescribesKey",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "kms:DescribeKey",
      Resource: "*",
      Condition: { StringEquals: fromTrail },
    },
    org.trailOwner.id !== org.logArchive.id && {
      // The trail owner's stack resolves the alias ARN to the key ARN at plan time
      // (aws_kms_key data source → DescribeKey, which accepts an alias ARN across accounts):
      // giving CloudTrail the alias ARN itself leaves a diff on every plan, because CloudTrail
      // stores the key ARN (hashicorp/terraform-provider-aws#33928), and every apply would then
      // call UpdateTrail, which tripline's own security-service-disabled detection reports.
      // https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html
      Sid: "TrailOwnerResolvesAlias",
      Effect: "Allow",
      Principal: { AWS: accountRoot(org.partition, org.trailOwner.id) },
      Action: "kms:DescribeKey",
      Resource: "*",
    },
    readers && {
      // Reading a log file makes S3 call Decrypt on the reader's behalf: only through S3 in the
      // key's Region, and only for objects CloudTrail encrypted.
      Sid: "LogReadersDecryptTrailLogs",
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: "kms:Decrypt",
      Resource: "*",
      Condition: {
        ...readers,
        StringEquals: { ...readers.StringEquals, "kms:ViaService": `s3.${org.homeRegion}.${dnsSuffix(org.partition)}` },
        Null: { "kms:EncryptionContext:aws:cloudtrail:arn": "false" },
      },
    },
  );
}
