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

/** The central EventBridge bus in the security account and home Region (docs/design.md, ids). */
export const CENTRAL_BUS_NAME = "tripline-security-events";
export const centralBusArn = (org: Pick<OrganizationModel, "partition" | "homeRegion" | "security">): string =>
  `arn:${org.partition}:events:${org.homeRegion}:${org.security.id}:event-bus/${CENTRAL_BUS_NAME}`;

/** The notifier: function, role, idempotency table and the rule on the central bus share its name (contract 8). */
export const NOTIFIER_NAME = "tripline-notifier";
export const NOTIFIER_DLQ_NAME = "tripline-notifier-dlq";
/** The notifier's email channel: an SNS topic in the security account with the manifest's emails. */
export const NOTIFIER_TOPIC_NAME = "tripline-notifier-email";
export const NOTIFIER_KEY_ALIAS = "alias/tripline-notifier";
/** The role in the trail owner's account that may only read the trail's log group, for the notifier's evidence. */
export const NOTIFIER_EVIDENCE_ROLE_NAME = "tripline-notifier-evidence";

export const notifierRoleArn = (org: Pick<OrganizationModel, "partition" | "security">): string => `arn:${org.partition}:iam::${org.security.id}:role/${NOTIFIER_NAME}`;
export const notifierTopicArn = (org: Pick<OrganizationModel, "partition" | "homeRegion" | "security">): string =>
  `arn:${org.partition}:sns:${org.homeRegion}:${org.security.id}:${NOTIFIER_TOPIC_NAME}`;
export const notifierEvidenceRoleArn = (org: Pick<Org, "partition" | "trailOwner">): string =>
  `arn:${org.partition}:iam::${org.trailOwner.id}:role/${NOTIFIER_EVIDENCE_ROLE_NAME}`;
