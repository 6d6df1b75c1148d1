/**
 * A log event as the filter-pattern engine sees it: the message text and, when the message is a
 * JSON object, its parsed form. Parsing once per event here lets every JSON pattern share it.
 */
export interface LogEvent {
  readonly message: string;
  /** The parsed message if the message is a JSON object, else undefined. */
  readonly json?: unknown;
}

/**
 * Wraps a message, parsing it only when its first non-blank character is `{`: JSON patterns
 * "only match JSON log events" whose root is an object (their selectors start with `$.`), so an
 * array, a number or text is not worth parsing. Never throws; a message that is not valid JSON is
 * plain text to term, regex and space-delimited patterns, and matches no JSON pattern.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 */
export function toLogEvent(message: string): LogEvent {
  if (typeof message !== "string") return { message: "" };
  let i = 0;
  while (i < message.length) {
    const c = message.charCodeAt(i);
    // JSON whitespace: space, tab, line feed, carriage return.
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
    i += 1;
  }
  if (message.charCodeAt(i) !== 0x7b /* { */) return { message };
  try {
    const json: unknown = JSON.parse(message);
    if (json !== null && typeof json === "object" && !Array.isArray(json)) return { message, json };
  } catch {
    // Not JSON after all: the event stays text.
  }
  return { message };
}
