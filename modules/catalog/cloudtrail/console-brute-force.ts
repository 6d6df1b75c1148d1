import type { ContributorInsightsDetection } from "../detection";
import { consoleLogin, failedConsoleLogin } from "../examples";

/**
 * Failed console sign-ins counted per source address by a Contributor Insights rule; the alarm
 * is on INSIGHT_RULE_METRIC(rule, "MaxContributorValue"), the busiest address's count in each
 * aligned minute. The alarm cannot say which address (docs/aws-facts.md d5): the notifier asks
 * GetInsightRuleReport. 5 a minute: well above a person retyping a password, well below a tool.
 */
export const consoleBruteForce = {
  id: "console-brute-force",
  title: "One address failed console sign-in 5 times in a minute",
  why: "Five failures a minute from one address is a tool guessing passwords, not a person mistyping one.",
  runbook: "Get the address from the rule's report; block it (WAF, NACL) if it is not yours, and check whether any sign-in from it succeeded.",
  severity: "high",
  controls: [],
  mitre: "T1110.001",
  references: [
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/ContributorInsights-RuleSyntax.html",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html",
    "https://attack.mitre.org/techniques/T1110/001/",
  ],
  falsePositives: [
    "Many people behind one corporate NAT address or proxy failing at once (a password rotation day, a broken SSO redirect).",
    "An automated test or monitoring job that signs in with stale credentials in a loop.",
  ],
  source: "cloudtrail",
  kind: "contributor-insights",
  rule: {
    keys: ["$.sourceIPAddress"],
    filters: [
      { Match: "$.eventName", In: ["ConsoleLogin"] },
      { Match: "$.responseElements.ConsoleLogin", In: ["Failure"] },
    ],
  },
  alarm: { periodSeconds: 60, evaluationPeriods: 1, threshold: 5, comparison: "GreaterThanOrEqualToThreshold" },
  examples: {
    match: [failedConsoleLogin({ sourceIPAddress: "203.0.113.99" }), consoleLogin({ responseElements: { ConsoleLogin: "Failure" } })],
    miss: [
      consoleLogin(),
      // No address, no contributor: such a record is not counted (see the contributor-rule engine).
      failedConsoleLogin({ sourceIPAddress: undefined }),
    ],
  },
} as const satisfies ContributorInsightsDetection;
