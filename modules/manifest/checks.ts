/**
 * Rules that span files or fields, run after every file has matched its schema. Returns
 * problems; never throws.
 */
import { fileBaseName, type ParsedFile } from "./load";
import { formatFieldPath } from "./locate";
import type { Problem } from "./problem";
import { MAX_TAGS_PER_RESOURCE, ROLE_ARN, type AccountFile, type OrganizationFile } from "./schema";
import { partitionOf } from "./regions";

/** In organization mode exactly one account holds each of these roles (docs/design.md "The pieces, by account role"). */
const SINGLE_ROLES = ["management", "log-archive", "security"] as const;

export function checkManifests(
  organization: ParsedFile<OrganizationFile>,
  accounts: readonly ParsedFile<AccountFile>[],
  knownDetectionIds: ReadonlySet<string>,
  everyAccountParsed: boolean,
): Problem[] {
  const problems: Problem[] = [];
  const report = (parsed: ParsedFile<unknown>, path: (string | number)[], message: string, atKey = false) =>
    problems.push({ file: parsed.file, ...parsed.locate(path, atKey), field: formatFieldPath(path), message });
  const org = organization.data;
  const enabled = new Set(org.regions);

  if (org.mode === "organization" && !org.organizationId) {
    report(organization, ["organizationId"], "required in organization mode (or set mode: standalone)");
  }
  if (org.mode === "standalone" && org.organizationId) {
    report(organization, ["organizationId"], "an account outside any organization has no organization id; remove it or set mode: organization");
  }
  if (!enabled.has(org.homeRegion)) {
    report(organization, ["homeRegion"], `"${org.homeRegion}" is not among the enabled regions (${org.regions.join(", ")})`);
  }
  org.regions.forEach((region, index) => {
    if (org.regions.indexOf(region) !== index) report(organization, ["regions", index], `"${region}" is listed twice`);
    if (partitionOf(region) !== partitionOf(org.homeRegion)) {
      report(organization, ["regions", index], `"${region}" is in partition ${partitionOf(region)}, the home region in ${partitionOf(org.homeRegion)}; one organization lives in one partition`);
    }
  });
  checkDetectionIds(organization, org.detections, knownDetectionIds, report);
  checkNotificationRouting(organization, org.notifications, knownDetectionIds, report);
  checkSshRegions(organization, org.ssh?.regions, org.regions, report);

  const byName = new Map<string, ParsedFile<AccountFile>>();
  const byId = new Map<string, ParsedFile<AccountFile>>();
  for (const parsed of accounts) {
    const account = parsed.data;
    const fileName = fileBaseName(parsed.file);
    if (fileName !== account.name) {
      report(parsed, ["name"], `"${account.name}" differs from the file name "${fileName}"; name the file ${account.name}.yaml`);
    }
    const sameName = byName.get(account.name);
    if (sameName) report(parsed, ["name"], `"${account.name}" is also the name in ${sameName.file}`);
    else byName.set(account.name, parsed);
    const sameId = byId.get(account.id);
    if (sameId) report(parsed, ["id"], `"${account.id}" is also the id of ${sameId.data.name} (${sameId.file})`);
    else byId.set(account.id, parsed);

    account.regions?.forEach((region, index) => {
      if (!enabled.has(region)) {
        report(parsed, ["regions", index], `"${region}" is not enabled in the organization (${org.regions.join(", ")})`);
      }
    });
    const roleArn = account.assumeRole ? ROLE_ARN.exec(account.assumeRole) : null;
    if (roleArn && roleArn[2] !== account.id) {
      report(parsed, ["assumeRole"], `role ${account.assumeRole} is in account ${roleArn[2]}, not in this account (${account.id})`);
    }
    if (org.mode === "organization" && account.role === "standalone") {
      report(parsed, ["role"], `"standalone" is for an account outside any organization; organization.yaml says mode: organization`);
    }
    if (org.mode === "standalone" && account.role !== "standalone") {
      report(parsed, ["role"], `"${account.role}" needs an organization; organization.yaml says mode: standalone, so its one account has role: standalone`);
    }
    checkDetectionIds(parsed, account.detections, knownDetectionIds, report);
    checkSshRegions(parsed, account.ssh?.regions, account.regions ?? org.regions, report);
  }

  // The provider's default tags are the organization's and the account's together: AWS counts
  // them per resource.
  for (const parsed of accounts) {
    const merged = new Set([...Object.keys(org.tags ?? {}), ...Object.keys(parsed.data.tags ?? {})]);
    if (merged.size > MAX_TAGS_PER_RESOURCE) {
      report(parsed, parsed.data.tags ? ["tags"] : ["name"], `${merged.size} tags with the organization's: AWS takes at most ${MAX_TAGS_PER_RESOURCE} a resource`);
    }
  }
  // A log reader reads the whole archive: only a role of one of the organization's own accounts.
  if (everyAccountParsed) {
    const partition = partitionOf(org.homeRegion);
    org.trail.logReaders?.forEach((arn, index) => {
      const [, arnPartition, account] = ROLE_ARN.exec(arn) ?? [];
      if (account !== undefined && !byId.has(account)) {
        report(organization, ["trail", "logReaders", index], `account ${account} is not one of the organization's accounts (${[...byId.keys()].join(", ")}); a log reader is a role of one of them`);
      } else if (`aws${arnPartition ?? ""}` !== partition) {
        report(organization, ["trail", "logReaders", index], `is in partition aws${arnPartition ?? ""}, the organization in ${partition}`);
      }
    });
  }

  // The break-glass role guards the archive from inside the archive's own account.
  const breakGlass = org.trail.breakGlassRoleArn;
  const archiveAccount = accounts.find((a) => a.data.role === (org.mode === "standalone" ? "standalone" : "log-archive"));
  const breakGlassAccount = breakGlass ? ROLE_ARN.exec(breakGlass)?.[2] : undefined;
  if (breakGlassAccount && archiveAccount && breakGlassAccount !== archiveAccount.data.id) {
    report(organization, ["trail", "breakGlassRoleArn"], `is a role of account ${breakGlassAccount}; the break-glass role is in the account that holds the archive, ${archiveAccount.data.name} (${archiveAccount.data.id})`);
  }

  // Counting roles over a folder where some account file did not parse would report a missing
  // role that is only unreadable; that file's own problems come first.
  if (org.mode === "organization" && everyAccountParsed) {
    for (const role of SINGLE_ROLES) {
      const holders = accounts.filter((a) => a.data.role === role);
      if (holders.length === 0) {
        problems.push({ file: organization.file, line: 0, col: 0, field: "", message: `no account has role ${role}; an organization needs exactly one` });
      }
      for (const extra of holders.slice(1)) {
        report(extra, ["role"], `a second ${role} account (${holders[0].data.name} in ${holders[0].file} is one already); an organization has exactly one`);
      }
    }
    const admin = org.trail.delegatedAdministrator;
    if (admin) {
      const account = byName.get(admin);
      if (!account) report(organization, ["trail", "delegatedAdministrator"], `no account is named "${admin}"; known: ${[...byName.keys()].join(", ")}`);
      else if (account.data.role === "management") {
        report(organization, ["trail", "delegatedAdministrator"], `"${admin}" is the management account; a delegated administrator is a member account`);
      }
    }
    const hunter = org.hunt?.account;
    if (hunter && !byName.has(hunter)) report(organization, ["hunt", "account"], `no account is named "${hunter}"; known: ${[...byName.keys()].join(", ")}`);
  } else if (org.mode === "standalone" && everyAccountParsed) {
    const standalone = accounts.filter((a) => a.data.role === "standalone");
    if (accounts.length !== 1 || standalone.length !== 1) {
      problems.push({ file: organization.file, line: 0, col: 0, field: "", message: `mode standalone needs exactly one account file, with role standalone; found ${accounts.length}` });
    }
    if (org.trail.delegatedAdministrator) {
      report(organization, ["trail", "delegatedAdministrator"], "a standalone account has no delegated administrator");
    }
  }
  return problems;
}

type Report = (parsed: ParsedFile<unknown>, path: (string | number)[], message: string, atKey?: boolean) => void;

function checkDetectionIds(
  parsed: ParsedFile<unknown>,
  detections: { settings?: Record<string, unknown>; exceptions?: Record<string, unknown> } | undefined,
  known: ReadonlySet<string>,
  report: Report,
): void {
  for (const section of ["settings", "exceptions"] as const) {
    for (const id of Object.keys(detections?.[section] ?? {})) {
      if (!known.has(id)) report(parsed, ["detections", section, id], `"${id}" is not a detection id; see tripline's catalog (README, Detections)`, true);
    }
  }
}

/** SSH log shipping runs in Regions the account has enabled, each named once. */
function checkSshRegions(parsed: ParsedFile<unknown>, sshRegions: readonly string[] | undefined, enabled: readonly string[], report: Report): void {
  sshRegions?.forEach((region, index) => {
    if (sshRegions.indexOf(region) !== index) report(parsed, ["ssh", "regions", index], `"${region}" is listed twice`);
    else if (!enabled.includes(region)) report(parsed, ["ssh", "regions", index], `"${region}" is not among the account's enabled regions (${enabled.join(", ")})`);
  });
}

/** Routing names channels that exist and detections that exist; webhook names are unique and not a built-in channel's. */
function checkNotificationRouting(parsed: ParsedFile<unknown>, notifications: OrganizationFile["notifications"], known: ReadonlySet<string>, report: Report): void {
  if (notifications === undefined) return;
  const builtIn = ["email", "slack", "teams"] as const;
  const channels = new Set<string>(builtIn.filter((name) => (name === "email" ? (notifications.email ?? []).length > 0 : notifications[name] !== undefined)));
  notifications.webhooks?.forEach((webhook, index) => {
    if ((builtIn as readonly string[]).includes(webhook.name)) report(parsed, ["notifications", "webhooks", index, "name"], `"${webhook.name}" is a built-in channel's name; name the webhook otherwise`);
    else if (channels.has(webhook.name)) report(parsed, ["notifications", "webhooks", index, "name"], `"${webhook.name}" names two webhooks`);
    channels.add(webhook.name);
  });
  const checkList = (path: (string | number)[], names: readonly string[]) =>
    names.forEach((name, index) => {
      if (!channels.has(name)) report(parsed, [...path, index], `"${name}" is not a configured channel; configured: ${[...channels].join(", ") || "none"}`);
    });
  for (const [severity, names] of Object.entries(notifications.routing?.severity ?? {})) checkList(["notifications", "routing", "severity", severity], names ?? []);
  for (const [id, names] of Object.entries(notifications.routing?.detections ?? {})) {
    if (!known.has(id)) report(parsed, ["notifications", "routing", "detections", id], `"${id}" is not a detection id; see tripline's catalog (README, Detections)`, true);
    checkList(["notifications", "routing", "detections", id], names);
  }
}
