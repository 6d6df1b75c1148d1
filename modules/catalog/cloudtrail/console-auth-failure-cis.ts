import { CIS_ALARM } from "../alarms";
import type { MetricFilterDetection } from "../detection";
import { consoleLogin, failedConsoleLogin, ROOT_IDENTITY } from "../examples";

/**
 * Security Hub CloudWatch.6 ("Ensure a log metric filter and alarm exist for AWS Management
 * Console authentication failures"; CIS AWS Foundations Benchmark v1.2.0/3.6, v1.4.0/4.6). Pattern
 * byte for byte from https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-6.
 * It only sees failures whose errorMessage is exactly "Failed authentication";
 * `console-auth-failure` is the wider detection that counts every failed ConsoleLogin.
 */
export const consoleAuthFailureCis = {
  id: "console-auth-failure-cis",
  title: "Console sign-in failed: wrong password (CIS)",
  why: "Failed console passwords are the visible part of password guessing against IAM users and root.",
  runbook: "Look at userIdentity and sourceIPAddress; several failures for one user or from one address mean guessing: check MFA on that user and block the address if it keeps trying.",
  severity: "low",
  controls: ["CloudWatch.6", "CIS-4.6"],
  mitre: "T1110.001",
  references: [
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-6",
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html",
  ],
  falsePositives: [
    "People mistyping their password, and expired passwords being retried before a reset.",
    "Password managers or browsers filling an old password after a rotation.",
  ],
  source: "cloudtrail",
  kind: "metric-filter",
  pattern: '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
  alarm: CIS_ALARM,
  examples: {
    match: [failedConsoleLogin(), failedConsoleLogin({ userIdentity: ROOT_IDENTITY })],
    miss: [
      // A failure CloudTrail wrote without an errorMessage (as in Panther's tests): only console-auth-failure sees it.
      consoleLogin({ responseElements: { ConsoleLogin: "Failure" } }),
      consoleLogin(),
    ],
  },
} as const satisfies MetricFilterDetection;
