/**
 * The CloudWatch agent configuration tripline stores in the SSM parameter
 * `AmazonCloudWatch-tripline-ssh` (docs/aws-facts.md g1–g5). Plain data: the construct stores it,
 * the tests validate it against the agent's own JSON Schema.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-Agent-Configuration-File-Details.html
 *
 * - `run_as_user: cwagent`: the agent would otherwise run as root (g3); the bootstrap grants
 *   cwagent read access to the auth logs.
 * - One log group, one stream per instance (`{instance_id}`).
 * - `timestamp_format`: both files are written by rsyslog's traditional template on RHEL,
 *   Amazon Linux and Ubuntu (`Mar  5 10:00:01`; the agent's `%d` accepts the space-padded day).
 *   Debian 12 writes RFC 3339 stamps instead (q9): the agent does not find this format there and
 *   stamps those lines with the time it reads them, seconds later; the line keeps its own stamp.
 *   No `multi_line_start_pattern`: every line is one event.
 * - No `retention_in_days`: Terraform owns the group's retention (g2).
 * - Only sshd's lines are shipped (`sshd[` and OpenSSH 9.8's `sshd-session[`, q5): the auth log
 *   also holds sudo command lines and PAM chatter that the SSH detections do not read.
 */
import { SSH_LOG_GROUP_NAME } from "./names";

export const SSH_AUTH_LOGS = ["/var/log/secure", "/var/log/auth.log"] as const;
export const CLASSIC_SYSLOG_TIMESTAMP = "%b %d %H:%M:%S";
/** RE2, as the agent's filters are evaluated in Go. */
export const SSHD_LINE_FILTER = "sshd(-session)?\\[[0-9]+\\]:";

export function sshAgentConfig() {
  return {
    agent: { run_as_user: "cwagent" },
    logs: {
      logs_collected: {
        files: {
          collect_list: SSH_AUTH_LOGS.map((file) => ({
            file_path: file,
            log_group_name: SSH_LOG_GROUP_NAME,
            log_stream_name: "{instance_id}",
            timestamp_format: CLASSIC_SYSLOG_TIMESTAMP,
            timezone: "Local",
            filters: [{ type: "include", expression: SSHD_LINE_FILTER }],
          })),
        },
      },
    },
  };
}
