/**
 * Names and ARNs that several stacks must agree on, derived from the manifest alone: the trail
 * owner's stack, the log-archive stack and the management stack each compute them, so every
 * stack synthesizes and plans on its own, without reading another stack's state.
 *
 * A KMS key's id is random, so no key ARN is derivable: the trail key is named by its alias
 * ARN, which is (docs/trail-layout.md, "The trail key").
 */
import type { OrganizationModel } from "../manifest/model";
import type { Partition } from "../manifest/regions";

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

/** Where a regional resource lives: its ARN is `arn:<partition>:<service>:<region>:<account>:<resource>`. */
export interface AccountRegion {
  readonly partition: Partition;
  readonly region: string;
  readonly accountId: string;
}

/** A regional resource's ARN in one account and Region. */
export const arnIn = (s: AccountRegion, service: string, resource: string): string =>
  `arn:${s.partition}:${service}:${s.region}:${s.accountId}:${resource}`;

/** The account's root principal: "this account", as a key or resource policy names it. */
export const accountRoot = (partition: Partition, accountId: string): string => `arn:${partition}:iam::${accountId}:root`;

/** An IAM role's ARN (IAM is global: no Region). */
export const roleArn = (partition: Partition, accountId: string, roleName: string): string =>
  `arn:${partition}:iam::${accountId}:role/${roleName}`;

/**
 * The encryption context CloudTrail sets on every log file: the trail ARN, which for an
 * organization trail carries the management account id (also when a delegated administrator
 * created it). Any Region, any trail of that account.
 */
export const trailEncryptionContext = (org: Pick<Org, "partition" | "management">): string =>
  `arn:${org.partition}:cloudtrail:*:${org.management.id}:trail/*`;

/** The session name Terraform's provider uses when it assumes an account's role (at most 64 characters). */
export const providerSessionName = (accountName: string): string => `${RESOURCE_PREFIX}${accountName}`.slice(0, 64);

/** The alert topic: what people act on. */
export const ALERT_TOPIC_NAME = "tripline-alerts";
/** The compliance topic: alarms that exist for Security Hub's sake, and the record. */
export const COMPLIANCE_TOPIC_NAME = "tripline-compliance";
/** The queue that keeps every notification of both topics. */
export const COMPLIANCE_QUEUE_NAME = "tripline-compliance";
export const ALERT_KEY_ALIAS = "alias/tripline-alerts";

export const topicArn = (s: AccountRegion, name: string): string => arnIn(s, "sns", name);
export const queueArn = (s: AccountRegion, name: string): string => arnIn(s, "sqs", name);
/** tripline's alarms in this account and Region (their names start with `tripline-`, contract 8). */
export const triplineAlarmArns = (s: AccountRegion): string => arnIn(s, "cloudwatch", `alarm:${RESOURCE_PREFIX}*`);

/** The stream detector's function, role, table and subscription filter share one name (contract 8). */
export const STREAM_DETECTOR_NAME = "tripline-stream-detector";
export const STREAM_DETECTOR_DLQ_NAME = "tripline-stream-detector-dlq";
export const STREAM_DETECTOR_KEY_ALIAS = "alias/tripline-stream-detector";
/** Lambda's default log group name for the function. */
export const STREAM_DETECTOR_LOG_GROUP = `/aws/lambda/${STREAM_DETECTOR_NAME}`;

export const streamDetectorRoleArn = (s: AccountRegion): string =>
  roleArn(s.partition, s.accountId, STREAM_DETECTOR_NAME);

/** The log group every instance's SSH auth log is shipped to, one per account and SSH Region. */
export const SSH_LOG_GROUP_NAME = "tripline-ssh";
/** The key that encrypts the SSH log group and the bootstrap's output (per account and Region). */
export const SSH_LOG_GROUP_KEY_ALIAS = "alias/tripline-ssh-logs";
/**
 * The CloudWatch agent's configuration. `CloudWatchAgentServerPolicy` lets instances read only
 * `parameter/AmazonCloudWatch-*` (docs/aws-facts.md g5), so this name needs no extra statement.
 */
export const SSH_AGENT_PARAMETER_NAME = "AmazonCloudWatch-tripline-ssh";
/** The SSM Command document that bootstraps log shipping, and the association that runs it. */
export const SSH_DOCUMENT_NAME = "tripline-ssh-log-shipping";
export const SSH_ASSOCIATION_NAME = "tripline-ssh-log-shipping";
/** The instance role and profile tripline creates where the manifest asks (IAM names are global). */
export const SSH_INSTANCE_ROLE_NAME = "tripline-ssh-instance";

export const sshLogGroupArn = (at: AccountRegion): string => arnIn(at, "logs", `log-group:${SSH_LOG_GROUP_NAME}`);

/** The bucket the bootstrap's output goes to (State Manager writes association output to S3 only). */
export const sshOutputBucketName = (at: AccountRegion): string => `tripline-ssh-output-${at.accountId}-${at.region}`;

/** An AWS managed policy, e.g. `CloudWatchAgentServerPolicy`. */
export const awsManagedPolicyArn = (partition: Partition, policyName: string): string => `arn:${partition}:iam::aws:policy/${policyName}`;

/** Every KMS key of an account in a Region; narrowed by conditions where it is granted. */
export const kmsKeysIn = (at: AccountRegion): string => arnIn(at, "kms", "key/*");

/**
 * The central EventBridge bus every account's rules forward to, in the security account's home
 * Region (docs/design.md "Detection ids other tools rely on"; standalone: the one account).
 */
export const CENTRAL_BUS_NAME = "tripline-security-events";
/** The key that encrypts the central bus, beside it. */
export const CENTRAL_BUS_KEY_ALIAS = "alias/tripline-security-events";
/** Where the central bus puts events it cannot encrypt or decrypt (docs/aws-facts.md m7). */
export const CENTRAL_BUS_DLQ_NAME = "tripline-security-events-dlq";

export const centralBusArn = (org: Pick<OrganizationModel, "partition" | "homeRegion" | "security">): string =>
  arnIn({ partition: org.partition, region: org.homeRegion, accountId: org.security.id }, "events", `event-bus/${CENTRAL_BUS_NAME}`);

/**
 * The role EventBridge assumes in each account to put events on the central bus (docs/aws-facts.md
 * f5, m2). IAM is global: one role serves the account's rules in every Region.
 */
export const EVENT_FORWARDER_ROLE_NAME = "tripline-event-forwarder";
/** The dead-letter queue of the forwarding targets, one per account and Region (docs/aws-facts.md m4). */
export const EVENT_FORWARDER_DLQ_NAME = "tripline-event-forwarder-dlq";
/** The rule that forwards tripline's CloudWatch alarm state changes (docs/aws-facts.md l2, l8). */
export const ALARM_FORWARDER_RULE_NAME = "tripline-alarm-state-changes";

/** An EventBridge rule on the default bus of an account and Region. */
export const defaultBusRuleArn = (s: AccountRegion, ruleName: string): string => arnIn(s, "events", `rule/${ruleName}`);


/** The notifier: function, role, idempotency table and the rule on the central bus share its name (contract 8). */
export const NOTIFIER_NAME = "tripline-notifier";
export const NOTIFIER_DLQ_NAME = "tripline-notifier-dlq";
/** The notifier's email channel: an SNS topic in the security account with the manifest's emails. */
export const NOTIFIER_TOPIC_NAME = "tripline-notifier-email";
export const NOTIFIER_KEY_ALIAS = "alias/tripline-notifier";
/** The role in the trail owner's account that may only read the trail's log group, for the notifier's evidence. */
export const NOTIFIER_EVIDENCE_ROLE_NAME = "tripline-notifier-evidence";

/** Lambda's default log group name for the function. */
export const NOTIFIER_LOG_GROUP = `/aws/lambda/${NOTIFIER_NAME}`;

export const notifierRoleArn = (org: Pick<OrganizationModel, "partition" | "security">): string => roleArn(org.partition, org.security.id, NOTIFIER_NAME);
export const notifierTopicArn = (org: Pick<OrganizationModel, "partition" | "homeRegion" | "security">): string =>
  topicArn({ partition: org.partition, region: org.homeRegion, accountId: org.security.id }, NOTIFIER_TOPIC_NAME);
export const notifierEvidenceRoleArn = (org: Pick<Org, "partition" | "trailOwner">): string => roleArn(org.partition, org.trailOwner.id, NOTIFIER_EVIDENCE_ROLE_NAME);
/** Rules on a custom bus have ARNs `rule/<bus>/<name>`. */
export const notifierRuleArn = (at: AccountRegion, busName: string): string => arnIn(at, "events", `rule/${busName}/${NOTIFIER_NAME}`);
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
