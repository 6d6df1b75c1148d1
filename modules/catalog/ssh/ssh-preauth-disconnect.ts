import type { MetricFilterDetection } from "../detection";
import { sshdLine } from "../examples";

/**
 * A connection sshd closed before authentication completed: the message starts with
 * "Connection closed by" or "Disconnected from" and ends with "[preauth]". Scanners and
 * brute-force tools leave one per connection. Two alternatives cannot be written as terms, so this
 * is one regex (1 of the 2 per pattern, and 1 of the 5 regex filters per log group; docs/aws-facts.md e6)
 * with `.` for each space (CloudWatch regex allows no literal space and no parentheses):
 * `sshd[-a-z]*` is `sshd` or `sshd-session`, `\[[0-9]+\]:.` the pid and the separator, so the
 * phrase must start the message, and `\[preauth\]$` must end it. "Received disconnect",
 * "Connection reset by" and "Disconnecting: Too many authentication failures" are not counted.
 * Default: more than 5 in one minute, across the log group.
 */
export const sshPreauthDisconnect = {
  id: "ssh-preauth-disconnect",
  title: "Many SSH connections closed before authentication",
  why: "Connections dropped before authentication are scanners fingerprinting sshd and tools cycling through credentials.",
  runbook: "Check which addresses the lines come from; restrict the security group or put the host behind Session Manager if it need not face the Internet.",
  severity: "low",
  controls: [],
  mitre: "T1595",
  references: [
    "https://man.openbsd.org/sshd_config",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-Agent-Configuration-File-Details.html",
    "https://attack.mitre.org/techniques/T1595/",
  ],
  falsePositives: [
    "Load balancer and monitoring health checks that open a TCP connection to port 22 and close it, and vulnerability scanners run by the organization itself.",
    "Clients that give up when their key is refused, and configuration-management tools probing hosts.",
  ],
  source: "ssh",
  kind: "metric-filter",
  pattern: "%sshd[-a-z]*\\[[0-9]+\\]:.Connection.closed.by.+\\[preauth\\]$|sshd[-a-z]*\\[[0-9]+\\]:.Disconnected.from.+\\[preauth\\]$%",
  alarm: { periodSeconds: 60, evaluationPeriods: 1, threshold: 5, comparison: "GreaterThanThreshold" },
  examples: {
    match: [
      sshdLine("Connection closed by 203.0.113.9 port 40022 [preauth]"),
      sshdLine("Connection closed by authenticating user root 203.0.113.9 port 46038 [preauth]"),
      sshdLine("Disconnected from invalid user ftp 203.0.113.9 port 26138 [preauth]"),
      sshdLine("Connection closed by 192.0.2.112 [preauth]", { header: "rfc3339" }),
      sshdLine("Disconnected from authenticating user root 203.0.113.9 port 33553 [preauth]", { program: "sshd-session" }),
    ],
    miss: [
      sshdLine("Received disconnect from 203.0.113.9 port 40022:11: Bye Bye [preauth]"),
      sshdLine("Connection reset by authenticating user root 203.0.113.9 port 49115 [preauth]"),
      sshdLine("Disconnecting: Too many authentication failures for root [preauth]"),
      // After authentication: no [preauth] tag.
      sshdLine("Connection closed by 203.0.113.9 port 40022"),
      sshdLine("Connection closed by 203.0.113.9 port 40022 [preauth]", { program: "dropbear" }),
    ],
  },
} as const satisfies MetricFilterDetection;
