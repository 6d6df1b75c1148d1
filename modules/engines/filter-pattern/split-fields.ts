/**
 * Splits a log message into the fields a space-delimited pattern names.
 * AWS: "Characters between brackets ("[]") and double quotation marks ("") are considered single
 * fields", and the extracted values leave the brackets and quotes out (`"$request": "GET
 * /index.html HTTP/1.0"`, `"$timestamp": "10/Oct/2000:13:25:15 -0700"`).
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 *
 * Where AWS is silent:
 * - Runs of blanks (space, tab, CR, LF) separate fields, so syslog's padded day ("Mar  5") does
 *   not create an empty field; leading and trailing blanks are ignored.
 * - A group opens only where a field starts (`sshd[123]:` is one plain field) and closes at the
 *   first matching `]` or `"`; text right after the closing character starts the next field.
 * - A `[` or `"` that is never closed is an ordinary character.
 */
export const isBlank = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

/**
 * Writes the fields of `message` into `values`, and where each starts in `message` into `starts`
 * (both reused between calls, so the hot loop does not allocate arrays per event). Returns how
 * many fields there are.
 */
export function splitFields(message: string, values: string[], starts: number[]): number {
  let count = 0;
  let i = 0;
  const n = message.length;
  for (;;) {
    while (i < n && isBlank(message.charCodeAt(i))) i += 1;
    if (i >= n) break;
    starts[count] = i;
    const c = message.charCodeAt(i);
    const close = c === 0x5b /* [ */ ? "]" : c === 0x22 /* " */ ? '"' : undefined;
    if (close !== undefined) {
      const end = message.indexOf(close, i + 1);
      if (end >= 0) {
        values[count++] = message.slice(i + 1, end);
        i = end + 1;
        continue;
      }
    }
    const start = i;
    while (i < n && !isBlank(message.charCodeAt(i))) i += 1;
    values[count++] = message.slice(start, i);
  }
  return count;
}

/** `message` from `start` to its last non-blank character. */
export function restOf(message: string, start: number): string {
  let end = message.length;
  while (end > start && isBlank(message.charCodeAt(end - 1))) end -= 1;
  return message.slice(start, end);
}
