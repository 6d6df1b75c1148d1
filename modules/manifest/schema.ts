/**
 * The manifest schema: the single source of truth for the TypeScript types, the validation,
 * the JSON Schema printed by `tripline schema`, and the manifest reference in the README (every
 * `.describe()` below is a line of that reference).
 */
import { z } from "zod";
import { quoteInput } from "./excerpt";
import { isAwsRegion } from "./regions";
import { WEEK_DAYS } from "../engines/windows/types";

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

export const Region = z
  .string()
  .refine(isAwsRegion, { error: (issue) => `${quoteInput(issue.input)} is not an AWS region` })
  .describe("An AWS Region code, e.g. eu-west-1");

/**
 * An email address as AWS takes it: Organizations' account email is 6–64 characters, and no SNS
 * endpoint is longer than an address may be (254).
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreateAccount.html
 */
const emailOf = (max: number) =>
  z
    .email({ error: (issue) => `${quoteInput(issue.input)} is not an email address`, abort: true })
    .min(6, { error: (issue) => `${quoteInput(issue.input)} is shorter than an email address AWS accepts (6 characters)` })
    .max(max, { error: (issue) => `${quoteInput(issue.input)} is longer than AWS accepts here (${max} characters)` });
const Email = emailOf(254);
const AccountEmail = emailOf(64);

/**
 * AWS's tag rules: a key of 1–128 and a value of up to 256 Unicode letters, digits, spaces and
 * `_.:/=+-@`; the `aws:` prefix is AWS's own; at most 50 tags a resource (checked on the merged
 * tags, checks.ts). https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html
 */
export const MAX_TAGS_PER_RESOURCE = 50;
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const TAG_CHARACTERS_TEXT = "letters, digits, spaces and _.:/=+-@";
const TagKey = z.string().check((ctx) => {
  const key = ctx.value;
  const problem =
    key.length < 1 || key.length > 128
      ? "must be 1 to 128 characters"
      : !TAG_CHARACTERS.test(key)
        ? `may hold only ${TAG_CHARACTERS_TEXT}`
        : /^aws:/i.test(key)
          ? 'starts with "aws:", which AWS reserves for its own tags'
          : undefined;
  if (problem) ctx.issues.push({ code: "custom", input: key, message: `tag key ${quoteInput(key)} ${problem}` });
});
const TagValue = z.string().check((ctx) => {
  const value = ctx.value;
  const problem = value.length > 256 ? "is longer than 256 characters" : !TAG_CHARACTERS.test(value) ? `may hold only ${TAG_CHARACTERS_TEXT}` : undefined;
  if (problem) ctx.issues.push({ code: "custom", input: value, message: `tag value ${quoteInput(value)} ${problem}` });
});
const Tags = z
  .record(TagKey, TagValue)
  .refine((tags) => Object.keys(tags).length <= MAX_TAGS_PER_RESOURCE, {
    error: `more than ${MAX_TAGS_PER_RESOURCE} tags: AWS takes at most ${MAX_TAGS_PER_RESOURCE} a resource`,
  })
  .describe(`Tags applied to every resource (the AWS provider's default_tags): at most ${MAX_TAGS_PER_RESOURCE} with the account's, keys 1–128 and values up to 256 of ${TAG_CHARACTERS_TEXT}, no aws: prefix`);

const PrincipalArn = z
  .string()
  .max(2048, { error: (issue) => `${quoteInput(issue.input)} is longer than an ARN may be (2048 characters)` })
  .regex(/^arn:aws(-cn|-us-gov)?:(iam|sts)::(\d{12}|\*):[^\s]+$/, {
    error: (issue) => `${quoteInput(issue.input)} is not an IAM principal ARN`,
  });

/**
 * A log reader is a role of one of the organization's accounts, named in full: no wildcard in
 * the account or the name, since `arn:aws:iam::*:*` would open the archive to every principal
 * of the organization (the account is checked against the manifest's accounts in checks.ts).
 */
const LogReaderArn = z.string().refine((arn) => ROLE_ARN.test(arn) && !/[*?]/.test(arn), {
  error: (issue) => `${quoteInput(issue.input)} is not a role ARN without wildcards (arn:aws:iam::<account id>:role/<name>): name one role`,
});

const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: "expected a time of day as HH:MM (24-hour)" });

export const Schedule = z
  .strictObject({
    days: z.array(z.enum(WEEK_DAYS)).min(1).default(["Mon", "Tue", "Wed", "Thu", "Fri"]).describe("Working days"),
    start: Clock.default("08:00").describe("Start of the working day, HH:MM"),
    end: Clock.default("18:00").describe("End of the working day, HH:MM (exclusive)"),
    timeZone: z
      .string()
      .refine((zone) => isTimeZone(zone), { error: (issue) => `${quoteInput(issue.input)} is not an IANA time zone` })
      .default("UTC")
      .describe("IANA time zone of the working hours, e.g. Europe/Berlin"),
  })
  .describe("Working hours; console sign-ins outside them raise off-hours-console-login");
export type Schedule = z.infer<typeof Schedule>;

/** Office hours Monday–Friday 08:00–18:00 UTC (docs/design.md contract 6): the schema's own defaults. */
export const DEFAULT_SCHEDULE: Schedule = Schedule.parse({});

/**
 * The stream detector's reserved concurrency: CloudWatch Logs invokes it about once per batch of
 * trail events (each batch a second or less of work); ten at once leave room for a burst, and
 * what is throttled waits in Lambda's asynchronous queue, retried for up to six hours.
 */
export const DEFAULT_STREAM_DETECTOR_CONCURRENCY = 10;

/**
 * The longest list a manifest field takes. An allow-list is read in review, and what it compiles
 * to is bounded by AWS anyway (a filter pattern holds 1,024 characters, docs/aws-facts.md e2):
 * a longer list is a mistake or an attack on the loader, refused before any work is done on it.
 */
export const MAX_LIST = 100;

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
    reason: z.string().min(1).max(1024).describe("Why this activity is expected (required, shown in review); free text, written escaped"),
    principals: z.array(PrincipalArn).max(MAX_LIST).optional().describe("Principal ARNs to allow; `*` wildcards allowed"),
    sourceIps: z.array(z.string().max(64)).max(MAX_LIST).optional().describe("Source IP addresses or CIDR blocks to allow"),
    userAgents: z.array(z.string().min(1).max(1024)).max(MAX_LIST).optional().describe("User agents to allow; `*` wildcards allowed; free text, written escaped"),
  })
  .describe("An allow-list entry: matching activity does not raise the detection");
export type DetectionException = z.infer<typeof DetectionException>;

const Detections = z
  .strictObject({
    namespace: z
      .string()
      // CloudWatch's namespace characters, without ':' (tripline's choice), and not AWS's own.
      // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricData.html
      .regex(/^(?!AWS\/)[0-9A-Za-z._\/# -]{1,255}$/, {
        error: (issue) => `${quoteInput(issue.input)} is not a CloudWatch namespace: 1–255 of letters, digits and ._/#- and spaces, not starting with AWS/`,
      })
      .optional()
      .describe("CloudWatch metric namespace (default tripline)"),
    schedule: Schedule.optional(),
    streamDetector: z
      .strictObject({
        reservedConcurrency: z
          .number()
          .int()
          .min(1)
          .max(1000)
          .default(DEFAULT_STREAM_DETECTOR_CONCURRENCY)
          .describe("Concurrent executions reserved for (and capping) the stream detector function (README, Security)"),
      })
      .optional()
      .describe("The stream detector function on the trail's log group"),
    settings: z.record(z.string(), DetectionSetting).optional().describe("Per-detection changes, keyed by detection id"),
    exceptions: z
      .record(z.string(), z.array(DetectionException).min(1).max(MAX_LIST))
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
    keyPrefix: z.string().regex(/^[\w./-]{0,512}$/).default("tripline").describe("Key prefix; each stack's state is <keyPrefix>/<stack>.tfstate"),
  })
  .describe("Terraform S3 backend with S3-native locking; omit for local state");

/**
 * SSM parameter names: letters, digits and `_.-`, hierarchies separated by `/` (a leading `/` then).
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-parameter-name-constraints.html
 */
export const SSM_PARAMETER_NAME = /^\/?[\w.-]+(\/[\w.-]+)*$/;
/**
 * Secrets Manager secret names (`[\w/+=.@-]`, at most 512) or a secret's ARN.
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html
 */
export const SECRET_NAME = /^[\w/+=.@-]{1,512}$/;
export const SECRET_ARN = /^arn:aws(-cn|-us-gov)?:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]{1,512}$/;

export const SecretReference = z
  .strictObject({
    ssmParameter: z
      .string()
      .max(1011)
      .regex(SSM_PARAMETER_NAME, { error: (issue) => `${quoteInput(issue.input)} is not an SSM parameter name (letters, digits, _.- and / between levels)` })
      .optional()
      .describe("Name of an SSM Parameter Store SecureString holding the value, e.g. /tripline/slack-webhook"),
    secretsManager: z
      .string()
      .refine((s) => SECRET_NAME.test(s) || SECRET_ARN.test(s), { error: (issue) => `${quoteInput(issue.input)} is neither a Secrets Manager secret name nor a secret ARN` })
      .optional()
      .describe("Name or ARN of a Secrets Manager secret holding the value"),
  })
  .refine((r) => (r.ssmParameter === undefined) !== (r.secretsManager === undefined), { error: "give exactly one of ssmParameter and secretsManager" })
  .describe("Where a secret is kept (the notifier reads it at run time); never the secret itself");
export type SecretReference = z.infer<typeof SecretReference>;

export const SEVERITIES = ["low", "medium", "high", "critical"] as const;

/** `email`, `slack`, `teams`, or a webhook's name. */
const ChannelName = z.string().regex(STACK_NAME, { error: (issue) => `${quoteInput(issue.input)} is not a channel name (email, slack, teams, or a webhook's name)` });

const Routing = z
  .strictObject({
    severity: z
      .partialRecord(z.enum(SEVERITIES), z.array(ChannelName))
      .optional()
      .describe("Channels per severity, e.g. critical: [email, slack]; a severity not listed goes to every channel"),
    detections: z.record(z.string(), z.array(ChannelName)).optional().describe("Channels per detection id; wins over severity"),
  })
  .describe("Which channels get which alerts");

const Notifications = z
  .strictObject({
    email: z.array(Email).max(MAX_LIST).optional().describe("Email addresses subscribed to the alert topic and the notifier's email topic"),
    slack: z.strictObject({ webhook: SecretReference }).optional().describe("Slack incoming webhook (Block Kit); its URL kept in SSM or Secrets Manager"),
    teams: z
      .strictObject({ webhook: SecretReference })
      .optional()
      .describe("Microsoft Teams Workflows webhook (Adaptive Card); its URL kept in SSM or Secrets Manager"),
    webhooks: z
      .array(
        z.strictObject({
          name: z.string().regex(STACK_NAME).describe("Name of the webhook, used in routing and resource names"),
          url: SecretReference.describe("Where its URL is kept"),
          signingSecret: SecretReference.describe("Where the HMAC-SHA256 signing key is kept"),
        }),
      )
      .max(MAX_LIST)
      .optional()
      .describe("Generic JSON webhooks, signed with HMAC-SHA256"),
    routing: Routing.optional(),
  })
  .describe("Where alerts go");

const DataEvents = z
  .strictObject({
    type: z.enum(["s3-objects", "lambda-invokes"]).describe("Which data events to record"),
    resources: z
      .array(z.string().regex(/^arn:aws(-cn|-us-gov)?:(s3|lambda):[^\s]{0,2000}$/, { error: "expected an S3 or Lambda ARN prefix" }))
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
        mode: z
          .enum(["GOVERNANCE", "COMPLIANCE"])
          .default("GOVERNANCE")
          .describe("GOVERNANCE (default): the break-glass role may shorten or lift a retention; COMPLIANCE: nobody can, not even the root user, until it ends"),
        days: z.number().int().min(1).max(36500).describe("Default retention of each log file version, in days"),
      })
      .optional()
      .describe("S3 Object Lock on the trail bucket: every log file version kept unchanged for `days` (README, Security)"),
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
    breakGlassRoleArn: LogReaderArn.optional().describe(
      "The one role, in the log-archive account, that may delete archived log files or weaken the archive's policy, lifecycle, versioning and Object Lock (README, Security)",
    ),
    logReaders: z
      .array(LogReaderArn)
      .max(MAX_LIST)
      .optional()
      .describe("Roles allowed to decrypt and read the archived logs: full role ARNs, no wildcards, in the organization's own accounts"),
  })
  .describe("The organization trail");

/**
 * EC2 tag keys and values: letters, digits, spaces and `_.:/=+-@` (keys up to 128, values up to
 * 256), without the reserved `aws:` prefix. The set leaves out `$`, `%`, `{` and `}`, so a tag can
 * never become a Terraform interpolation in the synthesized JSON.
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Using_Tags.html#tag-restrictions
 */
const InstanceTag = z
  .strictObject({
    key: z
      .string()
      .min(1)
      .max(128)
      .regex(TAG_CHARACTERS, { error: "tag keys are letters, digits, spaces and _.:/=+-@" })
      .refine((k) => !k.toLowerCase().startsWith("aws:"), { error: "tag keys starting with aws: are reserved for AWS" })
      .describe("Tag key"),
    value: z.string().min(1).max(256).regex(TAG_CHARACTERS, { error: "tag values are letters, digits, spaces and _.:/=+-@" }).describe("Tag value"),
  })
  .describe("The EC2 tag that selects the instances whose SSH logs are shipped");

/**
 * State Manager association schedules: `rate(N minutes|hours|days)` (at least 30 minutes) or a
 * six-field `cron(...)`. https://docs.aws.amazon.com/systems-manager/latest/userguide/reference-cron-and-rate-expressions.html
 */
export const SSH_SCHEDULE = /^(rate\((?:[3-9][0-9]|[1-9][0-9]{2,4}) minutes\)|rate\((?:1 (?:hour|day)|[2-9] (?:hours|days)|[1-9][0-9]{1,3} (?:hours|days))\)|cron\([0-9A-Za-z*?/,#\- ]{9,120}\))$/;

export const SshShipping = z
  .strictObject({
    enabled: z.boolean().optional().describe("false: no SSH log shipping and no SSH detections (default true)"),
    regions: z.array(Region).min(1).optional().describe("Regions where SSH logs are shipped and watched (default: the home Region, or the account's first Region if it does not enable the home Region)"),
    instanceTag: InstanceTag.optional().describe("Instances whose logs are shipped (default tripline:ssh-logs = enabled)"),
    instanceProfile: z
      .boolean()
      .optional()
      .describe("true: create the instance role and profile tripline-ssh-instance (CloudWatchAgentServerPolicy, AmazonSSMManagedInstanceCore); default false: the instances' own role needs both (README)"),
    schedule: z
      .string()
      .regex(SSH_SCHEDULE, { error: "expected a State Manager schedule: rate(N minutes) with N ≥ 30, rate(N hours|days), or cron(...)" })
      .optional()
      .describe("How often State Manager re-runs the bootstrap on the tagged instances (default rate(30 minutes))"),
    logRetentionDays: z
      .number()
      .refine((d) => (RETENTION_DAYS as readonly number[]).includes(d), {
        error: `expected one of CloudWatch Logs' retention values: ${RETENTION_DAYS.join(", ")}`,
      })
      .optional()
      .describe("Retention of the SSH log group, in days (default 90)"),
  })
  .describe("EC2 SSH log shipping through Systems Manager, and the SSH detections on its log group");
export type SshShipping = z.infer<typeof SshShipping>;
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
      .regex(/^o-[a-z0-9]{10,32}$/, { error: (issue) => `${quoteInput(issue.input)} is not an organization id (o- and 10–32 lower-case letters or digits)` })
      .optional()
      .describe("AWS Organizations id, e.g. o-a1b2c3d4e5; required in organization mode"),
    homeRegion: Region.describe("Region of the trail, its log group, the alarms and the central bus"),
    regions: z.array(Region).min(1).describe("Enabled Regions; every account deploys its rules in these unless it narrows them"),
    stateBackend: StateBackend.optional(),
    tags: Tags.optional(),
    notifications: Notifications.optional(),
    trail: Trail.default({ logRetentionDays: 365, archive: { transitionToGlacierDays: 90, expireDays: 2557 } }),
    detections: Detections.optional(),
    ssh: SshShipping.optional(),
    hunt: Hunt.optional(),
  })
  .describe("accounts/organization.yaml: what the whole organization shares");
export type OrganizationFile = z.infer<typeof OrganizationFile>;

export const AccountFile = z
  .strictObject({
    name: z
      .string()
      .regex(STACK_NAME, { error: (issue) => `${quoteInput(issue.input)} is not a stack name: lower-case letters, digits and dashes, starting with a letter` })
      .describe("Stack name; equal to the file name"),
    id: z
      .string({ error: (issue) => (typeof issue.input === "number" ? "account ids must be quoted strings: YAML reads an unquoted id as a number and drops leading zeros" : undefined) })
      .regex(/^\d{12}$/, { error: (issue) => `${quoteInput(issue.input)} is not a 12-digit AWS account id` })
      .describe("12-digit AWS account id, quoted"),
    role: z.enum(ACCOUNT_ROLES).describe("What the account is for; decides what its stack holds"),
    email: AccountEmail.describe("Owner's email, the account's root email (6–64 characters)"),
    regions: z.array(Region).min(1).optional().describe("Narrows the organization's enabled Regions for this account"),
    assumeRole: z
      .string()
      .refine((r) => ROLE_NAME.test(r) || ROLE_ARN.test(r), {
        error: (issue) => `${quoteInput(issue.input)} is neither an IAM role name (1–64 of letters, digits and +=,.@_-) nor a role ARN`,
      })
      .optional()
      .describe("Role Terraform assumes in this account (name or ARN); default OrganizationAccountAccessRole for members, none for the management account"),
    tags: Tags.optional(),
    detections: Detections.omit({ schedule: true, streamDetector: true }).optional().describe("This account's changes to the organization's detection settings"),
    ssh: SshShipping.optional().describe("This account's changes to the organization's SSH log shipping, field by field"),
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
