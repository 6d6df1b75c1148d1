/**
 * The CloudWatch Logs group the trail delivers to, and the key that encrypts it. Both live in
 * the trail owner's account and the home Region: the log group must be in the account that
 * creates the organization trail (docs/aws-facts.md a1), a log group takes its key by key ARN, which
 * cannot be derived, so the key is created in the same stack (docs/aws-facts.md a10).
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
 */
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import type { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";
import type { OrganizationModel } from "../manifest/model";
import { TRAIL_LOG_GROUP_KEY_ALIAS, TRAIL_LOG_GROUP_NAME, trailLogGroupArn } from "../deployment/names";
import { createKeyWithAlias } from "./key-with-alias";
import { dnsSuffix, keyAdministration, policyDocument, type PolicyDocument } from "./policy-document";

export interface TrailLogGroupProps {
  readonly organization: OrganizationModel;
  readonly provider: AwsProvider;
}

export class TrailLogGroup extends Construct {
  readonly key: KmsKey;
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: TrailLogGroupProps) {
    super(scope, id);
    const { organization, provider } = props;
    this.key = createKeyWithAlias(this, {
      provider,
      description: "tripline: encrypts the CloudTrail log group",
      policy: trailLogGroupKeyPolicy(organization),
      alias: TRAIL_LOG_GROUP_KEY_ALIAS,
      aliasId: "alias",
    }).key;
    this.logGroup = new CloudwatchLogGroup(this, "log-group", {
      provider,
      name: TRAIL_LOG_GROUP_NAME,
      retentionInDays: organization.trail.logRetentionDays,
      kmsKeyId: this.key.arn,
      // Metric filters and Contributor Insights rules need the Standard class.
      // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CloudWatch_Logs_Log_Classes.html
      logGroupClass: "STANDARD",
      // Nobody deletes the audit log group by accident, tripline's destroy included.
      deletionProtectionEnabled: true,
    });
  }
}

/**
 * Key administration for the owning account; CloudWatch Logs in the home Region may use the key
 * for this one log group only (the encryption context CloudWatch Logs sets is the log group's
 * ARN). The actions are AWS's documented set with `kms:Encrypt*`, `kms:Decrypt*` and
 * `kms:Describe*` written out.
 */
export function trailLogGroupKeyPolicy(org: OrganizationModel): PolicyDocument {
  return policyDocument(keyAdministration(org.partition, org.trailOwner.id), {
    Sid: "CloudWatchLogsEncryptsTrailLogGroup",
    Effect: "Allow",
    Principal: { Service: `logs.${org.homeRegion}.${dnsSuffix(org.partition)}` },
    Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
    Resource: "*",
    Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": trailLogGroupArn(org) } },
  });
}
