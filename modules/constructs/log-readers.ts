/**
 * Who may read the archived trail (`trail.logReaders` in the manifest). The bucket policy and
 * the trail key's policy grant them with the same condition: a wildcard principal narrowed by
 * `aws:PrincipalArn`, fenced to the organization (or, standalone, to the readers' accounts).
 *
 * A wildcard principal with `aws:PrincipalArn` rather than the ARNs themselves: a key policy
 * or bucket policy that names a role which does not exist (yet, or any more) is rejected
 * (MalformedPolicyDocument), and a named role that is re-created silently loses access because
 * the policy holds its unique id. The manifest may also name `arn:aws:iam::*:role/audit`.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles
 */
import type { OrganizationModel } from "../manifest/model";
import { hunterRoleArn } from "../deployment/names";
import { accountOfPrincipalArn, type Condition } from "./policy-document";

type Org = Pick<OrganizationModel, "mode" | "organizationId" | "management" | "trail" | "partition" | "homeRegion" | "logArchive" | "trailOwner" | "hunt">;

/**
 * The manifest's readers, and the `tripline-hunter` role when `hunt` is deployed: Athena reads the
 * archive with the caller's credentials, so the role needs the same grant (list the bucket, read
 * `AWSLogs/*`, decrypt through S3), and nothing more.
 */
export const logReaders = (org: Org): readonly string[] => [...(org.trail.logReaders ?? []), ...(org.hunt ? [hunterRoleArn(org)] : [])];

/** The condition every log-reader grant carries; undefined when the manifest names no reader. */
export function logReaderCondition(org: Org): Condition | undefined {
  const readers = logReaders(org);
  if (readers.length === 0) return undefined;
  const fence: Record<string, string | string[]> =
    org.mode === "organization" && org.organizationId
      ? { "aws:PrincipalOrgID": org.organizationId }
      : { "aws:PrincipalAccount": readerAccounts(org, readers) };
  return { ArnLike: { "aws:PrincipalArn": [...readers] }, StringEquals: fence };
}

/** Standalone: the accounts the reader ARNs name, never `*` (an open account is the account itself). */
function readerAccounts(org: Org, readers: readonly string[]): string[] {
  const named = readers.map(accountOfPrincipalArn).filter((account) => /^\d{12}$/.test(account));
  return [...new Set([org.management.id, ...named])];
}
