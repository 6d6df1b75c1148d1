import { cloudTrailTime, missingCloudTrailTime, parseRfc3339 } from "../../../modules/engines/windows/event-time";

describe("parseRfc3339", () => {
  test.each([
    ["2024-07-30T21:31:10Z", "2024-07-30T21:31:10.000Z"],
    ["2024-07-30t21:31:10z", "2024-07-30T21:31:10.000Z"],
    ["2023-11-14T00:20:42.738197+01:00", "2023-11-13T23:20:42.738Z"],
    ["2019-06-14T13:01:15.412-01:30", "2019-06-14T14:31:15.412Z"],
    ["2024-02-29T00:00:00Z", "2024-02-29T00:00:00.000Z"],
  ])("reads %s", (text, expected) => {
    expect(new Date(parseRfc3339(text)).toISOString()).toBe(expected);
  });

  test.each([
    "2023-05-26 20:14:51",
    "2023-02-29T00:00:00Z",
    "2024-13-01T00:00:00Z",
    "2024-07-30T21:31:10",
    "2024-07-30T21:31:10.Z",
    "2024-07-30T21:31:10+0100",
    "2024-07-30T24:00:00Z",
    "1717000000",
    "",
  ])("refuses %j", (text) => {
    expect(parseRfc3339(text)).toBeNaN();
  });

  test("reads a time without offset as UTC only when asked (syslog)", () => {
    expect(parseRfc3339("2019-06-14T10:40:20.912134", true)).toBe(Date.parse("2019-06-14T10:40:20.912Z"));
  });
});

describe("cloudTrailTime", () => {
  test("prefers eventTime, falls back to @timestamp, else has none", () => {
    expect(cloudTrailTime({ eventTime: "2024-01-01T00:00:00Z", "@timestamp": "2020-01-01T00:00:00Z" })).toBe(Date.parse("2024-01-01T00:00:00Z"));
    expect(cloudTrailTime({ "@timestamp": "2020-09-14T00:44:23.000Z" })).toBe(Date.parse("2020-09-14T00:44:23Z"));
    expect(cloudTrailTime({ eventTime: "2023-05-26 20:14:51" })).toBeUndefined();
    expect(cloudTrailTime({})).toBeUndefined();
  });

  test("says why a record has no usable time", () => {
    expect(missingCloudTrailTime({})).toBe("no eventTime");
    expect(missingCloudTrailTime({ eventTime: "2023-05-26 20:14:51" })).toBe('eventTime "2023-05-26 20:14:51" is not an RFC 3339 date-time');
  });
});
