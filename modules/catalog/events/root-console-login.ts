import type { EventRuleDetection } from "../detection";
import { consoleLogin, failedConsoleLogin, ROOT_IDENTITY } from "../examples";

/**
 * A successful root sign-in, as an EventBridge rule in every account and every enabled Region:
 * root sign-ins are recorded in us-east-1 (docs/aws-facts.md b1), but the rule goes wherever the
 * account's sign-in rules go (every enabled Region plus us-east-1, us-east-2, eu-north-1 and
 * ap-southeast-2, b2), so a change in where AWS records them does not silence it. It matches on
 * `source` and `detail` only, not on the detail-type, whose spelling AWS's guides disagree on
 * (b5). Failed root sign-ins are console-auth-failure's (and root-account-usage's) business;
 * CloudWatch.1 on the organization trail covers root use of any kind as a metric filter.
 */
export const rootConsoleLogin = {
  id: "root-console-login",
  title: "Someone signed in to the console as root",
  why: "Root can close the account, change its email and remove every guardrail; a root sign-in nobody planned is an account takeover in progress.",
  runbook: "Call the account owner now; if nobody planned it, reset the root password, check the MFA device, and review the session's calls under userIdentity.type = Root.",
  severity: "critical",
  controls: [],
  alertParameters: ["additionalEventData.MFAUsed", "additionalEventData.LoginTo", "responseElements.ConsoleLogin"],
  mitre: "T1078.004",
  references: [
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html",
    "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html",
  ],
  falsePositives: [
    "Planned break-glass sign-ins and the tasks only root can do (contact details, support plan, closing the account).",
  ],
  source: "cloudtrail",
  kind: "event-rule",
  eventPattern: {
    source: ["aws.signin"],
    detail: {
      eventName: ["ConsoleLogin"],
      userIdentity: { type: ["Root"] },
      responseElements: { ConsoleLogin: ["Success"] },
    },
  },
  examples: {
    match: [
      consoleLogin({ userIdentity: ROOT_IDENTITY }),
      consoleLogin({ userIdentity: ROOT_IDENTITY, additionalEventData: { MFAUsed: "Yes" } }),
    ],
    miss: [
      failedConsoleLogin({ userIdentity: ROOT_IDENTITY }),
      consoleLogin(),
      // Root's MFA step during sign-in is its own event, not the sign-in.
      consoleLogin({ userIdentity: ROOT_IDENTITY, eventName: "CheckMfa", responseElements: { CheckMfa: "Success" } }),
    ],
  },
} as const satisfies EventRuleDetection;
