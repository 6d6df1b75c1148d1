import type { ContributorInsightsDetection } from "../detection";
import { sshdLine } from "../examples";

/**
 * Failed passwords counted per source address. sshd lines are text, so the SSH log group's
 * transformer (docs/aws-facts.md i1–i3) gives each `Failed password` line fields with one grok,
 * and a Contributor Insights rule applied on the transformed events (i4) counts them by `$.ip`;
 * the alarm is on the busiest address's count per aligned minute (d4, d5).
 *
 * The grok, read left to right: a classic (`Mar  5 10:00:00`) or RFC 3339 header (q9), the host,
 * the program and pid (the rule keeps `sshd` and `sshd-session`, q5), rsyslog's optional
 * `message repeated N times: [ ` wrapper (q10: one line, counted once), then the message.
 * `%{GREEDYDATA:user}` is greedy, so the address is the one in the **last** ` from <ip> port <n>
 * ssh2` of the line: a user name may contain spaces and even that phrase (q4), and cannot plant
 * another address. Lines the grok does not match fail transformation and are not counted.
 */
export const sshBruteForce = {
  id: "ssh-brute-force",
  title: "One address failed SSH passwords more than 5 times in a minute",
  why: "More than five wrong passwords a minute from one address is a tool guessing, and the address is the one to block.",
  runbook: "Get the address from the rule's report; block it in the security group or NACL, and check the log stream for an Accepted line from it.",
  severity: "high",
  controls: [],
  mitre: "T1110.001",
  source: "ssh",
  kind: "contributor-insights",
  transformer: {
    grok: "^(?:%{SYSLOGTIMESTAMP}|%{TIMESTAMP_ISO8601}) %{SYSLOGHOST:host} %{PROG:program}\\[%{POSINT:pid}\\]: (?:message repeated %{POSINT:repeated} times: \\[ )?Failed password for (?:invalid user )?%{GREEDYDATA:user} from %{IP:ip} port %{POSINT:port} ssh2\\]?$",
  },
  rule: {
    keys: ["$.ip"],
    filters: [{ Match: "$.program", In: ["sshd", "sshd-session"] }],
  },
  alarm: { periodSeconds: 60, evaluationPeriods: 1, threshold: 5, comparison: "GreaterThanThreshold" },
  references: [
    "https://attack.mitre.org/techniques/T1110/001/",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CloudWatch-Logs-Transformation.html",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/ContributorInsights-CreateRule.html",
    "https://man.openbsd.org/sshd_config",
  ],
  falsePositives: [
    "A script or configuration-management run retrying an old password against many hosts from one address after a rotation.",
    "Many people behind one bastion or NAT address mistyping their passwords at once.",
  ],
  examples: {
    match: [
      sshdLine("Failed password for root from 203.0.113.40 port 60544 ssh2", { host: "slave22" }),
      sshdLine("Failed password for invalid user admin from 2001:db8::7 port 44004 ssh2"),
      sshdLine("message repeated 3 times: [ Failed password for root from 203.0.113.40 port 60544 ssh2]"),
      sshdLine("Failed password for root from 192.0.2.1 port 56502 ssh2", { program: "sshd-session", header: "rfc3339" }),
      // A user name holding the phrase: the last address counts.
      sshdLine("Failed password for invalid user x from 198.51.100.1 port 1 ssh2 from 203.0.113.5 port 22 ssh2"),
    ],
    miss: [
      sshdLine("Failed password for root from 203.0.113.40 port 60544 ssh2", { program: "dropbear" }),
      sshdLine("Failed publickey for root from 203.0.113.40 port 60544 ssh2"),
      sshdLine("Accepted password for ubuntu from 198.51.100.23 port 51234 ssh2"),
      sshdLine("Failed password for invalid user ROOT from 203.0.113.70 port 12345"),
      "Failed password for root from 203.0.113.40 port 60544 ssh2",
    ],
  },
} as const satisfies ContributorInsightsDetection;
