/**
 * The SSH log group of one account and Region, and the customer managed key that encrypts it and
 * the bootstrap's output bucket. CloudWatch Logs may use the key for this log group only (the
 * encryption context it sets is the group's ARN); S3 may use it for the instances of this account
 * writing the bootstrap's output (kms:ViaService, kms:CallerAccount).
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
 * https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service
 */
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import type { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";
import { accountRoot, SSH_LOG_GROUP_KEY_ALIAS, SSH_LOG_GROUP_NAME, sshLogGroupArn } from "../deployment/names";
import type { Partition } from "../manifest/regions";
import { createKeyWithAlias } from "./key-with-alias";
import { dnsSuffix, keyAdministration, policyDocument, type PolicyDocument } from "./policy-document";

export interface SshPlace {
  readonly partition: Partition;
  readonly region: string;
  readonly accountId: string;
}

export interface SshLogGroupProps extends SshPlace {
  readonly provider: AwsProvider;
  readonly retentionInDays: number;
}

export class SshLogGroup extends Construct {
  readonly key: KmsKey;
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: SshLogGroupProps) {
    super(scope, id);
    const { provider } = props;
    this.key = createKeyWithAlias(this, {
      provider,
      description: "tripline: encrypts the SSH log group and the SSH bootstrap's output",
      policy: sshLogKeyPolicy(props),
      alias: SSH_LOG_GROUP_KEY_ALIAS,
      aliasId: "alias",
    }).key;
    this.logGroup = new CloudwatchLogGroup(this, "log-group", {
      provider,
      name: SSH_LOG_GROUP_NAME,
      retentionInDays: props.retentionInDays,
      kmsKeyId: this.key.arn,
      // Metric filters, transformers and Contributor Insights need the Standard class (docs/aws-facts.md i6).
      logGroupClass: "STANDARD",
    });
  }
}

export function sshLogKeyPolicy(at: SshPlace): PolicyDocument {
  return policyDocument(
    keyAdministration(at.partition, at.accountId),
    {
      Sid: "CloudWatchLogsEncryptsSshLogGroup",
      Effect: "Allow",
      Principal: { Service: `logs.${at.region}.${dnsSuffix(at.partition)}` },
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
      Resource: "*",
      Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": sshLogGroupArn(at) } },
    },
    {
      Sid: "InstancesWriteBootstrapOutputThroughS3",
      Effect: "Allow",
      Principal: { AWS: accountRoot(at.partition, at.accountId) },
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: "*",
      Condition: { StringEquals: { "kms:ViaService": `s3.${at.region}.${dnsSuffix(at.partition)}`, "kms:CallerAccount": at.accountId } },
    },
  );
}
