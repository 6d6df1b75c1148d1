/** Manifest folders for the trail tests: the example organization, changed where a case needs it. */
import type { OrganizationModel } from "../../modules/manifest/model";
import type { ManifestFiles } from "../support/manifest-folder";
import { organizationFrom, synthOrganization } from "../support/synth";

export const ORG_ID = "o-a1b2c3d4e5";
export const MANAGEMENT_ID = "111111111111";
export const SECURITY_ID = "222222222222";
export const LOG_ARCHIVE_ID = "333333333333";
export const STANDALONE_ID = "777777777777";

const organizationYaml = (trail: string[] = []): string =>
  [`organizationId: ${ORG_ID}`, "homeRegion: us-east-1", "regions: [us-east-1, eu-west-1]", ...(trail.length ? ["trail:", ...trail] : []), ""].join("\n");

/** The example organization: the management account owns the trail. */
export const plainOrganization = (): OrganizationModel => organizationFrom();

/** An account of the example organization is CloudTrail's delegated administrator and owns the trail. */
export const delegatedOrganization = (admin = "security"): OrganizationModel =>
  organizationFrom({ "organization.yaml": organizationYaml([`  delegatedAdministrator: ${admin}`]) });

/** Every optional trail setting at once. */
export const fullOrganization = (): OrganizationModel =>
  organizationFrom({
    "organization.yaml": organizationYaml([
      "  logRetentionDays: 400",
      "  archive:",
      "    transitionToGlacierDays: 30",
      "    expireDays: 3650",
      "    objectLock: { mode: COMPLIANCE, days: 365 }",
      "  insights: [ApiCallRateInsight, ApiErrorRateInsight]",
      "  logReaders:",
      `    - arn:aws:iam::${SECURITY_ID}:role/security-audit`,
      `    - arn:aws:iam::${SECURITY_ID}:role/incident-response`,
      "  dataEvents:",
      "    - type: s3-objects",
      "    - type: s3-objects",
      "      resources: [arn:aws:s3:::payments-data/]",
      "      readOnly: false",
      "    - type: lambda-invokes",
      '      resources: ["arn:aws:lambda:us-east-1:444444444444:function:"]',
    ]),
  });

export const STANDALONE: ManifestFiles = {
  "organization.yaml": [
    "mode: standalone",
    "homeRegion: eu-west-1",
    "regions: [eu-west-1]",
    "trail:",
    "  logReaders:",
    `    - arn:aws:iam::${STANDALONE_ID}:role/auditor`,
    "",
  ].join("\n"),
  "solo.yaml": `name: solo\nid: "${STANDALONE_ID}"\nrole: standalone\nemail: solo@example.com\n`,
};

export const standaloneAccount = (): OrganizationModel => organizationFrom({}, STANDALONE);

export type Stacks = ReturnType<typeof synthOrganization>;
export { synthOrganization };

/** A stack's resources of one type, by logical name. */
/**
 * The trail's own resources of a type: the detections beside its log group, and SSH log shipping
 * with its alert topics in every account (ssh-log-shipping.test.ts), and the notifier with its
 * evidence role (notifier-function.test.ts) are tested elsewhere.
 */
export function resourcesOf(stacks: Stacks, stack: string, type: string): Record<string, Record<string, unknown>> {
  const all = stacks[stack]?.tf.resource?.[type] ?? {};
  return Object.fromEntries(Object.entries(all).filter(([name]) => !OTHER_PREFIXES.some((prefix) => name.startsWith(prefix))));
}

/**
 * Logical ids of the CloudTrail detections construct (`CloudTrailDetections`, id
 * `cloudtrail-detections`), of the per-Region SSH constructs and alert topics, of the notifier
 * (`notifier`, `notifier-evidence`), of the central bus and of the event forwarding (account-stack.ts).
 */
const OTHER_PREFIXES = ["cloudtrail-detections_", "ssh-", "alert-topic-", "notifier", "central-bus_", "event-forwarder"];

/** The one resource of a type in a stack (fails when there is not exactly one). */
export function onlyResource(stacks: Stacks, stack: string, type: string): Record<string, unknown> {
  const all = Object.values(resourcesOf(stacks, stack, type));
  if (all.length !== 1) throw new Error(`${stack} has ${all.length} ${type}, expected one`);
  return all[0];
}

/** A resource of a type whose logical name contains `part`. */
export function resourceNamed(stacks: Stacks, stack: string, type: string, part: string): Record<string, unknown> {
  const entry = Object.entries(resourcesOf(stacks, stack, type)).find(([name]) => name.includes(part));
  if (!entry) throw new Error(`${stack} has no ${type} named like ${part}`);
  return entry[1];
}

export type Statement = {
  Sid: string;
  Effect: string;
  Principal?: unknown;
  Action: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
};

/** The statements of a JSON policy attribute, by Sid. */
export function statementsOf(policy: unknown): Record<string, Statement> {
  const document = JSON.parse(String(policy)) as { Statement: Statement[] };
  return Object.fromEntries(document.Statement.map((s) => [s.Sid, s]));
}
