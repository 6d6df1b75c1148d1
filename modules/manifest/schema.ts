/**
 * The manifest schema: the single source of truth for the TypeScript types, the validation,
 * the JSON Schema printed by `tripline schema`, and the manifest reference in the README (every
 * `.describe()` below is a line of that reference).
 */
import { z } from "zod";
import { isAwsRegion } from "./regions";

/** Lower-case letters, digits and dashes: a stack name, a Terraform-friendly account name. */
const STACK_NAME = /^[a-z][a-z0-9-]{0,62}$/;

/**
 * IAM role names: 1–64 of `[\w+=,.@-]`; role ARNs: `arn:<partition>:iam::<12 digits>:role/<path><name>`.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
 */
export const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
export const ROLE_ARN = /^arn:aws(-cn|-us-gov)?:iam::(\d{12}):role\/((?:[\x21-\x7e]+\/)?)([\w+=,.@-]{1,64})$/;

/** CloudWatch Logs retention values (PutRetentionPolicy `retentionInDays`). */
export const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export const ACCOUNT_ROLES = ["management", "log-archive", "security", "workload", "standalone"] as const;
export const WEEK_DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;

export const Region = z
  .string()
  .refine(isAwsRegion, { error: (issue) => `${JSON.stringify(issue.input)} is not an AWS region` })
  .describe("An AWS Region code, e.g. eu-west-1");

const Email = z.email({ error: (issue) => `${JSON.stringify(issue.input)} is not an email address` });

const HttpsUrl = z
  .url({ protocol: /^https$/, error: (issue) => `${JSON.stringify(issue.input)} is not an https:// URL` })
  .describe("An https:// URL");

const Tags = z
  .record(z.string().min(1).max(128), z.string().max(256))
  .describe("Tags applied to every resource (the AWS provider's default_tags)");

const PrincipalArn = z
  .string()
  .regex(/^arn:aws(-cn|-us-gov)?:(iam|sts)::(\d{12}|\*):[^\s]+$/, {
    error: (issue) => `${JSON.stringify(issue.input)} is not an IAM principal ARN`,
  });

const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: "expected a time of day as HH:MM (24-hour)" });

export const Schedule = z
  .strictObject({
    days: z.array(z.enum(WEEK_DAYS)).min(1).default(["Mon", "Tue", "Wed", "Thu", "Fri"]).describe("Working days"),
    start: Clock.default("08:00").describe("Start of the working day, HH:MM"),
    end: Clock.default("18:00").describe("End of the working day, HH:MM (exclusive)"),
    timeZone: z
      .string()
      .refine((zone) => isTimeZone(zone), { error: (issue) => `${JSON.stringify(issue.input)} is not an IANA time zone` })
      .default("UTC")
      .describe("IANA time zone of the working hours, e.g. Europe/Berlin"),
  })
  .describe("Working hours; console sign-ins outside them raise off-hours-console-login");
export type Schedule = z.infer<typeof Schedule>;

/** Office hours Monday–Friday 08:00–18:00 UTC (docs/design.md contract 6): the schema's own defaults. */
export const DEFAULT_SCHEDULE: Schedule = Schedule.parse({});

export const DetectionSetting = z
  .strictObject({
    enabled: z.boolean().optional().describe("false turns the detection off"),
    threshold: z.number().positive().optional().describe("Alarm threshold"),
    periodSeconds: z
      .number()
      .int()
      // Metric filters and Contributor Insights publish standard-resolution metrics: an alarm
      // period under a minute would see no data most of the time.
      // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
      .refine((s) => s >= 60 && s % 60 === 0 && s <= 86400, {
        error: (issue) => `${String(issue.input)} seconds is not a multiple of 60 from 60 to 86400: the detections' metrics are standard resolution`,
      })
      .optional()
      .describe("Alarm period in seconds"),
    evaluationPeriods: z.number().int().min(1).optional().describe("Consecutive breaching periods that raise the alarm"),
  })
  .describe("Changes to one detection's deployment");
export type DetectionSetting = z.infer<typeof DetectionSetting>;

export const DetectionException = z
  .strictObject({
    reason: z.string().min(1).describe("Why this activity is expected (required, shown in review)"),
    principals: z.array(PrincipalArn).optional().describe("Principal ARNs to allow; `*` wildcards allowed"),
    sourceIps: z.array(z.string()).optional().describe("Source IP addresses or CIDR blocks to allow"),
    userAgents: z.array(z.string().min(1)).optional().describe("User agents to allow; `*` wildcards allowed"),
  })
  .describe("An allow-list entry: matching activity does not raise the detection");
export type DetectionException = z.infer<typeof DetectionException>;

const Detections = z
  .strictObject({
    namespace: z
      .string()
      .regex(/^[^:]{1,255}$/, { error: "a CloudWatch namespace is 1–255 characters without ':'" })
      .optional()
      .describe("CloudWatch metric namespace (default tripline)"),
    schedule: Schedule.optional(),
    settings: z.record(z.string(), DetectionSetting).optional().describe("Per-detection changes, keyed by detection id"),
    exceptions: z
      .record(z.string(), z.array(DetectionException).min(1))
      .optional()
      .describe("Allow-lists, keyed by detection id"),
  })
  .describe("How the detections are deployed");
export type Detections = z.infer<typeof Detections>;

const StateBackend = z
  .strictObject({
    bucket: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: "not a valid S3 bucket name" })
      .describe("S3 bucket holding Terraform state"),
    region: Region.describe("Region of the state bucket"),
    keyPrefix: z.string().regex(/^[\w./-]*$/).default("tripline").describe("Key prefix; each stack's state is <keyPrefix>/<stack>.tfstate"),
  })
  .describe("Terraform S3 backend with S3-native locking; omit for local state");

const Notifications = z
  .strictObject({
    email: z.array(Email).optional().describe("Email addresses subscribed to the alert topic"),
    slack: z.strictObject({ webhookUrl: HttpsUrl }).optional().describe("Slack incoming webhook"),
    teams: z.strictObject({ webhookUrl: HttpsUrl }).optional().describe("Microsoft Teams incoming webhook"),
    webhooks: z
      .array(z.strictObject({ name: z.string().regex(STACK_NAME).describe("Name of the webhook, used in resource names"), url: HttpsUrl }))
      .optional()
      .describe("Generic JSON webhooks"),
  })
  .describe("Where alerts go");

const DataEvents = z
  .strictObject({
    type: z.enum(["s3-objects", "lambda-invokes"]).describe("Which data events to record"),
    resources: z
      .array(z.string().regex(/^arn:aws(-cn|-us-gov)?:(s3|lambda):/, { error: "expected an S3 or Lambda ARN prefix" }))
      .optional()
      .describe("ARN prefixes to record; omit for all"),
    readOnly: z.boolean().optional().describe("true: reads only; false: writes only; omit for both"),
  })
  .describe("CloudTrail data events (billed per event)");

const Archive = z
  .strictObject({
    transitionToGlacierDays: z.number().int().min(1).default(90).describe("Days before log files of 128 KB or more move to S3 Glacier Flexible Retrieval (smaller ones stay in S3 Standard: docs/trail-layout.md)"),
    expireDays: z.number().int().min(1).default(2557).describe("Days before objects are deleted (default 7 years)"),
    objectLock: z
      .strictObject({
        mode: z.enum(["GOVERNANCE", "COMPLIANCE"]).describe("Object Lock retention mode"),
        days: z.number().int().min(1).describe("Default retention in days"),
      })
      .optional()
      .describe("S3 Object Lock on the trail bucket (immutable once set for new buckets)"),
  })
  // S3 rejects a lifecycle rule whose expiration does not come after its transition.
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html
  .refine((archive) => archive.expireDays > archive.transitionToGlacierDays, {
    path: ["expireDays"],
    error: "must be more than transitionToGlacierDays: objects cannot expire before they move to Glacier",
  })
  .describe("Lifecycle of the trail archive");

const Trail = z
  .strictObject({
    logRetentionDays: z
      .number()
      .refine((d) => (RETENTION_DAYS as readonly number[]).includes(d), {
        error: `expected one of CloudWatch Logs' retention values: ${RETENTION_DAYS.join(", ")}`,
      })
      .default(365)
      .describe("Retention of the trail's CloudWatch Logs group, in days"),
    delegatedAdministrator: z
      .string()
      .regex(STACK_NAME)
      .optional()
      .describe("Name of the account registered as CloudTrail delegated administrator, which then owns the trail's log group"),
    archive: Archive.default({ transitionToGlacierDays: 90, expireDays: 2557 }),
    dataEvents: z.array(DataEvents).optional().describe("CloudTrail data events to record (billed per event)"),
    insights: z
      .array(z.enum(["ApiCallRateInsight", "ApiErrorRateInsight"]))
      .optional()
      .describe("CloudTrail Insights types to enable"),
    logReaders: z.array(PrincipalArn).optional().describe("Principals allowed to decrypt and read the archived logs"),
  })
  .describe("The organization trail");

/** `tripline hunt` on Athena: where its table, workgroup and role live, and what one query may scan. */
const Hunt = z
  .strictObject({
    account: z.string().regex(STACK_NAME).optional().describe("Name of the account that gets the Athena table, workgroup and tripline-hunter role (default: the security account)"),
    bytesScannedCutoffPerQuery: z
      .number()
      .int()
      // Athena's per-query data usage control: 10 MB to 7 EB (docs/aws-facts.md o9).
      .min(10_000_000)
      .max(7_000_000_000_000_000_000)
      .default(1_000_000_000)
      .describe("Athena cancels a hunt query that scans more than this many bytes (10 MB minimum)"),
    resultsExpireDays: z.number().int().min(1).default(30).describe("Days before query results expire from the results bucket"),
  })
  .describe("tripline hunt over the trail archive with Athena; deployed only when present");

export const OrganizationFile = z
  .strictObject({
    mode: z.enum(["organization", "standalone"]).default("organization").describe("An AWS Organization, or one account outside any"),
    organizationId: z
      .string()
      .regex(/^o-[a-z0-9]{10,32}$/, { error: (issue) => `${JSON.stringify(issue.input)} is not an organization id (o- and 10–32 lower-case letters or digits)` })
      .optional()
      .describe("AWS Organizations id, e.g. o-a1b2c3d4e5; required in organization mode"),
    homeRegion: Region.describe("Region of the trail, its log group, the alarms and the central bus"),
    regions: z.array(Region).min(1).describe("Enabled Regions; every account deploys its rules in these unless it narrows them"),
    stateBackend: StateBackend.optional(),
    tags: Tags.optional(),
    notifications: Notifications.optional(),
    trail: Trail.default({ logRetentionDays: 365, archive: { transitionToGlacierDays: 90, expireDays: 2557 } }),
    detections: Detections.optional(),
    hunt: Hunt.optional(),
  })
  .describe("accounts/organization.yaml: what the whole organization shares");
export type OrganizationFile = z.infer<typeof OrganizationFile>;

export const AccountFile = z
  .strictObject({
    name: z
      .string()
      .regex(STACK_NAME, { error: (issue) => `${JSON.stringify(issue.input)} is not a stack name: lower-case letters, digits and dashes, starting with a letter` })
      .describe("Stack name; equal to the file name"),
    id: z
      .string({ error: (issue) => (typeof issue.input === "number" ? "account ids must be quoted strings: YAML reads an unquoted id as a number and drops leading zeros" : undefined) })
      .regex(/^\d{12}$/, { error: (issue) => `${JSON.stringify(issue.input)} is not a 12-digit AWS account id` })
      .describe("12-digit AWS account id, quoted"),
    role: z.enum(ACCOUNT_ROLES).describe("What the account is for; decides what its stack holds"),
    email: Email.describe("Owner's email, the account's root email"),
    regions: z.array(Region).min(1).optional().describe("Narrows the organization's enabled Regions for this account"),
    assumeRole: z
      .string()
      .refine((r) => ROLE_NAME.test(r) || ROLE_ARN.test(r), {
        error: (issue) => `${JSON.stringify(issue.input)} is neither an IAM role name (1–64 of letters, digits and +=,.@_-) nor a role ARN`,
      })
      .optional()
      .describe("Role Terraform assumes in this account (name or ARN); default OrganizationAccountAccessRole for members, none for the management account"),
    tags: Tags.optional(),
    detections: Detections.omit({ schedule: true }).optional().describe("This account's changes to the organization's detection settings"),
  })
  .describe("accounts/<name>.yaml: one AWS account");
export type AccountFile = z.infer<typeof AccountFile>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
