import type { MetricFilterDetection } from "../detection";
import { sshdLine } from "../examples";

/** `sshd[pid]: ` / `sshd-session[pid]: ` (docs/aws-facts.md q5): the phrase after it starts the message. */
const PROGRAM = "sshd[-a-z]*\\[[0-9]+\\]:.";
/** An address as sshd prints it (IPv4 or IPv6), then ` port <n>`. */
const ADDRESS_PORT = "[0-9a-fA-F:.]+.port.[0-9]+";

/**
 * The last line OpenSSH writes for a connection that ended before authentication, one
 * alternative per form, read from OpenSSH's source (docs/aws-facts.md q1–q8, and the message
 * catalogue after q8):
 *
 * - `Connection closed by <id> [preauth]`, `Connection reset by <id> [preauth]` (`packet.c`
 *   `sshpkt_vfatal()`); in the banner phase, 8.3–10.2, the same without ` [preauth]` and with
 *   no user in `<id>` (q7);
 * - `Disconnected from <id> [preauth]` (6.9+), which always follows `Received disconnect from
 *   <ip> port <n>:<code>: … [preauth]` (7.2+, INFO for code 11, else `error: …`): `packet.c`
 *   returns `SSH_ERR_DISCONNECTED` after logging the one and `sshpkt_vfatal()` logs the other, so
 *   the connection counts once, by its `Disconnected from` line;
 * - `Received disconnect from <ip>: <code>: … [preauth]` (≤ 7.1, no port; `error: ` for codes
 *   other than 11): the only line up to 6.8;
 * - `Disconnecting[ <id>]: <reason> [preauth]` (`ssh_packet_disconnect()`, e.g. `Too many
 *   authentication failures`); the `error: maximum authentication attempts exceeded …` before it
 *   is the same connection and does not count;
 * - `fatal: … [preauth]` (before 7.3 connection-ending errors were `fatal()`, q1);
 * - `Unable to negotiate with <id>: … [preauth]` (7.3+), `<tag>: Connection from <id>: …`
 *   (`banner exchange: …` 8.3+, `ssh_dispatch_run_fatal: …`);
 * - `Timeout before authentication for …` (≤ 9.7 `fatal: …` from the connection's process,
 *   9.8+ from the listener, q8), `Did not receive identification string from …` and `Bad protocol
 *   version identification …` (≤ 7.9, q7).
 *
 * Where one line cannot tell (documented in README "Replay"): on 6.9–7.1 a client's disconnect
 * writes both `Received disconnect from <ip>: 11: …` and `Disconnected from <ip>` and counts
 * twice; on 8.0–8.2 a failed banner exchange writes only `error: kex_exchange_identification: …`,
 * which is not counted (from 8.3 the `banner exchange`/`Connection closed by` line after it is);
 * on 7.2–7.4 a connection closed after authentication (`Connection closed by <ip> port <n>`, no
 * user named before 7.5) counts like a banner-phase close; rsyslog's `message repeated N times:
 * [ … [preauth]]` is not counted.
 *
 * One regex with alternatives, since CloudWatch regex has no groups (1 of the 2 per pattern, and
 * 1 of the 5 regex filters per log group; docs/aws-facts.md e6), `.` for each space (no literal
 * space allowed). Default: more than 5 in one minute, across the log group.
 */
const FORMS = [
  `${PROGRAM}Connection.closed.by.+\\[preauth\\]$`,
  `${PROGRAM}Connection.reset.by.+\\[preauth\\]$`,
  `${PROGRAM}Connection.[a-z]{5,6}.by.${ADDRESS_PORT}$`,
  `${PROGRAM}Disconnected.from.+\\[preauth\\]$`,
  `${PROGRAM}.{0,7}Received.disconnect.from.[0-9a-fA-F:.]+:.[0-9]+:.*\\[preauth\\]$`,
  `${PROGRAM}Disconnecting.+\\[preauth\\]$`,
  `${PROGRAM}fatal:.+\\[preauth\\]$`,
  `${PROGRAM}Unable.to.negotiate.with.+\\[preauth\\]$`,
  `${PROGRAM}[a-z_]+.?[a-z]*:.Connection.from.`,
  `${PROGRAM}.{0,7}Timeout.before.authentication.for.`,
  `${PROGRAM}Did.not.receive.identification.string.from.`,
  `${PROGRAM}Bad.protocol.version.identification.`,
];

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
  pattern: `%${FORMS.join("|")}%`,
  alarm: { periodSeconds: 60, evaluationPeriods: 1, threshold: 5, comparison: "GreaterThanThreshold" },
  examples: {
    match: [
      sshdLine("Connection closed by 203.0.113.9 port 40022 [preauth]"),
      sshdLine("Connection closed by authenticating user root 203.0.113.9 port 46038 [preauth]"),
      sshdLine("Connection closed by 192.0.2.112 [preauth]", { header: "rfc3339" }),
      sshdLine("Connection closed by 203.0.113.9 port 40022", { program: "sshd-session" }), // banner phase, 8.3–10.2
      sshdLine("Connection reset by authenticating user root 203.0.113.9 port 49115 [preauth]"),
      sshdLine("Connection reset by 2001:db8::7 port 49115", { header: "rfc3339", program: "sshd-session" }),
      sshdLine("Disconnected from invalid user ftp 203.0.113.9 port 26138 [preauth]"),
      sshdLine("Disconnected from authenticating user root 203.0.113.9 port 33553 [preauth]", { program: "sshd-session" }),
      sshdLine("Received disconnect from 203.0.113.9: 11: Bye Bye [preauth]"),
      sshdLine("error: Received disconnect from 203.0.113.9: 3: com.jcraft.jsch.JSchException: Auth fail [preauth]", { header: "rfc3339" }),
      sshdLine("Disconnecting: Too many authentication failures for root [preauth]"),
      sshdLine("Disconnecting invalid user admin 203.0.113.7 port 51234: Too many authentication failures [preauth]", { program: "sshd-session" }),
      sshdLine("fatal: Read from socket failed: Connection reset by peer [preauth]"),
      sshdLine("fatal: Unable to negotiate with 203.0.113.9 port 40022: no matching key exchange method found [preauth]", { header: "rfc3339" }),
      sshdLine("Unable to negotiate with 203.0.113.9 port 40022: no matching host key type found. Their offer: ssh-rsa,ssh-dss [preauth]"),
      sshdLine("banner exchange: Connection from 203.0.113.9 port 40022: invalid format", { program: "sshd-session" }),
      sshdLine("ssh_dispatch_run_fatal: Connection from invalid user x 203.0.113.9 port 40022: message authentication code incorrect [preauth]"),
      sshdLine("fatal: Timeout before authentication for 203.0.113.9 port 40022"),
      sshdLine("Timeout before authentication for connection from 203.0.113.9 to 10.0.1.23, pid = 4242", { header: "rfc3339" }),
      sshdLine("Did not receive identification string from 203.0.113.9 port 40022"),
      sshdLine("Bad protocol version identification 'GET / HTTP/1.1' from 203.0.113.9 port 40022"),
    ],
    miss: [
      // After authentication: no [preauth] tag, and since 7.5 the user is named.
      sshdLine("Connection closed by user alice 203.0.113.9 port 40022"),
      sshdLine("Connection closed by 203.0.113.9 port 40022 [preauth]", { program: "dropbear" }),
      sshdLine("Connection reset by user alice 203.0.113.9 port 49115", { header: "rfc3339" }),
      sshdLine("Disconnected from user alice 203.0.113.9 port 33553"),
      // 7.2+: the `Disconnected from` line that follows counts the connection.
      sshdLine("Received disconnect from 203.0.113.9 port 40022:11: Bye Bye [preauth]"),
      sshdLine("error: Received disconnect from 203.0.113.9 port 40022:14: No supported authentication methods available [preauth]", { program: "sshd-session" }),
      sshdLine("Received disconnect from 203.0.113.9 port 40022:11: disconnected by user"),
      // The `Disconnecting …` line after it counts the connection.
      sshdLine("error: maximum authentication attempts exceeded for root from 203.0.113.9 port 40022 ssh2 [preauth]"),
      sshdLine("Disconnecting user alice 203.0.113.9 port 40022: Bad packet length 1234."),
      sshdLine("fatal: mm_request_receive: read: Connection reset by peer"),
      sshdLine("Unable to negotiate with 203.0.113.9 port 40022: no matching cipher found", { program: "ssh" }),
      sshdLine("Connection from 203.0.113.9 port 40022 on 10.0.1.23 port 22 rdomain \"\""),
      sshdLine("error: kex_exchange_identification: Connection closed by remote host", { header: "rfc3339" }),
      sshdLine("Accepted publickey for alice from 203.0.113.9 port 40022 ssh2: ED25519 SHA256:abc"),
      sshdLine("pam_unix(sshd:auth): Timeout before authentication for 203.0.113.9"),
      sshdLine("Did not receive identification string from 203.0.113.9", { program: "proftpd" }),
      sshdLine("Bad protocol version identification 'GET / HTTP/1.1' from 203.0.113.9", { program: "dropbear" }),
    ],
  },
} as const satisfies MetricFilterDetection;
