import type { MetricFilterDetection } from "../detection";
import { sshdLine } from "../examples";

/**
 * sshd's "Failed password for [invalid user ]<name> from <addr> port <n> ssh2" on the raw syslog
 * line (RHEL `secure`, Debian/Ubuntu `auth.log`; classic or RFC 3339 header; `sshd` or
 * `sshd-session`). Term pattern (no spaces are allowed in CloudWatch regex): `"sshd"` for the
 * program, the phrase, and `"ssh2"` for a complete protocol-2 attempt (lines cut before the port
 * or from SSH-1 are left out). rsyslog's `message repeated N times: [ Failed password … ssh2]`
 * counts once, like any other line: a metric filter counts lines, not what they summarize.
 */
export const sshFailedPassword = {
  id: "ssh-failed-password",
  title: "SSH password authentication failed",
  why: "Failed passwords are guessing in progress; on a host that allows password logins, one success among them is a compromise.",
  runbook: "Find the addresses in the log stream; if a password login succeeded from one of them, isolate the host; disable PasswordAuthentication in sshd_config.",
  severity: "medium",
  controls: [],
  mitre: "T1110.001",
  references: [
    "https://man.openbsd.org/sshd_config",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-Agent-Configuration-File-Details.html",
    "https://attack.mitre.org/techniques/T1110/001/",
  ],
  falsePositives: [
    "People mistyping their password on hosts that allow password logins, and scripts retrying with an old password after a rotation.",
    "Background scans of Internet-facing hosts, which rarely succeed where password logins are disabled.",
  ],
  source: "ssh",
  kind: "metric-filter",
  pattern: '"sshd" "Failed password for" "ssh2"',
  alarm: { periodSeconds: 60, evaluationPeriods: 1, threshold: 5, comparison: "GreaterThanOrEqualToThreshold" },
  examples: {
    match: [
      // RHEL 7 `secure` (Elastic Beats' capture): root brute force.
      sshdLine("Failed password for root from 203.0.113.40 port 60544 ssh2", { host: "slave22" }),
      sshdLine("Failed password for invalid user admin from 203.0.113.9 port 44004 ssh2"),
      sshdLine("message repeated 3 times: [ Failed password for root from 203.0.113.40 port 60544 ssh2]"),
      sshdLine("Failed password for root from 192.0.2.1 port 56502 ssh2", { program: "sshd-session" }),
      sshdLine("Failed password for ubuntu from 198.51.100.23 port 51234 ssh2", { header: "rfc3339" }),
    ],
    miss: [
      // Another program's message with the same words.
      sshdLine("Failed password for root from 203.0.113.40 port 60544 ssh2", { program: "dropbear" }),
      sshdLine("Failed publickey for root from 203.0.113.40 port 60544 ssh2"),
      sshdLine("pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.40  user=root"),
      sshdLine("Failed password for invalid user ROOT from 203.0.113.70 port 12345"),
      sshdLine("Accepted password for ubuntu from 198.51.100.23 port 51234 ssh2"),
    ],
  },
} as const satisfies MetricFilterDetection;
