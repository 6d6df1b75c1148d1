import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runNotify } from "../../modules/cli/notify";
import { main } from "../../modules/cli/main";
import { defaultReplayProfile } from "../../modules/deployment/profile";
import { replayFiles } from "../../modules/replay/evaluate";
import { alarmEvent, firstTransitionEvent, insightAlarmEvent } from "../functions/notifier/alarm-events";
import { io } from "../replay/output";

const CORPUS = join(__dirname, "../corpus/cloudtrail");
const corpus = readdirSync(CORPUS)
  .filter((f) => f.endsWith(".jsonl"))
  .map((f) => join(CORPUS, f));

const tempFile = (name: string, content: string): string => {
  const file = join(mkdtempSync(join(tmpdir(), "notify-cli-")), name);
  writeFileSync(file, content);
  return file;
};

describe("tripline notify --dry-run over the corpus", () => {
  test("prints a message for every match, exit 0", async () => {
    const replay = await replayFiles(corpus, defaultReplayProfile());
    // Every match alerts on its own but a distinct count's, which alerts once per window (replay's alarms).
    const matches = [...replay.matches].filter((m) => replay.detections[m.detection].id !== "api-enumeration").map((m) => `${m.file}:${m.line} ${replay.detections[m.detection].id}`);
    const windows = replay.alarms.filter((a) => replay.detections[a.detection].id === "api-enumeration").map((a) => `api-enumeration window ${new Date(a.start).toISOString()} api-enumeration`);
    replay.matches.dispose();
    expect(windows.length).toBeGreaterThan(0);
    expect(matches.length).toBeGreaterThan(100);
    const streams = io();
    expect(await runNotify(["--dry-run", ...corpus], streams)).toBe(0);
    const headers = streams.stdout.text.split("\n").filter((l) => l.startsWith("=== ")).map((l) => l.slice(4).replace(/ → .*$/, ""));
    expect(headers.sort()).toEqual([...matches, ...windows].sort());
    expect(streams.stdout.text.split("\nSubject: tripline ").length - 1).toBe(matches.length + windows.length);
    expect(streams.stderr.text).toMatch(new RegExp(`^tripline notify: ${matches.length + windows.length} messages from \\d+ records`));
    // The window's alert says who: the identity that made the distinct calls.
    expect(streams.stdout.text).toMatch(/=== api-enumeration window [^\n]+\nSubject: tripline medium: One identity called 30 different APIs in 5 minutes[^\n]*\n\n[^\n]+\n\nWhat: {2}30 distinct eventSource:eventName within 300 s\nWho: {3}arn:aws:/);
  });

  test("--format slack prints one JSON document per match", async () => {
    const streams = io();
    expect(await runNotify(["--dry-run", "--format", "slack", join(CORPUS, "panther-scenario-compromised-root.jsonl")], streams)).toBe(0);
    const documents = streams.stdout.text.split(/\n(?=\{)/).map((d) => JSON.parse(d) as { text: string; blocks: unknown[] });
    expect(documents.length).toBeGreaterThan(0);
    for (const d of documents) expect(d.blocks.length).toBeGreaterThan(3);
  });
});

describe("alarm state-change events", () => {
  test("a metric, a metric-math (Contributor Insights) and a first-transition event each render", async () => {
    const file = tempFile("alarms.jsonl", [alarmEvent("tripline-root-account-usage"), insightAlarmEvent("tripline-console-brute-force"), firstTransitionEvent("tripline-unauthorized-api-calls")].map((e) => JSON.stringify(e)).join("\n"));
    const streams = io();
    expect(await runNotify(["--dry-run", file], streams)).toBe(0);
    expect(streams.stdout.text).toContain(`=== ${file}:1 root-account-usage`);
    expect(streams.stdout.text).toContain(`=== ${file}:2 console-brute-force`);
    expect(streams.stdout.text).toContain(`=== ${file}:3 unauthorized-api-calls`);
    expect(streams.stdout.text).toContain("Alarm: tripline-console-brute-force, window 2024-05-01T10:00:00Z to 2024-05-01T10:01:00Z");
    expect(streams.stderr.text).toBe("tripline notify: 3 messages from 3 bus events\n");
  });

  test("one event on standard input, as the Teams Workflows envelope", async () => {
    const streams = io();
    const code = await runNotify(["--dry-run", "--format=teams", "-"], streams, { stdin: () => Buffer.from(JSON.stringify(alarmEvent("tripline-root-account-usage"))) });
    expect(code).toBe(0);
    const teams = JSON.parse(streams.stdout.text) as { type: string; attachments: { contentType: string }[] };
    expect(teams.type).toBe("message");
    expect(teams.attachments[0].contentType).toBe("application/vnd.microsoft.card.adaptive");
  });
});

test("--accounts: the organization's account names, time zone and routing", async () => {
  const file = tempFile("root.jsonl", `${JSON.stringify({ eventVersion: "1.08", eventID: "e-1", eventTime: "2024-05-01T10:00:00Z", eventName: "ListBuckets", eventSource: "s3.amazonaws.com", eventType: "AwsApiCall", awsRegion: "us-east-1", recipientAccountId: "444444444444", userIdentity: { type: "Root", arn: "arn:aws:iam::444444444444:root", accountId: "444444444444" } })}\n`);
  const streams = io();
  expect(await runNotify(["--dry-run", "--accounts", join(__dirname, "../../accounts"), file], streams)).toBe(0);
  expect(streams.stdout.text).toContain(`=== ${file}:1 root-account-usage → email, slack, teams, soc`);
  expect(streams.stdout.text).toContain("Where: account 444444444444 (payments-prod), us-east-1");
  expect(streams.stdout.text).toMatch(/When: {2}2024-05-01 10:00:00 UTC \/ 2024-05-01 11:00:00 (GMT\+1|IST)/);
});

test("records no detection matches send nothing: skipped, counted", async () => {
  const file = tempFile("quiet.jsonl", `${JSON.stringify({ eventVersion: "1.08", eventID: "q", eventName: "DescribeInstances", eventSource: "ec2.amazonaws.com", eventType: "AwsApiCall", userIdentity: { type: "IAMUser", arn: "arn:aws:iam::1:user/a" } })}\n`);
  const streams = io();
  expect(await runNotify(["--dry-run", file], streams)).toBe(0);
  expect(streams.stdout.text).toBe("");
  expect(streams.stderr.text).toMatch(/^tripline notify: 0 messages from 1 records \(0 detection matches; records no detection matches send nothing/);
});

test.each([
  [["trail.jsonl"], "tripline notify: only --dry-run is offered: the notifier itself sends from AWS, this command shows what it would send"],
  [["--dry-run"], "tripline notify: no files given"],
  [["--dry-run", "--format"], "tripline notify: --format needs a format (text, slack, teams, webhook, json), e.g. --format slack"],
  [["--dry-run", "--format", "html", "x"], 'tripline notify: --format "html" is not one of text, slack, teams, webhook, json'],
  [["--dry-run", "--verbose", "x"], 'tripline notify: unknown option "--verbose"; notify takes --dry-run, --accounts DIR and --format FORMAT'],
])("%j → exit 1 with the reason and the usage", async (argv, message) => {
  const streams = io();
  expect(await runNotify(argv, streams)).toBe(1);
  expect(streams.stderr.text).toBe(`${message}\nusage: tripline notify --dry-run [--accounts DIR] [--format text|slack|teams|webhook|json] FILE...\n`);
});

test("a missing file and an invalid manifest folder are the user's mistakes: exit 1", async () => {
  const missing = io();
  expect(await runNotify(["--dry-run", "/nonexistent/trail.jsonl"], missing)).toBe(1);
  expect(missing.stderr.text).toBe("/nonexistent/trail.jsonl: no such file\n");
  const bad = io();
  expect(await runNotify(["--dry-run", "--accounts", "/nonexistent-folder", corpus[0]], bad)).toBe(1);
  expect(bad.stderr.text).toContain("/nonexistent-folder: no such folder");
});

test("tripline notify --help through main, exit 0", async () => {
  const streams = io();
  expect(await main(["notify", "--help"], streams)).toBe(0);
  expect(streams.stdout.text).toContain("usage: tripline notify --dry-run");
});
