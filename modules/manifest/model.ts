/**
 * The organization as the stacks see it: validated, defaults applied, derived values computed
 * once. Built only from a manifest without problems, so a mistake never yields a half-right stack.
 */
import { roleArn } from "../deployment/names";
import { failure, success, type Result } from "../result";
import type { Problem } from "./problem";
import { sortProblems } from "./problem";
import { checkManifests } from "./checks";
import { loadManifests, type ParsedFile } from "./load";
import type { FieldPath, Position } from "./locate";
import { partitionOf, type Partition } from "./regions";
import { DEFAULT_SCHEDULE, ROLE_ARN, type AccountFile, type Detections, type OrganizationFile, type Schedule, type SshShipping } from "./schema";

/** The role AWS Organizations creates in accounts it creates; invited accounts may lack it (README). */
export const DEFAULT_MEMBER_ROLE = "OrganizationAccountAccessRole";
export const DEFAULT_NAMESPACE = "tripline";

export type AccountRole = AccountFile["role"];

/** The tag that selects instances for SSH log shipping when the manifest names none. */
export const DEFAULT_SSH_INSTANCE_TAG = { key: "tripline:ssh-logs", value: "enabled" } as const;
/** State Manager's shortest rate: the bootstrap is idempotent, so re-running it only repairs drift. */
export const DEFAULT_SSH_SCHEDULE = "rate(30 minutes)";
export const DEFAULT_SSH_LOG_RETENTION_DAYS = 90;

/** One account's SSH log shipping, the organization's settings overridden field by field by the account's. */
export interface SshModel {
  /** Where the log group, the shipping and the SSH detections are deployed. */
  readonly regions: readonly string[];
  readonly instanceTag: { readonly key: string; readonly value: string };
  /** Whether tripline creates the instances' role and instance profile. */
  readonly instanceProfile: boolean;
  readonly schedule: string;
  readonly logRetentionDays: number;
}

export interface AccountModel {
  readonly name: string;
  readonly id: string;
  readonly role: AccountRole;
  readonly email: string;
  /** Where this account's per-region resources are deployed. */
  readonly regions: readonly string[];
  /** Role Terraform assumes; undefined means the caller's own credentials (the management account). */
  readonly assumeRoleArn?: string;
  /** The organization's tags, then the account's. */
  readonly tags: Readonly<Record<string, string>>;
  /** The account's own detection settings; the organization's apply where it is silent. */
  readonly detections: Omit<Detections, "schedule" | "streamDetector">;
  /** SSH log shipping; undefined where it is turned off. */
  readonly ssh?: SshModel;
  /** The manifest file it came from, for messages. */
  readonly file: string;
}

export interface OrganizationModel {
  readonly mode: OrganizationFile["mode"];
  readonly organizationId?: string;
  readonly homeRegion: string;
  readonly regions: readonly string[];
  readonly partition: Partition;
  readonly stateBackend?: NonNullable<OrganizationFile["stateBackend"]>;
  readonly notifications: NonNullable<OrganizationFile["notifications"]>;
  readonly trail: OrganizationFile["trail"];
  /** `tripline hunt` on Athena, when the manifest asks for it; `account` resolved (default: security). */
  readonly hunt?: NonNullable<OrganizationFile["hunt"]> & { readonly holder: AccountModel };
  readonly detections: Detections & { readonly namespace: string; readonly schedule: Schedule };
  readonly accounts: readonly AccountModel[];
  /** The account that owns the trail, its log group and the CloudTrail detections (docs/aws-facts.md a1). */
  readonly trailOwner: AccountModel;
  /** The management account; in standalone mode, the one account. */
  readonly management: AccountModel;
  readonly logArchive: AccountModel;
  readonly security: AccountModel;
  /** Position of a field in one of the manifest files, for problems found on the model. */
  readonly locate: (file: string, path: FieldPath, atKey?: boolean) => Position;
}

/** Checks that need the resolved model (e.g. compiled patterns against AWS's limits). */
export type ModelCheck = (model: OrganizationModel) => readonly Problem[];

/** Loads, validates and resolves a manifest folder; every problem at once, sorted. */
export function loadOrganization(dir: string, knownDetectionIds: ReadonlySet<string>, modelChecks: readonly ModelCheck[] = []): Result<OrganizationModel> {
  const loaded = loadManifests(dir);
  const problems = [...loaded.problems];
  if (loaded.organization) problems.push(...checkManifests(loaded.organization, loaded.accounts, knownDetectionIds, loaded.problems.length === 0));
  if (problems.length > 0 || !loaded.organization) return failure(...sortProblems(problems));
  const model = buildModel(loaded.organization, loaded.accounts);
  const modelProblems = modelChecks.flatMap((check) => check(model));
  return modelProblems.length > 0 ? failure(...sortProblems(modelProblems)) : success(model);
}

function buildModel(organizationFile: ParsedFile<OrganizationFile>, parsedAccounts: readonly ParsedFile<AccountFile>[]): OrganizationModel {
  const org = organizationFile.data;
  const accountFiles = parsedAccounts.map((a) => ({ ...a.data, file: a.file }));
  const locators = new Map([organizationFile, ...parsedAccounts].map((parsed) => [parsed.file, parsed.locate]));
  const partition = partitionOf(org.homeRegion);
  const accounts = accountFiles.map((account): AccountModel => ({
    name: account.name,
    id: account.id,
    role: account.role,
    email: account.email,
    regions: account.regions ?? org.regions,
    assumeRoleArn: roleArnFor(account, partition),
    tags: { ...org.tags, ...account.tags },
    detections: account.detections ?? {},
    ssh: sshFor(org, account, account.regions ?? org.regions),
    file: account.file,
  }));
  const byRole = (role: AccountRole) => accounts.find((a) => a.role === role);
  const standalone = byRole("standalone");
  const management = standalone ?? byRole("management");
  const logArchive = standalone ?? byRole("log-archive");
  const security = standalone ?? byRole("security");
  if (!management || !logArchive || !security) throw new Error("checkManifests let through an organization without its core accounts");
  const delegated = org.trail.delegatedAdministrator;
  return {
    mode: org.mode,
    organizationId: org.organizationId,
    homeRegion: org.homeRegion,
    regions: org.regions,
    partition,
    stateBackend: org.stateBackend,
    notifications: org.notifications ?? {},
    trail: org.trail,
    ...(org.hunt ? { hunt: { ...org.hunt, holder: accounts.find((a) => a.name === org.hunt?.account) ?? security } } : {}),
    detections: { ...org.detections, namespace: org.detections?.namespace ?? DEFAULT_NAMESPACE, schedule: org.detections?.schedule ?? DEFAULT_SCHEDULE },
    accounts,
    trailOwner: (delegated && accounts.find((a) => a.name === delegated)) || management,
    management,
    logArchive,
    security,
    locate: (file, path, atKey) => locators.get(file)?.(path, atKey) ?? { line: 0, col: 0 },
  };
}

/**
 * The account's SSH settings over the organization's, field by field; defaults last. Default
 * Region: the home Region where the account has it enabled, else the account's first Region (an
 * account narrowed to other Regions has its instances there).
 */
function sshFor(org: OrganizationFile, account: AccountFile, accountRegions: readonly string[]): SshModel | undefined {
  const merged: SshShipping = { ...org.ssh, ...account.ssh };
  if (merged.enabled === false) return undefined;
  return {
    regions: merged.regions ?? [accountRegions.includes(org.homeRegion) ? org.homeRegion : accountRegions[0]],
    instanceTag: merged.instanceTag ?? DEFAULT_SSH_INSTANCE_TAG,
    instanceProfile: merged.instanceProfile ?? false,
    schedule: merged.schedule ?? DEFAULT_SSH_SCHEDULE,
    logRetentionDays: merged.logRetentionDays ?? DEFAULT_SSH_LOG_RETENTION_DAYS,
  };
}

function roleArnFor(account: AccountFile, partition: Partition): string | undefined {
  const role = account.assumeRole;
  if (role && ROLE_ARN.test(role)) return role;
  // The management account has no OrganizationAccountAccessRole: Organizations creates that
  // role only in member accounts, so Terraform runs there with the caller's own credentials.
  // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_access-cross-account-role.html
  const name = role ?? (account.role === "management" || account.role === "standalone" ? undefined : DEFAULT_MEMBER_ROLE);
  return name ? roleArn(partition, account.id, name) : undefined;
}
