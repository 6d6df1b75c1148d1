/**
 * The pre-authentication disconnect forms `ssh-preauth-disconnect` counts beyond the corpus
 * labels' narrower definition (`__tests__/corpus/README.md`, "SSH definitions": only `Connection
 * closed by … [preauth]` and `Disconnected from … [preauth]`), written independently of the
 * deployed pattern as plain JavaScript regexes over the message, from OpenSSH's source
 * (docs/aws-facts.md q1–q8). The corpus tests expect the labelled lines plus exactly these.
 */
const SSHD_MESSAGE = /^[^ ]+[^[]*? sshd(?:-session)?\[\d+\]: (.*)$/;

const WIDER_FORMS: readonly RegExp[] = [
  /^Connection reset by .+ \[preauth\]$/,
  /^Connection (?:closed|reset) by [0-9a-fA-F:.]+ port \d+$/,
  /^(?:error: )?Received disconnect from [0-9a-fA-F:.]+: \d+: .*\[preauth\]$/,
  /^Disconnecting.+\[preauth\]$/,
  /^fatal: .+\[preauth\]$/,
  /^Unable to negotiate with .+\[preauth\]$/,
  /^(?:banner exchange|ssh_dispatch_run_fatal): Connection from /,
  /^(?:fatal: )?Timeout before authentication for /,
  /^Did not receive identification string from /,
  /^Bad protocol version identification /,
];

/** Whether an sshd log line is one of the wider forms. */
export function isWiderPreauthForm(line: string): boolean {
  const message = SSHD_MESSAGE.exec(line)?.[1];
  return message !== undefined && WIDER_FORMS.some((form) => form.test(message));
}
