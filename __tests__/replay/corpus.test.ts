/**
 * `tripline replay` end to end over the public corpus (`../shared/corpus`, README there), with the
 * real catalog: what the windowed detections make of real bursts, and that what replay matches
 * agrees with the corpus labels, which an independent evaluator computed.
 */
import { readFileSync } from "node:fs";
import { catalog } from "../../modules/catalog";
import type { Detection, StreamDetection } from "../../modules/catalog/detection";
import { replayFiles, type ReplayResult } from "../../modules/replay/evaluate";
import { defaultReplayProfile } from "../../modules/deployment/profile";
import { toReport, type ReportAlarm, type ReportMatch } from "../../modules/replay/report";
import { compileFilterPattern } from "../../modules/engines/filter-pattern";
import { corpusPath } from "../corpus-path";
import { isWiderPreauthForm } from "../support/openssh-preauth-forms";

const trail = (name: string): string => corpusPath("cloudtrail", name);
const ssh = (name: string): string => corpusPath("ssh", name);
const replay = async (files: string[], detections: readonly Detection[] = catalog) =>
  toReport(await replayFiles(files, { ...defaultReplayProfile(), detections }));
const alarmsOf = (alarms: readonly ReportAlarm[], id: string) => alarms.filter((a) => a.detection === id);
const byId = (id: string): Detection => {
  const d = catalog.find((x) => x.id === id);
  if (d === undefined) throw new Error(`no detection ${id} in the catalog`);
  return d;
};

describe("Stratus Red Team detonations (real, anonymized)", () => {
  let report: ReturnType<typeof toReport>;
  beforeAll(async () => {
    report = await replay([trail("stratus-red-team-detonations.jsonl")]);
  });

  test("reads all 310 records and skips none", () => {
    expect(report.events).toBe(310);
    expect(report.skipped).toEqual([]);
  });

  test("the 30 GetPasswordData UnauthorizedOperation calls in 5 s raise an unauthorized-api-calls alarm", () => {
    const alarm = alarmsOf(report.alarms, "unauthorized-api-calls").find((a) => a.start <= "2024-07-30T21:31:16Z" && a.end > "2024-07-30T21:31:21Z");
    expect(alarm).toBeDefined();
    expect(alarm?.value).toBeGreaterThanOrEqual(30);
    expect(alarm?.controls).toContain("CloudWatch.2");
    // CloudWatch.2's own alarm: Sum ≥ 1 over one aligned 5-minute period.
    expect([alarm?.start, alarm?.end]).toEqual(["2024-07-30T21:30:00Z", "2024-07-30T21:35:00Z"]);
  });

  test("the 15 DescribeInstanceAttribute denials in 4 s raise their own alarm", () => {
    const alarm = alarmsOf(report.alarms, "unauthorized-api-calls").find((a) => a.start <= "2024-07-31T19:52:34Z" && a.end > "2024-07-31T19:52:38Z");
    expect(alarm?.value).toBeGreaterThanOrEqual(15);
  });
});

describe("OTRF EC2-proxy S3 exfiltration (Logstash-shaped, @timestamp only)", () => {
  const PEDRO = "arn:aws:iam::123456789123:user/pedro";
  const apiEnumeration = byId("api-enumeration") as StreamDetection;
  let result: ReplayResult;
  beforeAll(async () => {
    result = await replayFiles([trail("otrf-ec2-proxy-s3-exfiltration.jsonl")], defaultReplayProfile());
  });

  test("places every record in windows by @timestamp: nothing is left unwindowed", () => {
    expect(result.events).toBe(103);
    expect(result.unwindowed).toEqual([]);
  });

  test("pedro's 87 calls to 22 APIs in ~10 minutes stay below 30 distinct APIs in 5 minutes, and are no matches", () => {
    const report = toReport(result);
    expect(report.matches.filter((m) => m.detection === "api-enumeration")).toEqual([]);
    expect(alarmsOf(report.alarms, "api-enumeration")).toEqual([]);
  });

  test("a threshold of 10 distinct APIs per 5 minutes would catch him in three windows", async () => {
    if (apiEnumeration.detector.type !== "distinct-count") throw new Error("api-enumeration is expected to be a distinct count");
    const lower: StreamDetection = { ...apiEnumeration, detector: { ...apiEnumeration.detector, threshold: 10 } };
    const report = await replay([trail("otrf-ec2-proxy-s3-exfiltration.jsonl")], [lower]);
    const alarms = alarmsOf(report.alarms, "api-enumeration");
    expect(alarms.map((a) => [a.start, a.end, a.value, a.key])).toEqual([
      ["2020-09-14T00:40:00Z", "2020-09-14T00:45:00Z", 13, { "userIdentity.arn": PEDRO }],
      ["2020-09-14T00:50:00Z", "2020-09-14T00:55:00Z", 14, { "userIdentity.arn": PEDRO }],
      ["2020-09-14T00:55:00Z", "2020-09-14T01:00:00Z", 12, { "userIdentity.arn": PEDRO }],
    ]);
    // Evidence: pedro's calls in each window, read back from the file independently of replay.
    const records = readFileSync(trail("otrf-ec2-proxy-s3-exfiltration.jsonl"), "utf8").trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const a of alarms) {
      const calls = records.flatMap((r, i) => {
        const arn = (r.userIdentity as { arn?: string } | undefined)?.arn;
        const at = String(r["@timestamp"]);
        return arn === PEDRO && r.eventType === "AwsApiCall" && at >= a.start && at < a.end ? [i + 1] : [];
      });
      expect(a.evidence.count).toBe(calls.length);
      expect(a.evidence.events.map((e) => e.line)).toEqual(calls.slice(0, 20));
    }
  });
});

describe("the same records delivered to S3 as {\"Records\":[...]}, plain and gzipped", () => {
  const essentials = (matches: readonly ReportMatch[]) => matches.map((m) => [m.detection, m.line, m.eventID]);
  /** Alarms with evidence file names left out: the three files differ only in name. */
  const alarmEssentials = (alarms: readonly ReportAlarm[]) =>
    alarms.map((a) => ({ ...a, evidence: { count: a.evidence.count, events: a.evidence.events.map((e) => [e.line, e.eventID]) } }));

  test(".json and .json.gz give exactly the matches and alarms of the .jsonl", async () => {
    const lines = await replay([trail("stratus-red-team-detonations.jsonl")]);
    const json = await replay([trail("s3-delivery/stratus-red-team-detonations.json")]);
    const gz = await replay([trail("s3-delivery/stratus-red-team-detonations.json.gz")]);
    expect(lines.matches.length).toBeGreaterThan(0);
    expect(essentials(json.matches)).toEqual(essentials(lines.matches));
    expect(essentials(gz.matches)).toEqual(essentials(lines.matches));
    expect(alarmEssentials(json.alarms)).toEqual(alarmEssentials(lines.alarms));
    expect(alarmEssentials(gz.alarms)).toEqual(alarmEssentials(lines.alarms));
    expect([json.events, gz.events, json.skipped, gz.skipped]).toEqual([310, 310, [], []]);
  });
});

describe("sshd logs", () => {
  const labels = (name: string) =>
    JSON.parse(readFileSync(corpusPath("labels", "ssh", `${name}.labels.json`), "utf8")) as {
      lines: Record<string, number[]>;
      not_counted_but_similar_text: Record<string, number[] | undefined>;
      sshd_lines_not_evaluated: number[];
    };
  const linesOf = (matches: readonly ReportMatch[], id: string) => matches.filter((m) => m.detection === id).map((m) => m.line);
  /** "Feb 22 16:45" of a classic syslog line. */
  const minuteOf = (line: string) => line.slice(0, 12);

  test("RHEL secure: every failed password the labels count matches, and minutes with ≥ 5 raise alarms", async () => {
    const file = ssh("beats-secure-rhel7.log");
    const report = await replay([file]);
    expect(report.skipped).toEqual([]);
    const expected = labels("beats-secure-rhel7.log").lines["ssh-failed-password"];
    expect(linesOf(report.matches, "ssh-failed-password")).toEqual(expected);
    // Independent of replay's window code: failed passwords per minute, from the labels and the text.
    const text = readFileSync(file, "utf8").split("\n");
    const perMinute = new Map<string, number>();
    for (const n of expected) perMinute.set(minuteOf(text[n - 1]), (perMinute.get(minuteOf(text[n - 1])) ?? 0) + 1);
    const alarm = (byId("ssh-failed-password") as { alarm: { threshold: number; periodSeconds: number } }).alarm;
    expect(alarm.periodSeconds).toBe(60);
    // One alarm per run of consecutive breaching minutes (the alarm stays in ALARM), with the run's top minute.
    const minuteMs = (minute: string) => Date.UTC(2000, Number(monthNumber(minute)) - 1, Number(minute.slice(4, 6)), Number(minute.slice(7, 9)), Number(minute.slice(10, 12)));
    const runs: { start: number; end: number; value: number }[] = [];
    for (const [minute, n] of [...perMinute].filter(([, count]) => count >= alarm.threshold)) {
      const start = minuteMs(minute);
      const last = runs[runs.length - 1];
      if (last !== undefined && last.end === start) Object.assign(last, { end: start + 60_000, value: Math.max(last.value, n) });
      else runs.push({ start, end: start + 60_000, value: n });
    }
    expect(runs.length).toBeGreaterThan(1);
    const alarms = alarmsOf(report.alarms, "ssh-failed-password");
    const monthDayTime = (iso: string) => iso.slice(5, 16);
    expect(alarms.map((a) => [monthDayTime(a.start), monthDayTime(a.end), a.value])).toEqual(
      runs.map((r) => [monthDayTime(new Date(r.start).toISOString()), monthDayTime(new Date(r.end).toISOString()), r.value]),
    );
  });

  test.each([
    ["elastic-examples-ubuntu-auth.log"],
    ["beats-secure-rhel7.log"],
    ["fail2ban-sshd-variants.log"],
    ["crowdsec-sshd-variants.log"],
    ["beats-auth-mixed.log"],
    ["beats-rfc3339-timestamps.log"],
  ])("%s: each ssh detection matches every labelled line, and beyond them only lines the labels leave open", async (name) => {
    const report = await replay([ssh(name)]);
    const labelled = labels(name);
    const text = readFileSync(ssh(name), "utf8").split("\n");
    for (const id of ["ssh-invalid-user", "ssh-failed-password", "ssh-preauth-disconnect"]) {
      const matched = linesOf(report.matches, id);
      // Open: lines with similar text that the definition does not count, sshd lines whose header it does not parse,
      // and for ssh-preauth-disconnect the OpenSSH forms it counts beyond the labels' definition.
      const wider = id === "ssh-preauth-disconnect" ? text.flatMap((line, i) => (isWiderPreauthForm(line) ? [i + 1] : [])) : [];
      const open = new Set([...(labelled.not_counted_but_similar_text[id] ?? []), ...labelled.sshd_lines_not_evaluated, ...wider]);
      expect({ id, missing: labelled.lines[id].filter((n) => !matched.includes(n)) }).toEqual({ id, missing: [] });
      expect({ id, extra: matched.filter((n) => !labelled.lines[id].includes(n) && !open.has(n)) }).toEqual({ id, extra: [] });
      expect({ id, widerMissing: wider.filter((n) => !matched.includes(n) && !labelled.sshd_lines_not_evaluated.includes(n)) }).toEqual({ id, widerMissing: [] });
    }
  });

  test("fail2ban's # annotations are skipped and reported, every other line evaluated", async () => {
    const report = await replay([ssh("fail2ban-sshd-variants.log")]);
    const text = readFileSync(ssh("fail2ban-sshd-variants.log"), "utf8").replace(/\n$/, "").split("\n");
    const hashLines = text.flatMap((line, i) => (line.startsWith("#") ? [i + 1] : []));
    expect(report.skipped.map((s) => s.line)).toEqual(hashLines);
    expect(report.events).toBe(text.filter((line) => line.trim() !== "" && !line.startsWith("#")).length);
  });
});

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const monthNumber = (header: string): string => String(MONTHS.indexOf(header.slice(0, 3)) + 1).padStart(2, "0");

describe("CloudTrail records agree with the corpus labels", () => {
  /** The labels name detections by Security Hub control (`CloudWatch.6`) and by tripline id. */
  const LABELLED_IDS = new Set(["console-auth-failure", "root-console-login", "console-login-without-mfa", "security-service-disabled"]);
  const labelsOf = (d: Detection): string[] => [...d.controls.filter((c) => /^CloudWatch\.\d+$/.test(c)), ...(LABELLED_IDS.has(d.id) ? [d.id] : [])];

  test.each([
    ["stratus-red-team-detonations.jsonl"],
    ["otrf-ec2-proxy-s3-exfiltration.jsonl"],
    ["aws-docs-examples.jsonl"],
    ["elastic-integrations-pipeline-tests.jsonl"],
    ["panther-analysis-rule-tests.jsonl"],
    ["panther-scenario-compromised-root.jsonl"],
  ])("%s: every expected detection fires, nothing unexpected does", async (name) => {
    const report = await replay([trail(name)]);
    expect(report.skipped).toEqual([]);
    const fired = new Map<number, Set<string>>();
    for (const m of report.matches) {
      for (const label of labelsOf(byId(m.detection))) {
        if (!fired.has(m.line)) fired.set(m.line, new Set());
        fired.get(m.line)?.add(label);
      }
    }
    const rows = readFileSync(corpusPath("labels", "cloudtrail", `${name.replace(/\.jsonl$/, "")}.labels.jsonl`), "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => JSON.parse(l) as { line: number; expect: string[]; optional?: string[]; undetermined?: string[] });
    const disagreements: string[] = [];
    for (const row of rows) {
      const got = fired.get(row.line) ?? new Set<string>();
      const allowed = new Set([...row.expect, ...(row.optional ?? []), ...(row.undetermined ?? [])]);
      const missing = row.expect.filter((id) => !got.has(id));
      const extra = [...got].filter((id) => !allowed.has(id));
      if (missing.length + extra.length > 0) disagreements.push(`line ${row.line}: missing [${missing}] extra [${extra}]`);
    }
    expect(disagreements).toEqual([]);
  });
});

describe("matches mean 'fired on this record' (docs/design.md contract 6), over every CloudTrail file of the corpus", () => {
  const files = [
    "stratus-red-team-detonations.jsonl",
    "otrf-ec2-proxy-s3-exfiltration.jsonl",
    "aws-docs-examples.jsonl",
    "elastic-integrations-pipeline-tests.jsonl",
    "panther-analysis-rule-tests.jsonl",
    "panther-scenario-compromised-root.jsonl",
  ];
  let reports: { name: string; report: ReturnType<typeof toReport>; lines: string[] }[];
  beforeAll(async () => {
    reports = await Promise.all(
      files.map(async (name) => ({ name, report: await replay([trail(name)]), lines: readFileSync(trail(name), "utf8").trimEnd().split("\n") })),
    );
  });

  test("off-hours-console-login matches only successful sign-ins outside Monday–Friday 08:00–18:00 UTC", () => {
    let signIns = 0;
    for (const { report, lines } of reports) {
      const expected = lines.flatMap((text, i) => {
        const r = JSON.parse(text) as { eventName?: string; eventTime?: string; responseElements?: { ConsoleLogin?: string } };
        // A time that is not RFC 3339 ("2023-05-26 20:14:51", Panther's fixtures) cannot be placed: no match, and listed as unwindowed.
        if (r.eventName !== "ConsoleLogin" || r.responseElements?.ConsoleLogin !== "Success" || !/^\d{4}-\d\d-\d\dT/.test(r.eventTime ?? "")) return [];
        signIns++;
        const t = new Date(r.eventTime as string);
        const inHours = t.getUTCDay() >= 1 && t.getUTCDay() <= 5 && t.getUTCHours() >= 8 && t.getUTCHours() < 18;
        return inHours ? [] : [i + 1];
      });
      expect(report.matches.filter((m) => m.detection === "off-hours-console-login").map((m) => m.line)).toEqual(expected);
      // One alarm per such sign-in, whose evidence is that record.
      const evidence = alarmsOf(report.alarms, "off-hours-console-login").map((a) => a.evidence.events.map((e) => e.line));
      expect(evidence.every((e) => e.length === 1)).toBe(true);
      expect(evidence.flat().sort((a, b) => a - b)).toEqual(expected);
    }
    expect(signIns).toBeGreaterThan(5);
  });

  test("api-enumeration lists no matches anywhere", () => {
    for (const { report } of reports) expect(report.matches.filter((m) => m.detection === "api-enumeration")).toEqual([]);
  });

  test("metric-filter matches are exactly the lines the filter pattern matches, tested line by line", () => {
    for (const d of catalog) {
      if (d.kind !== "metric-filter" || d.source !== "cloudtrail") continue;
      const test = compileFilterPattern(d.pattern);
      for (const { report, lines } of reports) {
        const expected = lines.flatMap((text, i) => (test({ message: text, json: JSON.parse(text) }) ? [i + 1] : []));
        expect({ id: d.id, lines: report.matches.filter((m) => m.detection === d.id).map((m) => m.line) }).toEqual({ id: d.id, lines: expected });
      }
    }
  });

  test("every alarm carries evidence: at most 20 events, a count at least as large, lines the file has", () => {
    let alarms = 0;
    for (const { report, lines } of reports) {
      for (const a of report.alarms) {
        alarms++;
        expect(a.evidence.count).toBeGreaterThanOrEqual(a.evidence.events.length);
        expect(a.evidence.events.length).toBe(Math.min(20, a.evidence.count));
        for (const e of a.evidence.events) expect(e.line).toBeLessThanOrEqual(lines.length);
      }
    }
    expect(alarms).toBeGreaterThan(0);
  });
});
