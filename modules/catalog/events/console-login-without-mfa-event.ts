import type { EventRuleDetection } from "../detection";
import { consoleLogin, failedConsoleLogin, ROLE_IDENTITY, ROOT_IDENTITY } from "../examples";

/**
 * The EventBridge counterpart of `console-login-without-mfa` (which is CloudWatch.3's metric
 * filter on the organization trail): the same records, as a rule in every account and every
 * enabled Region (plus the four sign-in Regions of docs/aws-facts.md b2), for accounts whose sign-ins
 * should alert where they happen. Same selection as CloudWatch.3's pattern: `anything-but` does
 * not match an absent field, as `!=` does not in a metric filter. Names no control: Security Hub
 * checks metric filters, not rules.
 */
export const consoleLoginWithoutMfaEvent = {
  id: "console-login-without-mfa-event",
  title: "An IAM user signed in to the console without MFA (EventBridge)",
  why: "A password alone is one phish away from an attacker at the console; this rule raises it in the account and Region where it happened.",
  runbook: "Ask the user whether they signed in from that address; enforce MFA on the user (or remove its console password) and review what the session did.",
  severity: "medium",
  controls: [],
  mitre: "T1078.004",
  references: [
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html",
    "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa.html",
  ],
  falsePositives: [
    "IAM users not yet enrolled in MFA during on-boarding, and users deliberately kept without it (service or break-glass users).",
  ],
  source: "cloudtrail",
  kind: "event-rule",
  eventPattern: {
    source: ["aws.signin"],
    detail: {
      eventName: ["ConsoleLogin"],
      userIdentity: { type: ["IAMUser"] },
      responseElements: { ConsoleLogin: ["Success"] },
      additionalEventData: { MFAUsed: [{ "anything-but": "Yes" }] },
    },
  },
  examples: {
    match: [consoleLogin(), consoleLogin({ awsRegion: "ap-southeast-2" })],
    miss: [
      consoleLogin({ additionalEventData: { MFAUsed: "Yes" } }),
      consoleLogin({ userIdentity: ROOT_IDENTITY }),
      consoleLogin({ userIdentity: ROLE_IDENTITY }),
      failedConsoleLogin(),
      consoleLogin({ additionalEventData: undefined }),
    ],
  },
} as const satisfies EventRuleDetection;
