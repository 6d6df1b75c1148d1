/**
 * The grok patterns tripline's transformer uses, as the Logstash/Elastic `grok-patterns` library
 * defines them (which CloudWatch Logs' grok processor names: docs/aws-facts.md i3,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CloudWatch-Logs-Transformation-Configurable.html#Grok-Patterns).
 * A subset: only the names a deployed pattern uses, so a pattern naming another one fails to
 * compile here before it reaches AWS. Two rewrites for JavaScript, neither changing what matches:
 * atomic groups `(?>…)` become `(?:…)` (no backtracking difference for fixed-width digit pairs),
 * and IPV6 is written as the eight RFC 4291 text forms instead of Logstash's one long alternation.
 */
const IPV4_OCTET = "(?:25[0-5]|2[0-4][0-9]|[0-1]?[0-9]{1,2})";
const H16 = "[0-9A-Fa-f]{1,4}";
const LS32 = `(?:${H16}:${H16}|%{IPV4})`;

/** RFC 4291 §2.2 forms, longest first so that the alternation prefers the whole address. */
const IPV6_FORMS = [
  `(?:${H16}:){6}${LS32}`,
  `::(?:${H16}:){5}${LS32}`,
  `(?:${H16})?::(?:${H16}:){4}${LS32}`,
  `(?:(?:${H16}:){0,1}${H16})?::(?:${H16}:){3}${LS32}`,
  `(?:(?:${H16}:){0,2}${H16})?::(?:${H16}:){2}${LS32}`,
  `(?:(?:${H16}:){0,3}${H16})?::${H16}:${LS32}`,
  `(?:(?:${H16}:){0,4}${H16})?::${LS32}`,
  `(?:(?:${H16}:){0,5}${H16})?::${H16}`,
  `(?:(?:${H16}:){0,6}${H16})?::`,
];

export const GROK_PATTERNS: Readonly<Record<string, string>> = {
  INT: "(?:[+-]?(?:[0-9]+))",
  POSINT: "\\b(?:[1-9][0-9]*)\\b",
  NONNEGINT: "\\b(?:[0-9]+)\\b",
  WORD: "\\b\\w+\\b",
  NOTSPACE: "\\S+",
  SPACE: "\\s*",
  DATA: ".*?",
  GREEDYDATA: ".*",
  IPV4: `(?<![0-9])(?:${IPV4_OCTET}[.]${IPV4_OCTET}[.]${IPV4_OCTET}[.]${IPV4_OCTET})(?![0-9])`,
  IPV6: `(?:${IPV6_FORMS.join("|")})(?:%.+)?`,
  IP: "(?:%{IPV6}|%{IPV4})",
  HOSTNAME: "\\b(?:[0-9A-Za-z][0-9A-Za-z-]{0,62})(?:\\.(?:[0-9A-Za-z][0-9A-Za-z-]{0,62}))*(?:\\.?|\\b)",
  IPORHOST: "(?:%{IP}|%{HOSTNAME})",
  SYSLOGHOST: "%{IPORHOST}",
  PROG: "[\\x21-\\x5a\\x5c\\x5e-\\x7e]+",
  MONTH:
    "\\b(?:[Jj]an(?:uary|uar)?|[Ff]eb(?:ruary|ruar)?|[Mm](?:a|ä)?r(?:ch|z)?|[Aa]pr(?:il)?|[Mm]a(?:y|i)?|[Jj]un(?:e|i)?|[Jj]ul(?:y|i)?|[Aa]ug(?:ust)?|[Ss]ep(?:tember)?|[Oo](?:c|k)?t(?:ober)?|[Nn]ov(?:ember)?|[Dd]e(?:c|z)(?:ember)?)\\b",
  MONTHNUM: "(?:0?[1-9]|1[0-2])",
  MONTHDAY: "(?:(?:0[1-9])|(?:[12][0-9])|(?:3[01])|[1-9])",
  YEAR: "(?:\\d\\d){1,2}",
  HOUR: "(?:2[0123]|[01]?[0-9])",
  MINUTE: "(?:[0-5][0-9])",
  SECOND: "(?:(?:[0-5]?[0-9]|60)(?:[:.,][0-9]+)?)",
  // `(?!<[0-9])` is the library's own text (a look-ahead for "<digit" that never fails), kept as is.
  TIME: "(?!<[0-9])%{HOUR}:%{MINUTE}(?::%{SECOND})(?![0-9])",
  ISO8601_TIMEZONE: "(?:Z|[+-]%{HOUR}(?::?%{MINUTE}))",
  TIMESTAMP_ISO8601: "%{YEAR}-%{MONTHNUM}-%{MONTHDAY}[T ]%{HOUR}:?%{MINUTE}(?::?%{SECOND})?%{ISO8601_TIMEZONE}?",
  SYSLOGTIMESTAMP: "%{MONTH} +%{MONTHDAY} %{TIME}",
};
