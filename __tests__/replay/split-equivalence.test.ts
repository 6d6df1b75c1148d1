/**
 * Worker threads over byte ranges (`replay/workers.ts`) must not change a replay's result: the
 * report of a file read by several threads is byte for byte the report of one thread reading it
 * whole (the full parse of every line). Property over generated files (any field order, escaped
 * quotes, unicode escapes, duplicate keys, malformed and blank lines, windows that straddle the
 * split points) and over the corpus.
 */
import { readdirSync } from "node:fs";
import fc from "fast-check";
import { catalog } from "../../modules/catalog";
import { replayFiles } from "../../modules/replay/evaluate";
import { DEFAULT_SCHEDULE, type ReplayProfile } from "../../modules/deployment/profile";
import { formatTextSummary, writeJsonReport } from "../../modules/replay/report";
import { corpusPath } from "../corpus-path";
import { bruteForce, enumeration, minuteAlarm, offHours, profileOf, sshFailed, trailStopped, unauthorized } from "./detections";
import { logFile } from "./log-files";
import { Output } from "./output";

async function report(files: string[], profile: ReplayProfile, workers: number): Promise<string> {
  const result = await replayFiles(files, profile, { workers, minSplitBytes: 0, referenceTime: Date.parse("2024-12-31T00:00:00Z") });
  const out = new Output();
  await writeJsonReport(result, out);
  const text = `${out.text}\n${formatTextSummary(result, files)}`;
  result.matches.dispose();
  return text;
}

/** JSON text of a value with the given choices: key order, escapes, a duplicate key before the real one. */
function serialize(value: unknown, choices: { shuffle: number[]; escape: boolean[]; duplicate: boolean }, depth = 0): string {
  let n = 0;
  const next = <T>(list: T[], fallback: T): T => (list.length === 0 ? fallback : list[n++ % list.length]);
  const str = (s: string): string =>
    `"${[...s]
      .map((c) => {
        if (c === '"' || c === "\\") return `\\${c}`;
        const code = c.charCodeAt(0);
        if (code < 0x20 || next(choices.escape, false)) return `\\u${code.toString(16).padStart(4, "0")}`;
        return c;
      })
      .join("")}"`;
  const walk = (v: unknown, d: number): string => {
    if (typeof v === "string") return str(v);
    if (v === null || typeof v !== "object") return JSON.stringify(v);
    if (Array.isArray(v)) return `[${v.map((x) => walk(x, d + 1)).join(",")}]`;
    const entries = Object.entries(v);
    const order = entries.map((_, i) => i).sort((a, b) => next(choices.shuffle, 0) % 3 - 1 || a - b);
    const parts = order.map((i) => `${str(entries[i][0])}:${walk(entries[i][1], d + 1)}`);
    // JSON.parse keeps the last of duplicate keys: a decoy first must change nothing.
    if (d === 0 && choices.duplicate) parts.unshift(`"eventName":"Decoy","userIdentity":{"arn":"arn:decoy"}`);
    return `{${parts.join(",")}}`;
  };
  return walk(value, depth);
}

const NAMES = ["DescribeInstances", "DescribeVpcs", "ListUsers", "GetObject", "StopLogging", "ConsoleLogin", "Describe\"Quoted\"", "ListÜnicode"];
const ARNS = ["arn:aws:iam::111122223333:user/alice", "arn:aws:iam::111122223333:user/bob\"o", "arn:aws:sts::111122223333:assumed-role/r/é"];

const record = fc.record({
  name: fc.constantFrom(...NAMES),
  arn: fc.constantFrom(...ARNS),
  // Seconds around 10:04:58–10:05:02 and 18:00: windows and periods straddle wherever the file is split.
  second: fc.oneof(fc.integer({ min: 290, max: 310 }), fc.integer({ min: 0, max: 40_000 })),
  error: fc.constantFrom(undefined, "AccessDenied", "Client.UnauthorizedOperation"),
  login: fc.constantFrom("Success", "Failure"),
  ip: fc.constantFrom("198.51.100.7", "203.0.113.9"),
  source: fc.constantFrom("ec2.amazonaws.com", "cloudtrail.amazonaws.com"),
  form: fc.constantFrom("record", "record", "record", "record", "malformed", "blank", "not-cloudtrail"),
  shuffle: fc.array(fc.nat(), { maxLength: 5 }),
  escape: fc.array(fc.boolean(), { maxLength: 7 }),
  duplicate: fc.boolean(),
});

function line(r: Record<string, unknown>, i: number): string {
  const x = r as { name: string; arn: string; second: number; error?: string; login: string; ip: string; source: string; form: string; shuffle: number[]; escape: boolean[]; duplicate: boolean };
  if (x.form === "malformed") return `{"eventName":"${x.name}", oops ${i}`;
  if (x.form === "blank") return "   ";
  if (x.form === "not-cloudtrail") return JSON.stringify({ version: 2, "interface-id": `eni-${i}` });
  const eventTime = new Date(Date.parse("2024-05-04T10:00:00Z") + x.second * 1000).toISOString().replace(".000Z", "Z");
  const rec: Record<string, unknown> = {
    eventVersion: "1.08",
    userIdentity: { type: "IAMUser", arn: x.arn },
    eventTime,
    eventSource: x.name === "ConsoleLogin" ? "signin.amazonaws.com" : x.source,
    eventName: x.name,
    eventType: x.name === "ConsoleLogin" ? "AwsConsoleSignIn" : "AwsApiCall",
    sourceIPAddress: x.ip,
    eventID: `e${i}`,
    ...(x.error !== undefined ? { errorCode: x.error } : {}),
    ...(x.name === "ConsoleLogin" ? { responseElements: { ConsoleLogin: x.login } } : {}),
  };
  return serialize(rec, { shuffle: x.shuffle, escape: x.escape, duplicate: x.duplicate });
}

const generatedProfile = profileOf({ ...unauthorized, alarm: minuteAlarm(2) }, bruteForce, enumeration, offHours, trailStopped);

test("generated JSON Lines: 3 threads give byte for byte the report of 1", async () => {
  let n = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(record, { minLength: 1, maxLength: 120 }), fc.constantFrom("\n", "\r\n"), async (records, eol) => {
      const text = `${records.map((r, i) => line(r as unknown as Record<string, unknown>, i)).join(eol)}${eol}`;
      const file = logFile(`gen-${n++}.jsonl`, text);
      expect(await report([file], generatedProfile, 3)).toBe(await report([file], generatedProfile, 1));
    }),
    { numRuns: 12 },
  );
}, 300_000);

test("generated sshd logs: 3 threads give byte for byte the report of 1", async () => {
  let n = 0;
  const sshLine = fc.record({ second: fc.integer({ min: 0, max: 400 }), user: fc.constantFrom("root", "admin", "x y"), kind: fc.integer({ min: 0, max: 3 }) });
  await fc.assert(
    fc.asyncProperty(fc.array(sshLine, { minLength: 1, maxLength: 200 }), async (lines) => {
      const text = lines
        .map(({ second, user, kind }) => {
          const stamp = `May  1 10:${String(Math.floor(second / 60)).padStart(2, "0")}:${String(second % 60).padStart(2, "0")}`;
          return kind === 0 ? "# a comment" : kind === 1 ? `${stamp} host sshd[1]: Accepted password for ${user}` : `${stamp} host sshd[1]: Failed password for ${user} from 192.0.2.1 port 22 ssh2`;
        })
        .join("\n");
      const file = logFile(`gen-${n++}.log`, text);
      expect(await report([file], profileOf(sshFailed), 3)).toBe(await report([file], profileOf(sshFailed), 1));
    }),
    { numRuns: 8 },
  );
}, 300_000);

test("every corpus file of lines: 3 threads give byte for byte the report of 1, with the whole catalog", async () => {
  const profile = { detections: catalog, schedule: DEFAULT_SCHEDULE };
  const files = [
    ...readdirSync(corpusPath("cloudtrail")).filter((f) => f.endsWith(".jsonl")).map((f) => corpusPath("cloudtrail", f)),
    ...readdirSync(corpusPath("ssh")).filter((f) => f.endsWith(".log")).map((f) => corpusPath("ssh", f)),
  ];
  expect(await report(files, profile, 3)).toBe(await report(files, profile, 1));
}, 300_000);
