/**
 * Rules that span files or fields, run after every file has matched its schema. Returns
 * problems; never throws.
 */
import { fileBaseName, type ParsedFile } from "./load";
import { formatFieldPath } from "./locate";
import type { Problem } from "./problem";
import { ROLE_ARN, type AccountFile, type OrganizationFile } from "./schema";
import { partitionOf } from "./regions";

/** In organization mode exactly one account holds each of these roles (docs/design.md, by role). */
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
