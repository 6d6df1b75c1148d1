/**
 * Names and ARNs that several stacks must agree on, derived from the manifest alone: the trail
 * owner's stack, the log-archive stack and the management stack each compute them, so every
 * stack synthesizes and plans on its own, without reading another stack's state.
 *
 * A KMS key's id is random, so no key ARN is derivable: the trail key is named by its alias
 * ARN, which is (docs/trail-layout.md, "The trail key").
 */
import type { OrganizationModel } from "../manifest/model";

/** Every AWS resource tripline deploys is named with this prefix (docs/design.md contract 8). */
export const RESOURCE_PREFIX = "tripline-";

/** The trail (organization trail, or the standalone account's own multi-Region trail). */
export const TRAIL_NAME = "tripline-trail";
/** The CloudWatch Logs group the trail delivers to; the CloudTrail detections read it. */
export const TRAIL_LOG_GROUP_NAME = "tripline-trail";
/** The role CloudTrail assumes to write to that log group. */
export const TRAIL_DELIVERY_ROLE_NAME = "tripline-trail-delivery";
/** The key that encrypts the trail's log files in S3 (in the log-archive account). */
export const TRAIL_KEY_ALIAS = "alias/tripline-trail";
/** The key that encrypts the trail's log group (in the trail owner's account). */
export const TRAIL_LOG_GROUP_KEY_ALIAS = "alias/tripline-trail-logs";

type Org = Pick<OrganizationModel, "mode" | "organizationId" | "homeRegion" | "partition" | "management" | "logArchive" | "trailOwner">;

/**
 * The trail's ARN. An organization trail is owned by the management account even when a
 * delegated administrator created it, and its ARN carries the management account id
 * (docs/aws-facts.md a2, a3: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html).
 */
export const trailArn = (org: Org): string =>
  `arn:${org.partition}:cloudtrail:${org.homeRegion}:${org.management.id}:trail/${TRAIL_NAME}`;

/**
 * Bucket names are global: the account id and Region make them unique and stay within the
 * 63-character limit (longest: 21 + 12 + 1 + 14 = 48).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
 */
export const trailBucketName = (org: Org): string => `tripline-trail-${org.logArchive.id}-${org.homeRegion}`;
export const accessLogBucketName = (org: Org): string => `tripline-access-logs-${org.logArchive.id}-${org.homeRegion}`;

export const s3BucketArn = (org: Pick<Org, "partition">, bucket: string): string => `arn:${org.partition}:s3:::${bucket}`;

/** Where the trail bucket's S3 server access logs go in the access-log bucket. */
export const accessLogPrefix = (org: Org): string => `${trailBucketName(org)}/`;

/** The trail key's alias ARN: the trail key lives beside the bucket, in the log-archive account. */
export const trailKeyAliasArn = (org: Org): string =>
  `arn:${org.partition}:kms:${org.homeRegion}:${org.logArchive.id}:${TRAIL_KEY_ALIAS}`;

/** The trail's log group, in the trail owner's account and the home Region (docs/aws-facts.md a1, a6). */
export const trailLogGroupArn = (org: Org): string =>
  `arn:${org.partition}:logs:${org.homeRegion}:${org.trailOwner.id}:log-group:${TRAIL_LOG_GROUP_NAME}`;

/**
 * The key prefixes CloudTrail writes under: `AWSLogs/<management-id>/` always (the management
 * account's own events, and every event should the trail stop being an organization trail),
 * `AWSLogs/<organization-id>/` for an organization trail's member accounts.
 */
export const trailLogPrefixes = (org: Org): string[] =>
  org.mode === "organization" && org.organizationId
    ? [`AWSLogs/${org.management.id}/`, `AWSLogs/${org.organizationId}/`]
    : [`AWSLogs/${org.management.id}/`];

/**
 * The name of every resource that serves one detection: metric filter, alarm, Contributor Insights
 * rule, EventBridge rule (docs/design.md contract 8). A suffix may follow where one detection has
 * several resources of a kind.
 */
export const detectionResourceName = (detectionId: string): string => `${RESOURCE_PREFIX}${detectionId}`;

/** `tripline hunt` on Athena (docs/aws-facts.md o9, o10): the workgroup, the role, the Glue database and table. */
export const HUNT_WORKGROUP_NAME = "tripline-hunt";
export const HUNTER_ROLE_NAME = "tripline-hunter";
/** Glue and Athena names: lower-case letters, digits and underscores. */
export const HUNT_DATABASE_NAME = "tripline_hunt";
export const HUNT_TABLE_NAME = "cloudtrail";
/** The key that encrypts hunt query results. */
export const HUNT_RESULTS_KEY_ALIAS = "alias/tripline-hunt-results";

type HuntOrg = Org & { readonly hunt?: { readonly holder: { readonly id: string } } };

/** The account holding the hunt resources (the security account unless the manifest says). */
const huntAccountId = (org: HuntOrg): string => org.hunt?.holder.id ?? "";

/** The hunter role's ARN, which the trail bucket's and key's log-reader grants name. */
export const hunterRoleArn = (org: HuntOrg): string => `arn:${org.partition}:iam::${huntAccountId(org)}:role/${HUNTER_ROLE_NAME}`;

/** The results bucket: account id and Region keep the global name unique (longest 22 + 12 + 1 + 14 = 49). */
export const huntResultsBucketName = (org: HuntOrg): string => `tripline-hunt-results-${huntAccountId(org)}-${org.homeRegion}`;

export const huntWorkgroupArn = (org: HuntOrg): string => `arn:${org.partition}:athena:${org.homeRegion}:${huntAccountId(org)}:workgroup/${HUNT_WORKGROUP_NAME}`;

/** Where the archive's CloudTrail files are, per account (o1): under the organization id for an organization trail. */
export const trailArchivePrefix = (org: Org): string =>
  org.mode === "organization" && org.organizationId ? `AWSLogs/${org.organizationId}/` : `AWSLogs/`;
