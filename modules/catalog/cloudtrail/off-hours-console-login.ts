import type { StreamDetection } from "../detection";
import { consoleLogin, failedConsoleLogin, ROOT_IDENTITY } from "../examples";

/**
 * A successful console sign-in outside the organization's working hours (manifest schedule;
 * replay's default Monday–Friday 08:00–18:00 UTC). CloudWatch cannot test a time of day, so the
 * subscription filter passes every successful sign-in to the stream detector, which decides
 * from `eventTime`. Sign-ins are few, so the function's volume stays small.
 */
export const offHoursConsoleLogin = {
  id: "off-hours-console-login",
  title: "Someone signed in to the console outside working hours",
  why: "Stolen passwords get used when their owners sleep; a sign-in at 03:00 on a Sunday deserves a question.",
  runbook: "Ask the user whether it was them; if not, reset the password, revoke sessions and review what the session did.",
  severity: "medium",
  controls: [],
  mitre: "T1078.004",
  references: [
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html",
    "https://attack.mitre.org/techniques/T1078/004/",
  ],
  falsePositives: [
    "On-call engineers answering a page, people travelling or working from another time zone than the manifest's schedule, and planned weekend maintenance.",
  ],
  source: "cloudtrail",
  kind: "stream",
  pattern: '{ ($.eventName = "ConsoleLogin") && ($.responseElements.ConsoleLogin = "Success") }',
  detector: { type: "off-hours" },
  examples: {
    match: [
      consoleLogin({ eventTime: "2024-05-04T03:12:45Z" }),
      consoleLogin({ userIdentity: ROOT_IDENTITY, eventTime: "2024-05-01T23:40:00Z" }),
    ],
    miss: [failedConsoleLogin({ eventTime: "2024-05-04T03:12:45Z" }), consoleLogin({ eventName: "CheckMfa", responseElements: { CheckMfa: "Success" } })],
  },
} as const satisfies StreamDetection;
