/**
 * How fast `tripline replay` reads, as a whole command, against the floor of any JavaScript
 * reader of the same file measured side by side in the same run: `readline` + `JSON.parse` of
 * every line in one thread (for sshd text, `readline` alone).
 *
 *   npm run bench:replay [-- EVENTS]      (default 200,000 events)
 *
 * It builds dist/ (`npm run build`) and writes to a temporary folder:
 * - EVENTS realistic CloudTrail records as JSON Lines (and a file twice that size): records of the
 *   corpus that no detection matches, with about 2 % that match one, each with its own eventTime
 *   (50 ms apart) and eventID;
 * - the same records as one S3 object `{"Records":[...]}` (read by one thread: it cannot be split);
 * - 1,000,000 sshd lines (the corpus's auth logs, cycled);
 * - a JSON Lines file with one 200 MB line between two records (issue 10: memory is bounded by
 *   the line limit, and the record after it is evaluated).
 * Then it times `node dist/tripline.js replay --json [--workers N] FILE` (start-up and report
 * included, stdout to /dev/null) against the floor, median of RUNS runs, interleaved so that load
 * from other processes falls on both alike. Reported: replay/floor ratios with 1 and 2 worker
 * threads, the speed-up from 1 to 2, and peak RSS at 1× and 2× the file.
 * Goals: replay/floor ≥ 100 % (every detection evaluated, every malformed line reported); peak
 * RSS < 200 MB and flat from 1× to 2×.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { catalog } from "../modules/catalog";
import { DEFAULT_SCHEDULE } from "../modules/deployment/profile";
import { ReplayEvaluator } from "../modules/replay/evaluate";
import { cloudTrailTime } from "../modules/engines/windows/event-time";
import { corpusRoot } from "../__tests__/corpus-path";

const EVENTS = Number(process.argv[2] ?? 200_000);
const SSH_LINES = 1_000_000;
const POSITIVE_EVERY = 50; // 2 %
const RUNS = 3;
const ROOT = join(__dirname, "..");
const CLI = join(ROOT, "dist", "tripline.js");
const TIME = "/usr/bin/time";

/** Corpus records split by whether any detection of the catalog lists them as a match on their own. */
function corpusRecords(): { positives: Record<string, unknown>[]; negatives: Record<string, unknown>[] } {
  const dir = join(corpusRoot(), "cloudtrail");
  const records = readdirSync(dir)
    .filter((name) => name.endsWith(".jsonl"))
    .flatMap((name) =>
      readFileSync(join(dir, name), "utf8")
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    );
  const positives: Record<string, unknown>[] = [];
  const negatives: Record<string, unknown>[] = [];
  for (const record of records) {
    const evaluator = new ReplayEvaluator({ detections: catalog, schedule: DEFAULT_SCHEDULE });
    evaluator.entry({ file: "x", line: 1, text: JSON.stringify(record), record, time: cloudTrailTime(record) });
    (evaluator.finish().matches.length > 0 ? positives : negatives).push(record);
  }
  return { positives, negatives };
}

async function writeFileFrom(file: string, count: number, lineOf: (i: number) => string, open = "", close = ""): Promise<void> {
  const out = createWriteStream(file);
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((r) => out.once("drain", () => r())));
  await write(open);
  for (let i = 0; i < count; i++) await write(lineOf(i));
  await write(close);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

/** `count` records, 1 in POSITIVE_EVERY a positive, 50 ms apart, each with a fresh eventID. */
function recordAt(sets: ReturnType<typeof corpusRecords>): (i: number) => string {
  const start = Date.parse("2024-06-03T08:00:00Z");
  return (i) => {
    const from = i % POSITIVE_EVERY === POSITIVE_EVERY - 1 ? sets.positives[Math.floor(i / POSITIVE_EVERY) % sets.positives.length] : sets.negatives[i % sets.negatives.length];
    return JSON.stringify({ ...from, eventTime: new Date(start + i * 50).toISOString().replace(".000Z", "Z"), eventID: `bench-${i}` });
  };
}

function sshLines(): string[] {
  const dir = join(corpusRoot(), "ssh");
  return ["elastic-examples-ubuntu-auth.log", "beats-secure-rhel7.log"].flatMap((name) =>
    readFileSync(join(dir, name), "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "" && !line.startsWith("#")),
  );
}

interface Run {
  readonly seconds: number;
  readonly maxRssMb: number | undefined;
}

let RSS_REPORTER = "";

/** Runs `node ARGS` with stdout discarded; wall time and peak RSS (the whole process, every thread). */
function run(args: readonly string[]): Run {
  const useTime = existsSync(TIME);
  const [command, argv] = useTime ? [TIME, ["-v", process.execPath, ...args]] : [process.execPath, ["-r", RSS_REPORTER, ...args]];
  const started = process.hrtime.bigint();
  const child = spawnSync(command, argv, { stdio: ["ignore", "ignore", "pipe"], maxBuffer: 1 << 26 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const stderr = child.stderr.toString();
  const kb = useTime ? /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1] : /maxRSS_KB=(\d+)/.exec(stderr)?.[1];
  if (child.status !== 0 && child.status !== 1) throw new Error(`node ${args.join(" ")} failed (${child.status}):\n${stderr}`);
  return { seconds, maxRssMb: kb === undefined ? undefined : Number(kb) / 1024 };
}

const median = (runs: Run[]): Run => [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)];

/** Each command RUNS times, interleaved (a, b, c, a, b, c, …), the median of each. */
function sideBySide(commands: readonly (readonly string[])[]): Run[] {
  const runs: Run[][] = commands.map(() => []);
  for (let r = 0; r < RUNS; r++) commands.forEach((args, i) => runs[i].push(run(args)));
  return runs.map(median);
}

const pct = (floor: Run, replay: Run) => `${Math.round((100 * floor.seconds) / replay.seconds)} %`;
const secs = (r: Run) => `${r.seconds.toFixed(2)} s`;
const rss = (r: Run) => (r.maxRssMb === undefined ? "?" : `${r.maxRssMb.toFixed(0)} MB`);

function table(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i === 0 ? `:${"-".repeat(w + 1)}` : `${"-".repeat(w + 1)}:`)).join("|")}|`);
  for (const row of rows) console.log(line(row));
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "tripline-bench-replay-"));
  RSS_REPORTER = join(dir, "rss.js");
  writeFileSync(RSS_REPORTER, "process.on('exit', () => process.stderr.write('maxRSS_KB=' + process.resourceUsage().maxRSS + '\\n'));\n");
  // The floor: readline and JSON.parse of every line, in one thread, nothing else.
  const parseLines = join(dir, "parse-lines.js");
  writeFileSync(
    parseLines,
    "const rl = require('readline').createInterface({ input: require('fs').createReadStream(process.argv[2]), crlfDelay: Infinity });\n" +
      "let n = 0; rl.on('line', (l) => { if (l.length > 0) { JSON.parse(l); n++; } }); rl.on('close', () => { if (n === 0) process.exit(3); });\n",
  );
  const readLines = join(dir, "read-lines.js");
  writeFileSync(
    readLines,
    "const rl = require('readline').createInterface({ input: require('fs').createReadStream(process.argv[2]), crlfDelay: Infinity });\n" +
      "let n = 0; rl.on('line', () => { n++; }); rl.on('close', () => { if (n === 0) process.exit(3); });\n",
  );
  const parseRecords = join(dir, "parse-records.js");
  writeFileSync(parseRecords, "const r = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8')).Records; if (r.length === 0) process.exit(3);\n");
  try {
    process.stdout.write("building dist/ … ");
    execFileSync("npm", ["run", "--silent", "build"], { cwd: ROOT, stdio: "inherit" });
    process.stdout.write("writing the files … ");
    const sets = corpusRecords();
    const lineOf = recordAt(sets);
    const files = {
      lines: join(dir, "events.jsonl"),
      lines2x: join(dir, "events-2x.jsonl"),
      records: join(dir, "events.json"),
      ssh: join(dir, "auth.log"),
      longLine: join(dir, "long-line.jsonl"),
    };
    await writeFileFrom(files.lines, EVENTS, (i) => `${lineOf(i)}\n`);
    await writeFileFrom(files.lines2x, 2 * EVENTS, (i) => `${lineOf(i)}\n`);
    await writeFileFrom(files.records, EVENTS, (i) => (i === 0 ? lineOf(i) : `,${lineOf(i)}`), '{"Records":[', "]}");
    const ssh = sshLines();
    await writeFileFrom(files.ssh, SSH_LINES, (i) => `${ssh[i % ssh.length]}\n`);
    const filler = `{"eventName":"x","pad":"${"a".repeat(1 << 20)}`;
    await writeFileFrom(files.longLine, 202, (i) => (i === 0 ? `${lineOf(0)}\n` : i === 201 ? `"}\n${lineOf(1)}\n` : i === 1 ? filler : "a".repeat(1 << 20)));
    console.log(`done (${sets.positives.length} positive and ${sets.negatives.length} negative corpus records)\n`);
    const [load1] = loadavg();
    console.log(`${cpus().length} cores, load average ${load1.toFixed(1)} at the start: other processes share the machine, so compare ratios (measured side by side), not seconds.\n`);

    const replay = (file: string, workers: number) => [CLI, "replay", "--json", "--workers", String(workers), file];
    const [floor, one, two] = sideBySide([[parseLines, files.lines], replay(files.lines, 1), replay(files.lines, 2)]);
    const [one2x, two2x] = sideBySide([replay(files.lines2x, 1), replay(files.lines2x, 2)]);
    const [floorRecords, records] = sideBySide([[parseRecords, files.records], replay(files.records, 1)]);
    const [floorSsh, sshOne, sshTwo] = sideBySide([[readLines, files.ssh], replay(files.ssh, 1), replay(files.ssh, 2)]);
    const long = run(replay(files.longLine, 1));
    const mb = (file: string) => `${(statSync(file).size / 2 ** 20).toFixed(0)} MB`;

    console.log(`${EVENTS.toLocaleString("en-US")} records (~${100 / POSITIVE_EVERY} % positives), median of ${RUNS} interleaved runs, whole processes (node start-up included), stdout to /dev/null`);
    table(
      ["input", "size", "floor", "replay 1 thread", "1 thread/floor", "replay 2 threads", "2 threads/floor", "speed-up 1→2", "peak RSS 1×", "peak RSS 2×"],
      [
        ["JSON Lines (floor: readline + JSON.parse)", mb(files.lines), secs(floor), secs(one), pct(floor, one), secs(two), pct(floor, two), `${(one.seconds / two.seconds).toFixed(2)}×`, `${rss(one)} / ${rss(two)}`, `${rss(one2x)} / ${rss(two2x)}`],
        ['{"Records":[...]} (floor: JSON.parse of the file)', mb(files.records), secs(floorRecords), secs(records), pct(floorRecords, records), "–", "–", "–", rss(records), "–"],
        [`sshd, ${SSH_LINES.toLocaleString("en-US")} lines (floor: readline)`, mb(files.ssh), secs(floorSsh), secs(sshOne), pct(floorSsh, sshOne), secs(sshTwo), pct(floorSsh, sshTwo), `${(sshOne.seconds / sshTwo.seconds).toFixed(2)}×`, `${rss(sshOne)} / ${rss(sshTwo)}`, "–"],
      ],
    );
    console.log("(peak RSS: 1 thread / 2 threads)\n");
    console.log(`A 200 MB line between two records (${mb(files.longLine)}): replay ${secs(long)}, peak RSS ${rss(long)} (the line is reported and skipped; the limit is 16 MiB).`);
    console.log("\nGoals: replay/floor ≥ 100 %; peak RSS < 200 MB and about the same at 1× and 2×.");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
