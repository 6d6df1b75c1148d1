import { runReplay } from "../../modules/cli/replay";
import { UserInputError } from "../../modules/manifest/problem";
import { profileOf, unauthorized } from "./detections";
import { apiCall, jsonLines, logFile } from "./log-files";
import { Writable } from "node:stream";
import { io, Output } from "./output";

const deps = { defaultProfile: () => profileOf(unauthorized) };
const clean = () => logFile("clean.jsonl", jsonLines([apiCall({ errorCode: "AccessDenied", eventID: "x" })]));

describe("tripline replay: options", () => {
  test.each([
    [["--verbose", "x.jsonl"], 'tripline replay: unknown option "--verbose"; replay takes --accounts DIR, --json and --workers N'],
    [[], "tripline replay: no log files given"],
    [["--json"], "tripline replay: no log files given"],
    [["--accounts"], "tripline replay: --accounts needs a directory, e.g. --accounts accounts"],
    [["--accounts", "--json", "x"], "tripline replay: --accounts needs a directory, e.g. --accounts accounts"],
    [["--accounts=a", "--accounts", "b", "x"], "tripline replay: --accounts is given twice"],
  ])("%j → exit 1 with a clear message and the usage", async (argv, message) => {
    const streams = io();
    expect(await runReplay(argv, streams, deps)).toBe(1);
    expect(streams.stderr.text).toBe(`${message}\nusage: tripline replay [--accounts DIR] [--json] [--workers N] FILE...\n`);
    expect(streams.stdout.text).toBe("");
  });

  test("--help prints the usage, exit 0", async () => {
    const streams = io();
    expect(await runReplay(["--help"], streams, deps)).toBe(0);
    expect(streams.stdout.text).toContain("usage: tripline replay");
  });

  test("a file after -- may start with a dash", async () => {
    const streams = io();
    expect(await runReplay(["--", "-odd-name.jsonl"], streams, deps)).toBe(1);
    expect(streams.stderr.text).toBe("-odd-name.jsonl: no such file\n");
  });
});

describe("tripline replay: files and exit codes", () => {
  test("every missing or unreadable file is named, exit 1, nothing evaluated", async () => {
    const streams = io();
    expect(await runReplay([clean(), "nope.jsonl", "/nonexistent/x.log.gz", __dirname], streams, deps)).toBe(1);
    expect(streams.stderr.text).toBe(
      `nope.jsonl: no such file\n/nonexistent/x.log.gz: no such file\n${__dirname}: is a directory, not a log file\n`,
    );
    expect(streams.stdout.text).toBe("");
  });

  test("exit 0 when every line was evaluated; the text summary by default", async () => {
    const streams = io();
    expect(await runReplay([clean()], streams, deps)).toBe(0);
    expect(streams.stdout.text).toMatch(/^Replayed 1 event from 1 file: 1 match, 0 alarms, 0 lines skipped\./);
    expect(streams.stderr.text).toBe("");
  });

  test("exit 1 when a line was skipped, and the report still printed", async () => {
    const file = logFile("skip.jsonl", `${JSON.stringify(apiCall())}\n{"truncated": \n`);
    const streams = io();
    expect(await runReplay(["--json", file], streams, deps)).toBe(1);
    const report = JSON.parse(streams.stdout.text);
    expect(report.events).toBe(1);
    expect(report.skipped).toEqual([{ file, line: 2, reason: "invalid JSON" }]);
  });

  test("a stray first line before JSON Lines records: the records are evaluated, the line reported, exit 1", async () => {
    const file = logFile("stray.jsonl", `garbage\n${jsonLines(["a", "b", "c"].map((eventID) => apiCall({ errorCode: "AccessDenied", eventID })))}`);
    const streams = io();
    expect(await runReplay(["--json", file], streams, deps)).toBe(1);
    const report = JSON.parse(streams.stdout.text);
    expect(report.events).toBe(3);
    expect(report.matches.map((m: { line: number }) => m.line)).toEqual([2, 3, 4]);
    expect(report.skipped).toEqual([{ file, line: 1, reason: "invalid JSON" }]);
  });

  test("--json prints one JSON object and notes matches that have no usable time on stderr", async () => {
    const file = logFile("no-time.jsonl", jsonLines([apiCall({ errorCode: "AccessDenied", eventTime: undefined })]));
    const streams = io();
    expect(await runReplay([file, "--json"], streams, deps)).toBe(0);
    expect(JSON.parse(streams.stdout.text).matches).toHaveLength(1);
    expect(streams.stderr.text).toBe(`note: 1 matched event has no usable time and was not placed in alarm windows: ${file}:1\n`);
  });

  test("no progress line when stderr is not a terminal", async () => {
    const streams = io({ isTTY: false });
    await runReplay([clean()], streams, deps);
    expect(streams.stderr.text).toBe("");
  });
});

describe("tripline replay --accounts", () => {
  test("evaluates what the injected loader returns for the folder", async () => {
    const loadProfile = jest.fn(() => profileOf());
    const streams = io();
    expect(await runReplay(["--accounts", "accounts", "--json", clean()], streams, { loadProfile })).toBe(0);
    expect(loadProfile).toHaveBeenCalledWith("accounts");
    expect(JSON.parse(streams.stdout.text).matches).toEqual([]);
  });

  test("a manifest problem is the user's: exit 1, the problem, no trace", async () => {
    const loadProfile = () => {
      throw new UserInputError([{ file: "accounts/prod.yaml", line: 3, col: 1, field: "regions[0]", message: '"us-mars-1" is not an AWS region' }]);
    };
    const streams = io();
    expect(await runReplay(["--accounts=accounts", clean()], streams, { loadProfile })).toBe(1);
    expect(streams.stderr.text).toBe('accounts/prod.yaml:3:1 regions[0]: "us-mars-1" is not an AWS region\n');
  });

  test("without a wired loader it is our bug: exit 2 with a trace", async () => {
    const streams = io();
    expect(await runReplay(["--accounts", "accounts", clean()], streams)).toBe(2);
    expect(streams.stderr.text).toMatch(/^tripline replay: internal error.*\nError: runReplay: --accounts needs deps.loadProfile.*\n\s+at /s);
  });
});

describe("tripline replay: a reader that goes away", () => {
  test("a closed pipe (| head) ends the output quietly with the replay's exit code", async () => {
    const closedPipe = new Writable({
      highWaterMark: 1,
      write: (_chunk, _encoding, done) => done(Object.assign(new Error("write EPIPE"), { code: "EPIPE" })),
    });
    const stderr = new Output();
    expect(await runReplay(["--json", clean()], { stdout: closedPipe, stderr }, deps)).toBe(0);
    expect(stderr.text).toBe("");
  });
});

describe("tripline replay: our own bugs", () => {
  test("exit 2 with the stack trace", async () => {
    const streams = io();
    const broken = () => {
      throw new TypeError("boom");
    };
    expect(await runReplay([clean()], streams, { defaultProfile: broken })).toBe(2);
    expect(streams.stderr.text).toMatch(/internal error[\s\S]*TypeError: boom\n\s+at /);
  });
});
