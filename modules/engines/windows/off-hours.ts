import { IANAZone } from "luxon";
import type { WeekDay, WorkSchedule } from "./types";

/** Indexed by `Date#getUTCDay()` of the local wall-clock time: 0 is Sunday. */
const BY_DAY_INDEX: readonly WeekDay[] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

const HOUR_MS = 3_600_000;

const minutesOf = (clock: string): number => {
  const m = /^(\d{2}):(\d{2})$/.exec(clock);
  if (m === null || Number(m[1]) > 23 || Number(m[2]) > 59) throw new Error(`${JSON.stringify(clock)} is not a time of day HH:MM`);
  return Number(m[1]) * 60 + Number(m[2]);
};

/**
 * Compiles working hours into a test of an instant (ms): is it inside them? The wall clock is read
 * in the schedule's IANA zone (tz database via luxon), so daylight saving time moves the hours
 * with the office.
 *
 * - `start` ≤ time < `end` on a listed day;
 * - `end` earlier than `start`: the shift runs past midnight and belongs to the day it starts on
 *   (Fri 22:00–06:00 covers Saturday 03:00);
 * - `end` equal to `start`: the whole listed day.
 *
 * The zone's UTC offset is looked up once per UTC hour and cached when it is the same at both ends
 * of the hour (asking luxon costs ~15 µs; offsets change a few times a year).
 */
export function compileWorkSchedule(schedule: WorkSchedule): (timeMs: number) => boolean {
  if (!IANAZone.isValidZone(schedule.timeZone)) throw new Error(`${JSON.stringify(schedule.timeZone)} is not an IANA time zone`);
  const zone = IANAZone.create(schedule.timeZone);
  const days = new Set(schedule.days);
  const start = minutesOf(schedule.start);
  const end = minutesOf(schedule.end);
  const offsets = new Map<number, number>();
  const offsetMinutes = (timeMs: number): number => {
    const hour = Math.floor(timeMs / HOUR_MS);
    const cached = offsets.get(hour);
    if (cached !== undefined) return cached;
    const atStart = zone.offset(hour * HOUR_MS);
    if (zone.offset(hour * HOUR_MS + HOUR_MS - 1) !== atStart) return zone.offset(timeMs); // a change within this hour
    offsets.set(hour, atStart);
    return atStart;
  };
  return (timeMs) => {
    const local = new Date(timeMs + offsetMinutes(timeMs) * 60_000); // wall clock, read with the UTC getters
    const dayIndex = local.getUTCDay();
    const day = BY_DAY_INDEX[dayIndex];
    const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
    if (start === end) return days.has(day);
    if (start < end) return days.has(day) && minute >= start && minute < end;
    const previousDay = BY_DAY_INDEX[(dayIndex + 6) % 7];
    return (days.has(day) && minute >= start) || (days.has(previousDay) && minute < end);
  };
}
