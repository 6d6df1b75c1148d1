import { replayFiles, type ReplayResult } from "../../modules/replay/evaluate";
import { isoTime } from "../../modules/engines/windows/event-time";
import { formatTextSummary, toReport, writeJsonReport } from "../../modules/replay/report";
import { bruteForce, profileOf, sshFailed, unauthorized } from "./detections";
import { apiCall, jsonLines, logFile } from "./log-files";
import { Output } from "./output";

const ms = (iso: string): number => Date.parse(iso);

async function sampleReplay(): Promise<{ result: ReplayResult; trail: string; auth: string }> {
  const trail = logFile(
    "report-trail.jsonl",
    jsonLines([
      ...Array.from({ length: 5 }, (_, i) =>
        apiCall({ eventID: `d${i}`, eventTime: `2024-05-01T10:01:0${i}Z`, errorCode: "AccessDenied" }),
      ),
      ...Array.from({ length: 3 }, (_, i) =>
        apiCall({
          eventID: `f${i}`,
          eventName: "ConsoleLogin",
          eventTime: `2024-05-01T10:01:1${i}Z`,
          sourceIPAddress: "198.51.100.7",
          responseElements: { ConsoleLogin: "Failure" },
        }),
      ),
    ]) + "not json\n",
  );
  const auth = logFile("report-auth.log", "May  1 10:03:01 host sshd[1]: Failed password for root from 192.0.2.1 port 22 ssh2\n");
  const result = await replayFiles([trail, auth], profileOf(unauthorized, bruteForce, sshFailed), { referenceTime: ms("2024-12-31T00:00:00Z") });
  return { result, trail, auth };
}

describe("the --json report (docs/design.md contract 5)", () => {
  test("has exactly events, skipped, matches and alarms, each element with the contract's fields", async () => {
    const { result, trail, auth } = await sampleReplay();
    const report = toReport(result);
    expect(Object.keys(report)).toEqual(["events", "skipped", "matches", "alarms"]);
    expect(report.events).toBe(9);
    expect(report.skipped).toEqual([{ file: trail, line: 9, reason: "invalid JSON" }]);
    expect(report.matches[0]).toEqual({
      detection: "unauthorized-api-calls",
      controls: ["CloudWatch.2"],
      kind: "metric-filter",
      file: trail,
      line: 1,
      eventID: "d0",
    });
    expect(report.matches.filter((m) => m.detection === "console-brute-force").map((m) => m.line)).toEqual([6, 7, 8]);
    const sshMatch = report.matches.find((m) => m.file === auth);
    expect(sshMatch).toEqual({ detection: "ssh-failed-password", controls: [], kind: "metric-filter", file: auth, line: 1 });
    expect(sshMatch).not.toHaveProperty("eventID");
    expect(report.alarms).toEqual([
      {
        detection: "unauthorized-api-calls",
        controls: ["CloudWatch.2"],
        start: "2024-05-01T10:01:00Z",
        end: "2024-05-01T10:02:00Z",
        value: 5,
        threshold: 5,
        key: {},
      },
      {
        detection: "console-brute-force",
        controls: [],
        start: "2024-05-01T10:01:00Z",
        end: "2024-05-01T10:02:00Z",
        value: 3,
        threshold: 3,
        key: { sourceIPAddress: "198.51.100.7" },
      },
    ]);
  });

  test("the streamed JSON is one object equal to the report", async () => {
    const { result } = await sampleReplay();
    const out = new Output();
    await writeJsonReport(result, out);
    expect(JSON.parse(out.text)).toEqual(JSON.parse(JSON.stringify(toReport(result))));
    expect(out.text.endsWith("}\n")).toBe(true);
  });

  test("an empty replay is still the whole object", async () => {
    const out = new Output();
    await writeJsonReport(await replayFiles([logFile("empty.log", "")], profileOf(unauthorized)), out);
    expect(JSON.parse(out.text)).toEqual({ events: 0, skipped: [], matches: [], alarms: [] });
  });

  test("times are ISO 8601 UTC, milliseconds only when there are some", () => {
    expect(isoTime(ms("2024-05-01T10:01:00Z"))).toBe("2024-05-01T10:01:00Z");
    expect(isoTime(ms("2024-05-01T10:01:00.250Z"))).toBe("2024-05-01T10:01:00.250Z");
  });
});

describe("the text summary", () => {
  test("gives per detection its matches and alarms with key and window, then the skipped lines", async () => {
    const { result, trail, auth } = await sampleReplay();
    const text = formatTextSummary(result, [trail, auth]);
    expect(text).toContain("Replayed 9 events from 2 files: 9 matches, 2 alarms, 1 line skipped.");
    expect(text).toMatch(/unauthorized-api-calls\s+5 matches\s+1 alarm\s+metric-filter\s+\[CloudWatch\.2\]/);
    expect(text).toContain("ALARM 2024-05-01T10:01:00Z – 10:02:00Z  5 matches (alarm at ≥ 5 per 60 s)");
    expect(text).toContain("ALARM 2024-05-01T10:01:00Z – 10:02:00Z  top contributor 3 events (alarm at ≥ 3 per 60 s)  sourceIPAddress=198.51.100.7");
    expect(text).toMatch(/ssh-failed-password\s+1 match\s+0 alarms/);
    expect(text).toContain(`Skipped (1 line):\n  ${trail}:9: invalid JSON`);
  });

  test("says when an alarm's value is the busiest of several periods", async () => {
    const records = ["10:01:10", "10:01:20", "10:02:10", "10:02:20", "10:02:30"].map((t, i) =>
      apiCall({ eventID: `r${i}`, eventTime: `2024-05-01T${t}Z`, errorCode: "AccessDenied" }),
    );
    const result = await replayFiles([logFile("run.jsonl", jsonLines(records))], profileOf({ ...unauthorized, alarm: { ...unauthorized.alarm, threshold: 2 } }));
    expect(formatTextSummary(result, ["run.jsonl"])).toContain("ALARM 2024-05-01T10:01:00Z – 10:03:00Z  peak 3 matches per period (alarm at ≥ 2 per 60 s)");
  });

  test("lists detections that matched nothing on one line", async () => {
    const result = await replayFiles([logFile("quiet.jsonl", jsonLines([apiCall()]))], profileOf(unauthorized, bruteForce));
    expect(formatTextSummary(result, ["quiet.jsonl"])).toContain("No match: unauthorized-api-calls, console-brute-force.");
  });
});
