/**
 * The detection catalog: every detection tripline deploys, one record per file, named by its id.
 * Adding a detection is one file plus one line here (STYLE §2).
 *
 * Control ids in `controls`: `CloudWatch.N` is Security Hub's id; `CIS-<n>` is the CIS AWS
 * Foundations Benchmark v1.4.0 number, the newer of the two versions Security Hub's page cites
 * for these controls; where Security Hub relates a control to v1.2.0 only (CloudWatch.2 and .3),
 * the id carries the version as the page writes it (`CIS-1.2.0/3.1`).
 */
import type { Detection } from "./detection";
import { apiEnumeration } from "./cloudtrail/api-enumeration";
import { cloudtrailConfigChanges } from "./cloudtrail/cloudtrail-config-changes";
import { cmkDisabledOrDeleted } from "./cloudtrail/cmk-disabled-or-deleted";
import { configChanges } from "./cloudtrail/config-changes";
import { consoleAuthFailure } from "./cloudtrail/console-auth-failure";
import { consoleAuthFailureCis } from "./cloudtrail/console-auth-failure-cis";
import { consoleBruteForce } from "./cloudtrail/console-brute-force";
import { consoleLoginWithoutMfa } from "./cloudtrail/console-login-without-mfa";
import { iamPolicyChanges } from "./cloudtrail/iam-policy-changes";
import { naclChanges } from "./cloudtrail/nacl-changes";
import { networkGatewayChanges } from "./cloudtrail/network-gateway-changes";
import { offHoursConsoleLogin } from "./cloudtrail/off-hours-console-login";
import { organizationsChanges } from "./cloudtrail/organizations-changes";
import { rootAccountUsage } from "./cloudtrail/root-account-usage";
import { routeTableChanges } from "./cloudtrail/route-table-changes";
import { s3BucketPolicyChanges } from "./cloudtrail/s3-bucket-policy-changes";
import { securityGroupChanges } from "./cloudtrail/security-group-changes";
import { unauthorizedApiCalls } from "./cloudtrail/unauthorized-api-calls";
import { vpcChanges } from "./cloudtrail/vpc-changes";
import { consoleLoginWithoutMfaEvent } from "./events/console-login-without-mfa-event";
import { baselineTampered } from "./events/baseline-tampered";
import { rootConsoleLogin } from "./events/root-console-login";
import { securityServiceBlinded } from "./events/security-service-blinded";
import { securityServiceDisabled } from "./events/security-service-disabled";
import { sshBruteForce } from "./ssh/ssh-brute-force";
import { sshFailedPassword } from "./ssh/ssh-failed-password";
import { sshInvalidUser } from "./ssh/ssh-invalid-user";
import { sshPreauthDisconnect } from "./ssh/ssh-preauth-disconnect";

export const catalog: readonly Detection[] = [
  // Security Hub CloudWatch.1–14, in control order.
  rootAccountUsage,
  unauthorizedApiCalls,
  consoleLoginWithoutMfa,
  iamPolicyChanges,
  cloudtrailConfigChanges,
  consoleAuthFailureCis,
  cmkDisabledOrDeleted,
  s3BucketPolicyChanges,
  configChanges,
  securityGroupChanges,
  naclChanges,
  networkGatewayChanges,
  routeTableChanges,
  vpcChanges,
  // CIS 4.15, no Security Hub control.
  organizationsChanges,
  // Console sign-ins.
  consoleAuthFailure,
  consoleBruteForce,
  rootConsoleLogin,
  consoleLoginWithoutMfaEvent,
  offHoursConsoleLogin,
  // Stolen keys and tampering.
  apiEnumeration,
  securityServiceDisabled,
  securityServiceBlinded,
  baselineTampered,
  // SSH on EC2.
  sshInvalidUser,
  sshFailedPassword,
  sshPreauthDisconnect,
  sshBruteForce,
];

const byId: ReadonlyMap<string, Detection> = new Map(catalog.map((d) => [d.id, d]));

/** The detection with this id, or `undefined`. */
export const detectionById = (id: string): Detection | undefined => byId.get(id);

export type { Detection } from "./detection";
