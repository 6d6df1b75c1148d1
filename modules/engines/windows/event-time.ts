/**
 * Event times, in milliseconds since the epoch. A time that cannot be read exactly is `undefined`:
 * such an event still counts for matches but is never placed in an alarm window (we do not guess).
 */

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Days in month `m` (1-12) of year `y`. */
export const daysInMonth = (y: number, m: number): number => (m === 2 && isLeapYear(y) ? 29 : DAYS_IN_MONTH[m - 1]);

/** Value of the ASCII digits s[from, from + n), or -1 if any is not a digit. */
function digits(s: string, from: number, n: number): number {
  let v = 0;
  for (let i = from; i < from + n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * An RFC 3339 date-time (`2024-07-30T21:31:10Z`, `2023-11-14T00:20:42.738197+01:00`) → epoch ms,
 * or NaN. With `offsetOptional`, a time without offset is read as UTC (syslog writers such as
 * rsyslog's high-precision format without zone). Hand-written so that the hot loop allocates
 * nothing: CloudTrail's `eventTime` is read once per record.
 */
export function parseRfc3339(s: string, offsetOptional = false): number {
  const n = s.length;
  if (n < 19) return NaN;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return NaN; // "-"
  const t = s.charCodeAt(10);
  if (t !== 84 && t !== 116) return NaN; // "T" | "t"
  if (s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return NaN; // ":"
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  const sec = digits(s, 17, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h < 0 || h > 23 || mi < 0 || mi > 59) return NaN;
  if (sec < 0 || sec > 60) return NaN; // 60: a leap second, folded into the next second by Date.UTC
  let i = 19;
  let ms = 0;
  if (i < n && s.charCodeAt(i) === 46) {
    // fraction: any number of digits, kept to milliseconds
    i++;
    const from = i;
    let scale = 100;
    while (i < n) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      ms += c * scale;
      scale /= 10;
      i++;
    }
    if (i === from) return NaN;
    ms = Math.floor(ms);
  }
  let offsetMinutes = 0;
  if (i === n) {
    if (!offsetOptional) return NaN;
  } else {
    const z = s.charCodeAt(i);
    if (z === 90 || z === 122) {
      // "Z" | "z"
      if (i + 1 !== n) return NaN;
    } else if (z === 43 || z === 45) {
      // "+" | "-"
      if (i + 6 !== n || s.charCodeAt(i + 3) !== 58) return NaN;
      const oh = digits(s, i + 1, 2);
      const om = digits(s, i + 4, 2);
      if (oh < 0 || oh > 23 || om < 0 || om > 59) return NaN;
      offsetMinutes = (oh * 60 + om) * (z === 45 ? -1 : 1);
    } else {
      return NaN;
    }
  }
  return Date.UTC(y, mo - 1, d, h, mi, sec, ms) - offsetMinutes * 60_000;
}

/**
 * When a CloudTrail record happened: `eventTime` (RFC 3339), else `@timestamp` (records passed
 * through Logstash, as in the OTRF data set, carry only that), else undefined.
 */
export function cloudTrailTime(record: Readonly<Record<string, unknown>>): number | undefined {
  const eventTime = record.eventTime;
  if (typeof eventTime === "string") {
    const t = parseRfc3339(eventTime);
    if (t === t) return t; // not NaN
  }
  const stamp = record["@timestamp"];
  if (typeof stamp === "string") {
    const t = parseRfc3339(stamp);
    if (t === t) return t;
  }
  return undefined;
}

/** Why a CloudTrail record has no usable time, for the report (called only for such records). */
export function missingCloudTrailTime(record: Readonly<Record<string, unknown>>): string {
  const eventTime = record.eventTime;
  if (eventTime !== undefined) return `eventTime ${JSON.stringify(eventTime)} is not an RFC 3339 date-time`;
  const stamp = record["@timestamp"];
  if (stamp !== undefined) return `no eventTime, and @timestamp ${JSON.stringify(stamp)} is not an RFC 3339 date-time`;
  return "no eventTime";
}

const MONTHS: Readonly<Record<string, number>> = {
  Jan: 1, Feb: 2, Mar: 3, Apr: 4, May: 5, Jun: 6, Jul: 7, Aug: 8, Sep: 9, Oct: 10, Nov: 11, Dec: 12,
};

/** `Mmm dd hh:mm:ss ` with the day space-padded (`Nov  2`) or not (`Nov 2`). */
const CLASSIC_HEADER = /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) /;

/** RFC 5424 header start: `<38>1 `. */
const RFC5424_PREFIX = /^<\d{1,3}>\d{1,2} /;

/** Slack for local clocks ahead of UTC: a classic stamp may read up to 14 h later than the file's mtime. */
const CLOCK_SLACK_MS = 24 * 3600_000;

/**
 * The time in a syslog line's header, or undefined when it has none we can read exactly.
 *
 * - RFC 3339 (`2023-11-14T00:20:42.738197+01:00 host sshd[1]: …`, rsyslog's high-precision
 *   format, also behind an RFC 5424 `<38>1 ` prefix): read as written; without an offset, as UTC.
 * - Classic BSD syslog (`Feb 22 16:45:20 host sshd[1]: …`) has neither year nor zone. It is read as
 *   UTC (the corpus README's convention; CloudWatch alarms are in UTC too), in the latest year that
 *   does not put the line more than a day after `referenceMs`, the file's last modification: a log
 *   is written before its file was last touched, so a December line in a file modified in January
 *   belongs to the previous year. A 29 February goes to the latest leap year at or before that.
 */
export function syslogTime(line: string, referenceMs: number): number | undefined {
  const c0 = line.charCodeAt(0);
  if ((c0 >= 48 && c0 <= 57) || c0 === 60) {
    // RFC 3339, possibly behind an RFC 5424 "<PRI>VERSION " prefix
    const from = c0 === 60 ? RFC5424_PREFIX.exec(line)?.[0].length ?? -1 : 0;
    if (from < 0) return undefined;
    const space = line.indexOf(" ", from);
    const t = parseRfc3339(line.slice(from, space < 0 ? line.length : space), true);
    return t === t ? t : undefined;
  }
  const m = CLASSIC_HEADER.exec(line);
  if (m === null) return undefined;
  const month = MONTHS[m[1]];
  const day = Number(m[2]);
  const h = Number(m[3]);
  const mi = Number(m[4]);
  const s = Number(m[5]);
  if (month === undefined || day < 1 || day > (month === 2 ? 29 : DAYS_IN_MONTH[month - 1])) return undefined;
  if (h > 23 || mi > 59 || s > 60) return undefined;
  let year = new Date(referenceMs).getUTCFullYear();
  if (Date.UTC(year, month - 1, day, h, mi, s) > referenceMs + CLOCK_SLACK_MS) year--;
  while (day > daysInMonth(year, month)) year--;
  return Date.UTC(year, month - 1, day, h, mi, s);
}

/** `2024-05-01T10:01:00Z`: ISO 8601 UTC, milliseconds only when there are some (replay's report, the stream detector's alerts). */
export const isoTime = (ms: number): string => {
  const iso = new Date(ms).toISOString();
  return iso.endsWith(".000Z") ? `${iso.slice(0, -5)}Z` : iso;
};
