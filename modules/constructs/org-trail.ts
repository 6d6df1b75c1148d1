/**
 * The trail, in the trail owner's stack (the management account, or the CloudTrail delegated
 * administrator the manifest names) and the home Region: every account of the organization,
 * every Region, global service events, log file validation, SSE-KMS with the trail key, and
 * delivery to the trail's CloudWatch Logs group through a role scoped to that group.
 * In standalone mode, the same trail for the one account, without `is_organization_trail`.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-trail-organization.html
 */
import { Cloudtrail, type CloudtrailAdvancedEventSelector } from "@cdktf/provider-aws/lib/cloudtrail";
import { DataAwsKmsKey } from "@cdktf/provider-aws/lib/data-aws-kms-key";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { OrganizationModel } from "../manifest/model";
import {
  TRAIL_DELIVERY_ROLE_NAME,
  TRAIL_NAME,
  accessLogBucketName,
  s3BucketArn,
  trailBucketName,
  trailKeyAliasArn,
  trailLogGroupArn,
} from "../deployment/names";
import { policyDocument, renderPolicy, type PolicyDocument } from "./policy-document";
import { TrailLogGroup } from "./trail-log-group";

export interface OrgTrailProps {
  readonly organization: OrganizationModel;
  readonly provider: AwsProvider;
  /**
   * The trail archive when it is in the same stack (standalone, or a delegated administrator
   * that is also the log-archive account): its key ARN is used directly and the trail waits for
   * the bucket policy. Otherwise the trail key is found by its derived alias ARN.
   */
  readonly archive?: { readonly keyArn: string; readonly readyForDelivery: ITerraformDependable[] };
}

export class OrgTrail extends Construct {
  readonly logGroup: TrailLogGroup;
  readonly trail: Cloudtrail;

  constructor(scope: Construct, id: string, props: OrgTrailProps) {
    super(scope, id);
    const { organization, provider, archive } = props;
    this.logGroup = new TrailLogGroup(this, "logs", { organization, provider });
    const role = new IamRole(this, "delivery-role", {
      provider,
      name: TRAIL_DELIVERY_ROLE_NAME,
      description: "tripline: CloudTrail writes the trail's events to its CloudWatch Logs group",
      assumeRolePolicy: renderPolicy(deliveryRoleTrustPolicy()),
    });
    const rolePolicy = new IamRolePolicy(this, "delivery-policy", {
      provider,
      name: "write-trail-log-streams",
      role: role.id,
      policy: renderPolicy(deliveryRolePolicy(organization)),
    });
    this.trail = new Cloudtrail(this, "trail", {
      provider,
      name: TRAIL_NAME,
      s3BucketName: trailBucketName(organization),
      kmsKeyId: archive?.keyArn ?? this.lookUpTrailKey(organization, provider),
      isOrganizationTrail: organization.mode === "organization",
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      enableLogging: true,
      // CloudTrail wants the log group ARN with its `:*` suffix, which the provider's `arn` lacks.
      cloudWatchLogsGroupArn: `${this.logGroup.logGroup.arn}:*`,
      cloudWatchLogsRoleArn: role.arn,
      advancedEventSelector: trailEventSelectors(organization),
      insightSelector: organization.trail.insights?.map((insightType) => ({ insightType })),
      // CreateTrail checks that the role can write to the log group, and (same stack) that the
      // bucket policy and key admit CloudTrail.
      dependsOn: [rolePolicy, ...(archive?.readyForDelivery ?? [])],
    });
  }

  /**
   * The trail key's ARN, from its alias ARN, at plan time. Giving CloudTrail the alias ARN
   * works (docs/aws-facts.md a9) but CloudTrail stores the key ARN, so every plan would show a change
   * and every apply call UpdateTrail (hashicorp/terraform-provider-aws#33928, #694). DescribeKey
   * accepts an alias ARN across accounts; the trail key's policy lets this account call it.
   * https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html
   */
  private lookUpTrailKey(organization: OrganizationModel, provider: AwsProvider): string {
    return new DataAwsKmsKey(this, "trail-key", { provider, keyId: trailKeyAliasArn(organization) }).arn;
  }
}

/**
 * CloudTrail assumes the delivery role. AWS's documented trust policy has no condition, and
 * CloudTrail has been reported not to pass aws:SourceArn/aws:SourceAccount when it assumes this
 * role (prowler-cloud/prowler#4714: adding them stopped delivery). IAM's own guard stands in:
 * only a principal allowed iam:PassRole on this role can attach it to a trail, and CloudTrail
 * accepts only a role of the trail's own account (docs/aws-facts.md a1).
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html
 */
export function deliveryRoleTrustPolicy(): PolicyDocument {
  return policyDocument({
    Sid: "CloudTrailAssumesDeliveryRole",
    Effect: "Allow",
    Principal: { Service: "cloudtrail.amazonaws.com" },
    Action: "sts:AssumeRole",
  });
}

/**
 * Create and write the trail's log streams in its one log group: `<account>_CloudTrail_<home>*`
 * for the trail owner's own events and `o-<org>_*` for member accounts (docs/aws-facts.md a5).
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-required-policy-for-cloudwatch-logs.html
 */
export function deliveryRolePolicy(org: OrganizationModel): PolicyDocument {
  const streams = `${trailLogGroupArn(org)}:log-stream`;
  // The stream of the trail's own account is named by the account that owns the trail, the
  // management account. With a delegated administrator AWS does not say whether it is named by
  // the owner or by the account that created the trail and holds the log group, so both are
  // allowed (the same log group, the same role).
  const owners = [...new Set([org.management.id, org.trailOwner.id])];
  const resources = [
    ...owners.map((account) => `${streams}:${account}_CloudTrail_${org.homeRegion}*`),
    ...(org.mode === "organization" && org.organizationId ? [`${streams}:${org.organizationId}_*`] : []),
  ];
  return policyDocument({
    Sid: "WriteTrailLogStreams",
    Effect: "Allow",
    Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
    Resource: resources,
  });
}

/**
 * What the trail records, as advanced event selectors: every management event (read and
 * write), then the data events the manifest asks for. S3 object events for "every bucket" leave
 * out the trail's own bucket and its access-log bucket: CloudTrail's deliveries would otherwise
 * be recorded, and their records delivered, without end.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html
 */
export function trailEventSelectors(org: OrganizationModel): CloudtrailAdvancedEventSelector[] {
  const management: CloudtrailAdvancedEventSelector = {
    name: "Management events",
    fieldSelector: [{ field: "eventCategory", equalTo: ["Management"] }],
  };
  const ownBuckets = [trailBucketName(org), accessLogBucketName(org)].map((bucket) => `${s3BucketArn(org, bucket)}/`);
  const data = (org.trail.dataEvents ?? []).map((events, index): CloudtrailAdvancedEventSelector => {
    const s3 = events.type === "s3-objects";
    const arns = events.resources?.length
      ? [{ field: "resources.ARN", startsWith: [...events.resources] }]
      : s3
        ? [{ field: "resources.ARN", notStartsWith: ownBuckets }]
        : [];
    const readOnly = events.readOnly === undefined ? [] : [{ field: "readOnly", equalTo: [String(events.readOnly)] }];
    return {
      name: `${s3 ? "S3 object" : "Lambda invoke"} data events ${index + 1}`,
      fieldSelector: [
        { field: "eventCategory", equalTo: ["Data"] },
        { field: "resources.type", equalTo: [s3 ? "AWS::S3::Object" : "AWS::Lambda::Function"] },
        ...arns,
        ...readOnly,
      ],
    };
  });
  return [management, ...data];
}
