import { replayFiles, ReplayEvaluator, type ReplayResult } from "../../modules/replay/evaluate";
import { DEFAULT_SCHEDULE } from "../../modules/deployment/profile";
import { bruteForce, enumeration, offHours, profileOf, sshConsoleWords, sshFailed, trailStopped, unauthorized } from "./detections";
import { apiCall, jsonLines, logFile } from "./log-files";

const ms = (iso: string): number => Date.parse(iso);
const matchesOf = (result: ReplayResult) => [...result.matches].map((m) => [result.detections[m.detection].id, m.line, m.eventID]);
const alarmsOf = (result: ReplayResult) =>
  result.alarms.map((a) => ({
    detection: result.detections[a.detection].id,
    start: new Date(a.start).toISOString(),
    end: new Date(a.end).toISOString(),
    value: a.value,
    threshold: a.threshold,
    key: a.key,
  }));

const denied = (second: number, fields: Record<string, unknown> = {}) =>
  apiCall({ eventID: `d${second}`, eventTime: `2024-05-01T10:01:${String(second).padStart(2, "0")}Z`, errorCode: "Client.UnauthorizedOperation", ...fields });
const failedLogin = (second: number, ip: string) =>
  apiCall({
    eventID: `f${second}`,
    eventName: "ConsoleLogin",
    eventType: "AwsConsoleSignIn",
    eventTime: `2024-05-01T10:02:${String(second).padStart(2, "0")}Z`,
    sourceIPAddress: ip,
    responseElements: { ConsoleLogin: "Failure" },
  });

describe("metric-filter detections", () => {
  test("lists every match and raises an alarm for a breaching minute", async () => {
    const records = [...Array.from({ length: 6 }, (_, i) => denied(i)), apiCall({ eventID: "ok" })];
    const result = await replayFiles([logFile("denied.jsonl", jsonLines(records))], profileOf(unauthorized));
    expect(result.events).toBe(7);
    expect(matchesOf(result)).toEqual(Array.from({ length: 6 }, (_, i) => ["unauthorized-api-calls", i + 1, `d${i}`]));
    expect(alarmsOf(result)).toEqual([
      { detection: "unauthorized-api-calls", start: "2024-05-01T10:01:00.000Z", end: "2024-05-01T10:02:00.000Z", value: 6, threshold: 5, key: {} },
    ]);
  });

  test("matches a record without a usable time but reports it instead of placing it in a window", async () => {
    const records = [denied(0, { eventTime: undefined }), denied(1, { eventTime: "2023-05-26 20:14:51" })];
    const file = logFile("timeless.jsonl", jsonLines(records));
    const result = await replayFiles([file], profileOf({ ...unauthorized, alarm: { ...unauthorized.alarm, threshold: 1 } }));
    expect(matchesOf(result)).toHaveLength(2);
    expect(result.alarms).toEqual([]);
    expect(result.unwindowed).toEqual([
      { file, line: 1, reason: "no eventTime", detections: ["unauthorized-api-calls"] },
      { file, line: 2, reason: 'eventTime "2023-05-26 20:14:51" is not an RFC 3339 date-time', detections: ["unauthorized-api-calls"] },
    ]);
  });
});

describe("Contributor Insights detections", () => {
  test("alarm on the top contributor, keyed by its CloudTrail field name", async () => {
    const records = [failedLogin(1, "198.51.100.7"), failedLogin(2, "203.0.113.9"), failedLogin(3, "198.51.100.7"), failedLogin(4, "198.51.100.7")];
    const result = await replayFiles([logFile("logins.jsonl", jsonLines(records))], profileOf(bruteForce));
    expect(matchesOf(result).map((m) => m[1])).toEqual([1, 2, 3, 4]);
    expect(alarmsOf(result)).toEqual([
      {
        detection: "console-brute-force",
        start: "2024-05-01T10:02:00.000Z",
        end: "2024-05-01T10:03:00.000Z",
        value: 3,
        threshold: 3,
        key: { sourceIPAddress: "198.51.100.7" },
      },
    ]);
  });
});

describe("stream detections", () => {
  test("distinct-count fires once per key and window, with the window's final distinct count", async () => {
    const names = ["DescribeInstances", "DescribeVpcs", "DescribeVpcs", "DescribeSubnets", "DescribeImages"];
    const records = names.map((eventName, i) => apiCall({ eventName, eventTime: `2024-05-01T10:0${i}:00Z`, eventID: `e${i}` }));
    const file = logFile("enum.jsonl", jsonLines(records));
    const result = await replayFiles([file], profileOf(enumeration));
    // No per-record test, so no matches (docs/design.md contract 6): only the alarm, with every call as evidence.
    expect(matchesOf(result)).toEqual([]);
    expect(result.alarms[0].evidence).toEqual({ count: 5, refs: records.map((_, i) => ({ fileIndex: 0, line: i + 1, eventID: `e${i}` })) });
    expect(result.files).toEqual([file]);
    expect(alarmsOf(result)).toEqual([
      {
        detection: "api-enumeration",
        start: "2024-05-01T10:00:00.000Z",
        end: "2024-05-01T10:05:00.000Z",
        value: 4,
        threshold: 3,
        key: { "userIdentity.arn": "arn:aws:iam::111122223333:user/alice" },
      },
    ]);
  });

  test("off-hours: a sign-in outside the schedule is a match and an alarm keyed by userIdentity.arn; inside, neither", async () => {
    const login = (eventTime: string) => apiCall({ eventName: "ConsoleLogin", eventTime, responseElements: { ConsoleLogin: "Success" } });
    const records = [login("2024-05-06T09:00:00Z"), login("2024-05-06T21:30:00Z"), login("2024-05-04T10:00:00Z")];
    const file = logFile("logins-hours.jsonl", jsonLines(records));
    const result = await replayFiles([file], profileOf(offHours));
    expect(matchesOf(result).map((m) => m[1])).toEqual([2, 3]);
    expect(result.alarms.map((a) => a.evidence.refs.map((r) => r.line))).toEqual([[3], [2]]);
    expect(alarmsOf(result).map((a) => [a.start, a.end, a.key])).toEqual([
      ["2024-05-04T10:00:00.000Z", "2024-05-04T10:00:01.000Z", { "userIdentity.arn": "arn:aws:iam::111122223333:user/alice" }],
      ["2024-05-06T21:30:00.000Z", "2024-05-06T21:30:01.000Z", { "userIdentity.arn": "arn:aws:iam::111122223333:user/alice" }],
    ]);
    const tokyo = await replayFiles([file], { detections: [offHours], schedule: { ...DEFAULT_SCHEDULE, timeZone: "Asia/Tokyo" } });
    // 09:00 UTC is 18:00 in Tokyo (after hours); 21:30 UTC is 06:30 the next morning (before hours).
    expect(alarmsOf(tokyo)).toHaveLength(3);
  });
});

describe("event-rule detections", () => {
  test("match CloudTrail records as EventBridge delivers them", async () => {
    const records = [apiCall({ eventSource: "cloudtrail.amazonaws.com", eventName: "StopLogging", eventID: "stop" }), apiCall()];
    const result = await replayFiles([logFile("stop.jsonl", jsonLines(records))], profileOf(trailStopped));
    expect(matchesOf(result)).toEqual([["security-service-disabled", 1, "stop"]]);
    expect(result.alarms).toEqual([]);
  });
});

describe("sources", () => {
  const sshLines = [
    "May  1 10:03:01 host sshd[1]: Failed password for root from 192.0.2.1 port 22 ssh2",
    "May  1 10:03:02 host sshd[1]: Failed password for invalid user admin from 192.0.2.1 port 22 ssh2",
    "May  1 10:03:03 host sshd[1]: Failed password for root from 192.0.2.1 port 22 ssh2",
    "May  1 10:03:04 host sudo: ConsoleLogin as a word in a syslog line",
  ].join("\n");

  test("ssh detections see sshd lines only, cloudtrail detections CloudTrail records only", async () => {
    const trail = logFile("mixed-trail.jsonl", jsonLines([failedLogin(1, "192.0.2.1"), denied(1)]));
    const auth = logFile("auth.log", `${sshLines}\n`);
    const result = await replayFiles([trail, auth], profileOf(unauthorized, sshFailed, sshConsoleWords), { referenceTime: ms("2024-12-31T00:00:00Z") });
    expect(result.events).toBe(6);
    expect([...result.matches].map((m) => [result.detections[m.detection].id, m.file === auth ? "auth" : "trail", m.line, m.eventID])).toEqual([
      ["unauthorized-api-calls", "trail", 2, "d1"],
      ["ssh-failed-password", "auth", 1, undefined],
      ["ssh-failed-password", "auth", 2, undefined],
      ["ssh-failed-password", "auth", 3, undefined],
      ["ssh-console-words", "auth", 4, undefined],
    ]);
    expect(alarmsOf(result).map((a) => [a.detection, a.start, a.value])).toEqual([
      ["ssh-failed-password", "2024-05-01T10:03:00.000Z", 3],
      ["ssh-console-words", "2024-05-01T10:03:00.000Z", 1],
    ]);
  });
});

describe("compilation", () => {
  test("compiles every detection up front and names the one that does not compile", () => {
    expect(() => new ReplayEvaluator(profileOf({ ...unauthorized, pattern: "{ $.errorCode = " }))).toThrow(
      /cannot compile detection "unauthorized-api-calls"/,
    );
  });

  test("counts skipped lines apart from events", async () => {
    const result = await replayFiles([logFile("one-bad.jsonl", `${JSON.stringify(denied(0))}\n{oops\n`)], profileOf(unauthorized));
    expect(result.events).toBe(1);
    expect(result.skipped).toHaveLength(1);
  });
});
