import { CIS_ALARM } from "../alarms";
import type { MetricFilterDetection } from "../detection";
import { consoleLogin, failedConsoleLogin, ROLE_IDENTITY, ROOT_IDENTITY } from "../examples";

/**
 * Security Hub CloudWatch.3 ("Ensure a log metric filter and alarm exist for Management Console
 * sign-in without MFA"; related to CIS AWS Foundations Benchmark v1.2.0/3.2 only). Pattern byte
 * for byte from https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-3.
 * It reads the organization trail's log group, so it sees sign-ins of every account and Region;
 * `console-login-without-mfa-event` is its EventBridge counterpart deployed in every Region.
 */
export const consoleLoginWithoutMfa = {
  id: "console-login-without-mfa",
  title: "An IAM user signed in to the console without MFA",
  why: "A password alone is one phish away from an attacker at the console; every single-factor sign-in is a user to enrol in MFA or a credential to distrust.",
  runbook: "Ask the user whether they signed in from that address; enforce MFA on the user (or remove its console password) and review what the session did.",
  severity: "medium",
  controls: ["CloudWatch.3", "CIS-1.2.0/3.2"],
  mitre: "T1078.004",
  references: [
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-3",
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa.html",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html",
  ],
  falsePositives: [
    "IAM users not yet enrolled in MFA during on-boarding, and service or break-glass users deliberately kept without it.",
  ],
  source: "cloudtrail",
  kind: "metric-filter",
  pattern: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
  alarm: CIS_ALARM,
  examples: {
    match: [consoleLogin(), consoleLogin({ sourceIPAddress: "192.0.2.10", awsRegion: "eu-north-1" })],
    miss: [
      consoleLogin({ additionalEventData: { MFAUsed: "Yes" } }),
      // Root without MFA is root-account-usage's (and root-console-login's) business, not this control's.
      consoleLogin({ userIdentity: ROOT_IDENTITY }),
      // A federated (SAML) sign-in: MFA happens at the identity provider, CloudTrail says "No".
      consoleLogin({ userIdentity: ROLE_IDENTITY }),
      failedConsoleLogin(),
      // `!=` does not match an absent field: a record without MFAUsed is not counted.
      consoleLogin({ additionalEventData: undefined }),
    ],
  },
} as const satisfies MetricFilterDetection;
