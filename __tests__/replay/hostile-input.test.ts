/**
 * Replay never loses good data to bad data (issue 10): over-long lines, gzip bombs, pipes and
 * standard input, records that are not CloudTrail, a file given twice, an empty file, times
 * before 1970; and any byte string as a log line yields an event, a skip, or (blank) nothing.
 */
import { execFileSync, spawn } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { runReplay } from "../../modules/cli/replay";
import { replayFiles } from "../../modules/replay/evaluate";
import { MAX_GZIP_RATIO } from "../../modules/replay/readers";
import { profileOf, sshFailed, unauthorized } from "./detections";
import { apiCall, jsonLines, logFile, readAll } from "./log-files";
import { io } from "./output";

const denied = (i: number, fields: Record<string, unknown> = {}) =>
  apiCall({ eventID: `d${i}`, eventTime: `2024-05-01T10:01:${String(i).padStart(2, "0")}Z`, errorCode: "AccessDenied", ...fields });
const profile = profileOf({ ...unauthorized, alarm: { ...unauthorized.alarm, threshold: 1 } });
const matchedLines = (result: Awaited<ReturnType<typeof replayFiles>>) => [...result.matches].map((m) => m.line);

describe("a line longer than the limit", () => {
  const long = `{"eventName":"x","pad":"${"a".repeat(5000)}"}`;

  test.each([
    ["JSON Lines", "long.jsonl", `${JSON.stringify(denied(1))}\n${long}\n${JSON.stringify(denied(3))}\n`, "line"],
    ['{"Records":[...]}', "long.json", `{"Records":[${JSON.stringify(denied(1))},${long},${JSON.stringify(denied(3))}]}`, "record"],
  ])("%s: is skipped at its own line, and the records after it are evaluated", async (_form, name, content, what) => {
    const file = logFile(name, content);
    const result = await replayFiles([file], profile, { maxLineBytes: 1024 });
    expect(result.skipped).toEqual([{ file, line: 2, reason: `${what} of ${Buffer.byteLength(long).toLocaleString("en-US")} bytes is longer than the 1,024-byte limit; skipped` }]);
    expect(matchedLines(result)).toEqual([1, 3]);
  });

  test("in an sshd log, also when it arrives over many chunks and the file ends inside it", async () => {
    const good = "May  1 10:03:01 host sshd[1]: Failed password for root from 192.0.2.1 port 22 ssh2";
    const file = logFile("long.log", `${good}\n${good}${" x".repeat(3_000_000)}\n${good}\n${good} tail${"y".repeat(2_000_000)}`);
    const result = await replayFiles([file], profileOf(sshFailed), { maxLineBytes: 1_000_000, referenceTime: Date.parse("2024-12-31T00:00:00Z") });
    expect(result.skipped.map((s) => [s.line, /^line of [\d,]+ bytes is longer than the 1,000,000-byte limit; skipped$/.test(s.reason)])).toEqual([
      [2, true],
      [4, true],
    ]);
    expect(matchedLines(result)).toEqual([1, 3]);
  });

  test("the default limit is 16 MiB: a 17 MiB line is skipped, the next line read", async () => {
    const file = logFile("default-limit.jsonl", `{"pad":"${"x".repeat(17 * 1024 * 1024 - 10)}"}\n${JSON.stringify(denied(2))}\n`);
    const result = await replayFiles([file], profile);
    expect(result.skipped.map((s) => [s.line, s.reason])).toEqual([[1, "line of 17,825,792 bytes is longer than the 16,777,216-byte limit; skipped"]]);
    expect(matchedLines(result)).toEqual([2]);
  });
});

test(`a gzip bomb (over ${MAX_GZIP_RATIO}:1) is stopped with a clear reason`, async () => {
  const file = logFile("bomb.jsonl.gz", gzipSync(Buffer.alloc(96 * 1024 * 1024, 0x20)));
  const result = await replayFiles([file], profile);
  expect(result.skipped).toHaveLength(1);
  expect(result.skipped[0].reason).toMatch(/^gzip bomb: more than 200 times its compressed size \([\d,]+ bytes from [\d,]+\); the rest of the file is not read$/);
  expect(result.events).toBe(0);
});

describe("standard input, named pipes, /dev/stdin", () => {
  const content = jsonLines([denied(1), denied(2)]);

  test("- reads standard input", async () => {
    const result = await replayFiles(["-"], profile, { stdin: Readable.from([Buffer.from(content.slice(0, 1)), Buffer.from(content.slice(1))]) });
    expect([result.events, matchedLines(result), result.skipped]).toEqual([2, [1, 2], []]);
  });

  test("- through the command, with --json", async () => {
    const streams = io();
    expect(await runReplay(["--json", "-"], streams, { defaultProfile: () => profile, readOptions: { stdin: Readable.from([Buffer.from(gzipSync(content))]) } })).toBe(0);
    expect(JSON.parse(streams.stdout.text).matches.map((m: { file: string; line: number }) => [m.file, m.line])).toEqual([["-", 1], ["-", 2]]);
  });

  test("a named pipe", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tripline-fifo-"));
    try {
      const fifo = join(dir, "events.fifo");
      execFileSync("mkfifo", [fifo]);
      const writer = createWriteStream(fifo);
      writer.end(content);
      const streams = io();
      expect(await runReplay(["--json", fifo], streams, { defaultProfile: () => profile })).toBe(0);
      expect(JSON.parse(streams.stdout.text).events).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("/dev/stdin of a process", async () => {
    // A shell pipe, as a user writes it (node's own child stdin is a socket, which /dev/stdin cannot reopen).
    const file = logFile("for-dev-stdin.jsonl", content);
    const main = join(__dirname, "../../modules/cli/main.ts");
    const child = spawn("sh", ["-c", 'cat "$1" | "$2" --import tsx "$3" replay --json /dev/stdin', "sh", file, process.execPath, main], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(0);
    expect(JSON.parse(out).events).toBe(2);
  }, 60_000);
});

describe("records and lines that are not CloudTrail or syslog are skipped with a reason, not counted as events", () => {
  test("JSON without eventName: a VPC flow log record, an object of something else", async () => {
    const file = logFile(
      "not-cloudtrail.jsonl",
      jsonLines([{ version: 2, "account-id": "111122223333", "interface-id": "eni-1235b8ca123456789", action: "ACCEPT" }, denied(1), { eventTime: "2024-05-01T10:00:00Z" }]),
    );
    const result = await replayFiles([file], profile);
    expect(result.events).toBe(1);
    expect(result.skipped).toEqual([
      { file, line: 1, reason: "not a CloudTrail record (no eventName and no eventTime)" },
      { file, line: 3, reason: "not a CloudTrail record (no eventName)" },
    ]);
  });

  test("Markdown and VPC flow log text", async () => {
    const file = logFile("notes.md", "Title\n=====\n\nSome *text* here.\n2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK\n");
    const result = await replayFiles([file], profile);
    expect(result.events).toBe(0);
    expect(result.skipped.map((s) => s.line)).toEqual([1, 2, 4, 5]);
    expect(new Set(result.skipped.map((s) => s.reason))).toEqual(new Set(["not a syslog line (no timestamp header such as `Mar  5 10:00:01 host sshd[1]:` or RFC 3339); not evaluated"]));
  });
});

test("the same file given twice (also through a link) is read once", async () => {
  const file = logFile("twice.jsonl", jsonLines([denied(1)]));
  const link = `${file}.link`;
  symlinkSync(file, link);
  const repeated: string[] = [];
  const result = await replayFiles([file, link, file], profile, { onRepeatedFile: (f, first) => repeated.push(`${f}=${first}`) });
  expect([result.events, matchedLines(result)]).toEqual([1, [1]]);
  expect(repeated).toEqual([`${link}=${file}`, `${file}=${file}`]);
});

test("an empty file is reported", async () => {
  const file = logFile("empty.jsonl", "");
  const gz = logFile("empty.jsonl.gz", "", { gzip: true });
  const result = await replayFiles([file, gz], profile);
  expect(result.skipped).toEqual([
    { file, line: 1, reason: "empty file; nothing to replay" },
    { file: gz, line: 1, reason: "empty file (the gzip holds nothing); nothing to replay" },
  ]);
});

test("event times before 1970 or unparseable are not placed in windows, with a reason", async () => {
  const file = logFile("old.jsonl", jsonLines([denied(1, { eventTime: "1969-12-31T23:59:59Z" }), denied(2, { eventTime: "0070-01-01T00:00:00Z" }), denied(3, { eventTime: "yesterday" })]));
  const result = await replayFiles([file], profile);
  expect(result.alarms).toEqual([]);
  expect(result.unwindowed.map((u) => [u.line, u.reason])).toEqual([
    [1, 'eventTime "1969-12-31T23:59:59Z" is before 1970'],
    [2, 'eventTime "0070-01-01T00:00:00Z" is before 1970'],
    [3, 'eventTime "yesterday" is not an RFC 3339 date-time'],
  ]);
});

describe("any byte string as a log line yields an event, a skip, or (blank) nothing, and never costs the lines around it", () => {
  const lineBytes = fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b.map((x) => (x === 0x0a ? 0x20 : x))));
  test.each([
    ["JSON Lines", JSON.stringify(denied(1)), "p.jsonl"],
    ["sshd log", "May  1 10:03:01 host sshd[1]: Failed password for root from 192.0.2.1 port 22 ssh2", "p.log"],
  ])("%s", async (_form, good, name) => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(lineBytes, async (bytes) => {
        const file = logFile(`${n++}-${name}`, Buffer.concat([Buffer.from(`${good}\n${good}\n`), bytes, Buffer.from(`\n${good}\n`)]));
        const { entries, skipped } = await readAll(file, { referenceTime: Date.parse("2024-12-31T00:00:00Z") });
        const lines = [...entries.map((e) => e.line), ...skipped.map((s) => s.line)].sort((a, b) => a - b);
        const blank = bytes.toString("utf8").trim() === "" || (bytes.length === 1 && bytes[0] === 0x0d);
        expect(lines).toEqual(blank ? [1, 2, 4] : [1, 2, 3, 4]);
        expect(entries.filter((e) => e.line !== 3).map((e) => e.line)).toEqual([1, 2, 4]);
      }),
      { numRuns: 150 },
    );
  });
});
