/**
 * How fast `tripline replay` reads CloudTrail, as a whole command, against the floor of any
 * JavaScript reader: bare `JSON.parse` of every record of the same file in one process.
 *
 *   npm run bench:replay [-- EVENTS]      (default 200,000 events)
 *
 * It builds dist/ (`npm run build`), writes EVENTS CloudTrail records taken from the corpus (each
 * with its own eventTime and eventID) to a temporary folder as JSON Lines and as an S3 object
 * `{"Records":[...]}`, then times `node dist/tripline.js replay --json FILE` (start-up and report
 * included, stdout to /dev/null) and a `node` process that JSON.parses every record. Peak RSS is
 * measured for the file and for one twice its size: it must stay flat (readers stream).
 * Goal: ≥ 50 % of JSON.parse's events/s, peak RSS < 200 MB at 1× and 2×.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { corpusRoot } from "../__tests__/corpus-path";

const EVENTS = Number(process.argv[2] ?? 200_000);
const RUNS = 3;
const ROOT = join(__dirname, "..");
const CLI = join(ROOT, "dist", "tripline.js");
const TIME = "/usr/bin/time";

/** Every CloudTrail record of the corpus (the S3 copies left out: they repeat Stratus). */
function corpusRecords(): Record<string, unknown>[] {
  const dir = join(corpusRoot(), "cloudtrail");
  return readdirSync(dir)
    .filter((name) => name.endsWith(".jsonl"))
    .flatMap((name) =>
      readFileSync(join(dir, name), "utf8")
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    );
}

/** Writes `count` records, cycling through the corpus, 50 ms apart, each with a fresh eventID. */
async function writeEvents(file: string, count: number, form: "lines" | "records"): Promise<void> {
  const records = corpusRecords();
  const out = createWriteStream(file);
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((r) => out.once("drain", () => r())));
  const start = Date.parse("2024-06-03T08:00:00Z");
  if (form === "records") await write('{"Records":[');
  for (let i = 0; i < count; i++) {
    const record = { ...records[i % records.length], eventTime: new Date(start + i * 50).toISOString().replace(".000Z", "Z"), eventID: `bench-${i}` };
    const text = JSON.stringify(record);
    await write(form === "records" ? (i === 0 ? text : `,${text}`) : `${text}\n`);
  }
  if (form === "records") await write("]}");
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

interface Run {
  readonly seconds: number;
  readonly maxRssMb: number | undefined;
  readonly status: number | null;
}

/** Runs `node ARGS` with stdout discarded; wall time and peak RSS. */
function run(args: readonly string[]): Run {
  const useTime = existsSync(TIME);
  const [command, argv] = useTime ? [TIME, ["-v", process.execPath, ...args]] : [process.execPath, ["-r", RSS_REPORTER, ...args]];
  const started = process.hrtime.bigint();
  const child = spawnSync(command, argv, { stdio: ["ignore", "ignore", "pipe"], maxBuffer: 1 << 26 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const stderr = child.stderr.toString();
  const kb = useTime ? /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1] : /maxRSS_KB=(\d+)/.exec(stderr)?.[1];
  if (child.status !== 0 && child.status !== 1) throw new Error(`node ${args.join(" ")} failed (${child.status}):\n${stderr}`);
  return { seconds, maxRssMb: kb === undefined ? undefined : Number(kb) / 1024, status: child.status };
}

const median = (runs: Run[]): Run => [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)];
const repeat = (args: readonly string[]): Run => median(Array.from({ length: RUNS }, () => run(args)));

let RSS_REPORTER = "";

function main(): Promise<void> | void {
  const dir = mkdtempSync(join(tmpdir(), "tripline-bench-replay-"));
  RSS_REPORTER = join(dir, "rss.js");
  writeFileSync(RSS_REPORTER, "process.on('exit', () => process.stderr.write('maxRSS_KB=' + process.resourceUsage().maxRSS + '\\n'));\n");
  // The floor: JSON.parse of every record, nothing else (the whole file read at once, the fastest way).
  const parseLines = join(dir, "parse-lines.js");
  writeFileSync(
    parseLines,
    "const t = require('fs').readFileSync(process.argv[2], 'utf8'); let n = 0, i = 0;\n" +
      "while (i < t.length) { let j = t.indexOf('\\n', i); if (j < 0) j = t.length; if (j > i) { JSON.parse(t.slice(i, j)); n++; } i = j + 1; }\n" +
      "if (n === 0) process.exit(3);\n",
  );
  const parseRecords = join(dir, "parse-records.js");
  writeFileSync(parseRecords, "const r = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8')).Records; if (r.length === 0) process.exit(3);\n");
  return (async () => {
    try {
      process.stdout.write("building dist/ … ");
      execFileSync("npm", ["run", "--silent", "build"], { cwd: ROOT, stdio: "inherit" });
      process.stdout.write(`writing ${EVENTS.toLocaleString("en-US")} and ${(2 * EVENTS).toLocaleString("en-US")} events … `);
      const files = {
        lines: join(dir, "events.jsonl"),
        records: join(dir, "events.json"),
        lines2x: join(dir, "events-2x.jsonl"),
        records2x: join(dir, "events-2x.json"),
      };
      await writeEvents(files.lines, EVENTS, "lines");
      await writeEvents(files.records, EVENTS, "records");
      await writeEvents(files.lines2x, 2 * EVENTS, "lines");
      await writeEvents(files.records2x, 2 * EVENTS, "records");
      process.stdout.write("done\n\n");

      const rows: string[][] = [];
      for (const [form, file, file2x, floorScript] of [
        ["JSON Lines", files.lines, files.lines2x, parseLines],
        ['{"Records":[...]}', files.records, files.records2x, parseRecords],
      ] as const) {
        const replay = repeat([CLI, "replay", "--json", file]);
        const floor = repeat([floorScript, file]);
        const replay2x = repeat([CLI, "replay", "--json", file2x]);
        const mb = statSync(file).size / 2 ** 20;
        const rate = (r: Run) => Math.round(EVENTS / r.seconds).toLocaleString("en-US");
        rows.push([
          form,
          `${mb.toFixed(0)} MB`,
          `${replay.seconds.toFixed(2)} s`,
          rate(replay),
          `${floor.seconds.toFixed(2)} s`,
          rate(floor),
          `${Math.round((100 * floor.seconds) / replay.seconds)} %`,
          replay.maxRssMb === undefined ? "?" : `${replay.maxRssMb.toFixed(0)} MB`,
          replay2x.maxRssMb === undefined ? "?" : `${replay2x.maxRssMb.toFixed(0)} MB`,
        ]);
      }
      const header = ["input", "size", "replay", "events/s", "JSON.parse", "events/s", "replay/parse", "peak RSS 1×", "peak RSS 2×"];
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
      const line = (cells: readonly string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ")} |`;
      console.log(`${EVENTS.toLocaleString("en-US")} events, median of ${RUNS} runs, whole processes (node start-up included), stdout to /dev/null`);
      console.log(line(header));
      console.log(`|${widths.map((w, i) => (i === 0 ? `:${"-".repeat(w + 1)}` : `${"-".repeat(w + 1)}:`)).join("|")}|`);
      for (const row of rows) console.log(line(row));
      console.log("\nGoal: replay/parse ≥ 50 %; peak RSS < 200 MB and the same at 1× and 2× (the JSON.parse floor holds the whole file).");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  })();
}

void main();
