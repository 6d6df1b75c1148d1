/**
 * Event times in SQL, exactly as `modules/engines/windows/event-time.ts` reads them: RFC 3339 with
 * a `Z` or `±hh:mm` offset, fraction kept to milliseconds (truncated), leap second 60 allowed, an
 * impossible date NULL.
 */
import type { Dialect } from "./dialect";
import type { WorkSchedule } from "../deployment/profile";

const RFC3339 = "^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$";
const RFC3339_NO_OFFSET = "^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})?$";

const int = (d: Dialect, text: string): string => `CAST(${d.tryDouble(text)} AS BIGINT)`;

/**
 * Epoch ms of an RFC 3339 text, NULL when it is not one. `offsetOptional`: a missing offset reads
 * as UTC (syslog's high-precision format).
 */
export function rfc3339Ms(d: Dialect, text: string, offsetOptional = false): string {
  const pattern = offsetOptional ? RFC3339_NO_OFFSET : RFC3339;
  const g = (n: number): string => `nullif(${d.regexGroup(text, pattern, n)}, '')`;
  const date = d.tryDate(`substr(${text}, 1, 10)`);
  const h = int(d, g(4));
  const mi = int(d, g(5));
  const s = int(d, g(6));
  const fraction = `coalesce(${int(d, `rpad(substr(${g(7)}, 2, 3), 3, '0')`)}, 0)`;
  const zone = `coalesce(${g(8)}, 'Z')`;
  const offsetMinutes = `CASE WHEN upper(${zone}) = 'Z' THEN 0 ELSE (CASE WHEN substr(${zone}, 1, 1) = '-' THEN -1 ELSE 1 END) * (${int(d, `substr(${zone}, 2, 2)`)} * 60 + ${int(d, `substr(${zone}, 5, 2)`)}) END`;
  const offsetValid = `(upper(${zone}) = 'Z' OR (${int(d, `substr(${zone}, 2, 2)`)} <= 23 AND ${int(d, `substr(${zone}, 5, 2)`)} <= 59))`;
  const valid = `${g(1)} IS NOT NULL AND ${date} IS NOT NULL AND ${h} <= 23 AND ${mi} <= 59 AND ${s} <= 60 AND ${offsetValid}`;
  return `CASE WHEN ${valid} THEN CAST(date_diff('day', DATE '1970-01-01', ${date}) AS BIGINT) * 86400000 + ${h} * 3600000 + ${mi} * 60000 + ${s} * 1000 + ${fraction} - (${offsetMinutes}) * 60000 END`;
}

const DAY_NUMBERS: Readonly<Record<string, number>> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

const minutesOf = (clock: string): number => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** Whether epoch ms fall in working hours, as `modules/engines/windows/off-hours.ts` decides. */
export function workingTime(d: Dialect, timeMs: string, schedule: WorkSchedule): string {
  const days = schedule.days.map((day) => DAY_NUMBERS[day]);
  const dow = d.localDayOfWeek(timeMs, schedule.timeZone);
  const minute = d.localMinuteOfDay(timeMs, schedule.timeZone);
  const inDays = (expr: string): string => (days.length === 0 ? "false" : `${expr} IN (${days.join(", ")})`);
  const start = minutesOf(schedule.start);
  const end = minutesOf(schedule.end);
  if (start === end) return inDays(dow);
  if (start < end) return `(${inDays(dow)} AND ${minute} >= ${start} AND ${minute} < ${end})`;
  const previous = `(CASE WHEN ${dow} = 1 THEN 7 ELSE ${dow} - 1 END)`;
  return `((${inDays(dow)} AND ${minute} >= ${start}) OR (${inDays(previous)} AND ${minute} < ${end}))`;
}
