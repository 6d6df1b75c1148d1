import type { MetricFilterDetection } from "../detection";
import { sshdLine } from "../examples";

/**
 * sshd's "Invalid user <name> from <addr> [port <n>]" on the raw syslog line the CloudWatch agent
 * ships (RHEL `secure`, Debian/Ubuntu `auth.log`; classic or RFC 3339 header; `sshd` or OpenSSH
 * 9.8's `sshd-session`). A term pattern, because CloudWatch regex allows no spaces (docs/aws-facts.md e):
 * `"sshd"` keeps other programs out (it is in both program names), and `"]: Invalid user"` anchors
 * the phrase to the start of the message, right after `sshd[pid]:`, so the lower-case
 * `invalid user` inside other messages ("Failed password for invalid user …", "input_userauth_request:
 * invalid user …") is not counted. Terms are case-sensitive substrings (filter-pattern engine).
 */
export const sshInvalidUser = {
  id: "ssh-invalid-user",
  title: "SSH login attempts for user names that do not exist",
  why: "Bursts of unknown user names are dictionary scans; they say which hosts are exposed and being tried.",
  runbook: "Check that the host should accept SSH from the Internet at all; restrict its security group to known addresses or put it behind Session Manager.",
  severity: "low",
  controls: [],
  mitre: "T1110",
  references: [
    "https://man.openbsd.org/sshd_config",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-Agent-Configuration-File-Details.html",
    "https://attack.mitre.org/techniques/T1110/",
  ],
  falsePositives: [
    "Hosts reachable from the Internet get dictionary scans all the time: the alarm says a host is exposed, not that it was entered.",
    "People and scripts using the wrong login name (ec2-user instead of ubuntu).",
  ],
  source: "ssh",
  kind: "metric-filter",
  pattern: '"sshd" "]: Invalid user"',
  alarm: { periodSeconds: 60, evaluationPeriods: 1, threshold: 5, comparison: "GreaterThanOrEqualToThreshold" },
  examples: {
    match: [
      sshdLine("Invalid user admin from 203.0.113.9 port 44004"),
      sshdLine("Invalid user ftp from 192.0.2.1"),
      // The empty user name (43 of them in Elastic's Ubuntu capture).
      sshdLine("Invalid user  from 192.0.2.68 port 34916"),
      sshdLine("Invalid user pascal5 from 192.0.2.3 port 53502", { program: "sshd-session" }),
      sshdLine("Invalid user oracle from 198.51.100.23 port 51234", { header: "rfc3339" }),
    ],
    miss: [
      sshdLine("Failed password for invalid user admin from 203.0.113.9 port 44004 ssh2"),
      sshdLine("input_userauth_request: invalid user admin [preauth]"),
      sshdLine("Invalid user admin from 203.0.113.9", { program: "proftpd" }),
      sshdLine("Connection closed by invalid user root 203.0.113.9 port 45362 [preauth]"),
    ],
  },
} as const satisfies MetricFilterDetection;
