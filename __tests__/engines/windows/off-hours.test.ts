import { compileWorkSchedule } from "../../../modules/engines/windows/off-hours";
import { DEFAULT_SCHEDULE } from "../../../modules/deployment/profile";

const ms = (iso: string): number => Date.parse(iso);

describe("working hours", () => {
  test("default: Monday to Friday 08:00 to 18:00 UTC, end excluded", () => {
    const isWorking = compileWorkSchedule(DEFAULT_SCHEDULE);
    expect(isWorking(ms("2024-05-06T08:00:00Z"))).toBe(true); // Monday
    expect(isWorking(ms("2024-05-06T07:59:59Z"))).toBe(false);
    expect(isWorking(ms("2024-05-06T17:59:59Z"))).toBe(true);
    expect(isWorking(ms("2024-05-06T18:00:00Z"))).toBe(false);
    expect(isWorking(ms("2024-05-04T12:00:00Z"))).toBe(false); // Saturday
  });

  test("reads the wall clock in the schedule's zone, following daylight saving time", () => {
    const isWorking = compileWorkSchedule({ ...DEFAULT_SCHEDULE, timeZone: "Europe/Berlin" });
    // 06:30 UTC is 08:30 in Berlin in summer (CEST, +2) but 07:30 in winter (CET, +1).
    expect(isWorking(ms("2024-07-03T06:30:00Z"))).toBe(true);
    expect(isWorking(ms("2024-01-03T06:30:00Z"))).toBe(false);
    // 16:30 UTC is 18:30 in summer (after hours) and 17:30 in winter (working).
    expect(isWorking(ms("2024-07-03T16:30:00Z"))).toBe(false);
    expect(isWorking(ms("2024-01-03T16:30:00Z"))).toBe(true);
    // The Monday after the spring change (2024-03-31): 06:00 UTC is already 08:00 local.
    expect(isWorking(ms("2024-04-01T06:00:00Z"))).toBe(true);
    expect(isWorking(ms("2024-03-29T06:30:00Z"))).toBe(false); // the Friday before: still CET, 07:30 local
  });

  test("is exact on the very minutes daylight saving time starts and ends", () => {
    const spring = compileWorkSchedule({ days: ["Sun"], start: "03:00", end: "04:00", timeZone: "Europe/Berlin" });
    expect(spring(ms("2024-03-31T00:59:59Z"))).toBe(false); // 01:59:59 CET
    expect(spring(ms("2024-03-31T01:00:00Z"))).toBe(true); // 03:00 CEST: 02:xx never happened
    const autumn = compileWorkSchedule({ days: ["Sun"], start: "02:00", end: "03:00", timeZone: "Europe/Berlin" });
    expect(autumn(ms("2024-10-27T00:30:00Z"))).toBe(true); // 02:30 CEST
    expect(autumn(ms("2024-10-27T01:30:00Z"))).toBe(true); // 02:30 CET, the hour lived twice
    expect(autumn(ms("2024-10-27T02:00:00Z"))).toBe(false); // 03:00 CET
  });

  test("uses the local week day, not the UTC one", () => {
    const isWorking = compileWorkSchedule({ ...DEFAULT_SCHEDULE, timeZone: "Pacific/Auckland" });
    // Sunday 2024-05-05 22:00 UTC is Monday 10:00 in Auckland (NZST, +12).
    expect(isWorking(ms("2024-05-05T22:00:00Z"))).toBe(true);
    // Friday 2024-05-03 22:00 UTC is Saturday 10:00 there.
    expect(isWorking(ms("2024-05-03T22:00:00Z"))).toBe(false);
  });

  test("a shift past midnight belongs to the day it starts", () => {
    const isWorking = compileWorkSchedule({ days: ["Fri"], start: "22:00", end: "06:00", timeZone: "UTC" });
    expect(isWorking(ms("2024-05-03T23:00:00Z"))).toBe(true); // Friday night
    expect(isWorking(ms("2024-05-04T05:59:00Z"))).toBe(true); // Saturday early morning
    expect(isWorking(ms("2024-05-04T23:00:00Z"))).toBe(false); // Saturday night
    expect(isWorking(ms("2024-05-03T05:00:00Z"))).toBe(false); // Friday early morning: Thursday's shift
  });

  test("rejects a zone that is not IANA", () => {
    expect(() => compileWorkSchedule({ ...DEFAULT_SCHEDULE, timeZone: "Mars/Olympus" })).toThrow('"Mars/Olympus" is not an IANA time zone');
  });
});
