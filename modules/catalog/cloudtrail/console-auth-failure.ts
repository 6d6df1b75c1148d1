import type { MetricFilterDetection } from "../detection";
import { consoleLogin, failedConsoleLogin, ROLE_IDENTITY, ROOT_IDENTITY } from "../examples";

/**
 * Every failed console sign-in, whatever CloudTrail wrote in errorMessage ("Failed
 * authentication", another message, or none at all). Deliberately wider than CloudWatch.6, whose
 * exact pattern is `console-auth-failure-cis`; so it names no control.
 */
export const consoleAuthFailure = {
  id: "console-auth-failure",
  title: "A console sign-in failed",
  why: "Each failure is a password guess, a locked-out colleague or an attacker probing a user name; the alarm is the first sign of a guessing campaign.",
  runbook: "Look at userIdentity, additionalEventData and sourceIPAddress; several failures for one user or from one address mean guessing (console-brute-force counts them per address).",
  severity: "low",
  controls: [],
  mitre: "T1110.001",
  references: [
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html",
    "https://attack.mitre.org/techniques/T1110/001/",
  ],
  falsePositives: [
    "People mistyping their password or using an expired one, and browsers filling an old password after a rotation.",
    "A failed sign-in with a user name that does not exist (recorded as HIDDEN_DUE_TO_SECURITY_REASONS) is often a typo in the user name.",
  ],
  source: "cloudtrail",
  kind: "metric-filter",
  pattern: '{ ($.eventName = "ConsoleLogin") && ($.responseElements.ConsoleLogin = "Failure") }',
  alarm: { periodSeconds: 300, evaluationPeriods: 1, threshold: 1, comparison: "GreaterThanOrEqualToThreshold" },
  examples: {
    match: [
      failedConsoleLogin(),
      failedConsoleLogin({ userIdentity: ROOT_IDENTITY }),
      // No errorMessage at all (Panther's tests have these): CloudWatch.6 misses it, this does not.
      consoleLogin({ responseElements: { ConsoleLogin: "Failure" } }),
      failedConsoleLogin({ userIdentity: ROLE_IDENTITY }),
    ],
    miss: [consoleLogin(), consoleLogin({ eventName: "CheckMfa", responseElements: { CheckMfa: "Failure" } })],
  },
} as const satisfies MetricFilterDetection;
