/**
 * Summary benchmark (a report, not a test): `tripline summary` over a synth output of ACCOUNTS
 * stacks (default 1,000), each a copy of the trail owner's stack (the largest a tripline
 * organization has: an upper bound), alone and with `--base` against a synth output where every
 * stack changed (a threshold and a pattern per detection). Runs the built command
 * (`dist/tripline.js`, run `npm run build` first) as a user does. Target: each under 10 s.
 *   npm run bench:summary            ACCOUNTS=200 npm run bench:summary
 */
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { synthManifests } from "../__tests__/support/synth-output";
import { cloneSynthOutput } from "../__tests__/support/synthetic-synth";

const accounts = Number(process.env.ACCOUNTS ?? 1000);

interface Measurement {
  readonly seconds: number;
  /** User + system CPU time: what the run costs, whatever else the machine is doing. */
  readonly cpuSeconds: number;
  readonly maxRssMb: number;
  readonly bytes: number;
}

function measure(args: string[]): Measurement {
  const started = process.hrtime.bigint();
  const run = spawnSync("/usr/bin/time", ["-v", "node", "dist/tripline.js", "summary", ...args], { maxBuffer: 1024 * 1024 * 1024 });
  const output = run.stderr.toString();
  if (run.status !== 0) throw new Error(`tripline summary ${args.join(" ")} failed:\n${output}`);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const maxRssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(output)?.[1] ?? 0);
  const cpu = (label: string) => Number(new RegExp(`${label} time \\(seconds\\): ([\\d.]+)`).exec(output)?.[1] ?? 0);
  return { seconds, cpuSeconds: cpu("User") + cpu("System"), maxRssMb: maxRssKb / 1024, bytes: run.stdout.length };
}

if (!existsSync("dist/tripline.js")) throw new Error("run `npm run build` first");
const template = synthManifests();
const base = cloneSynthOutput(template, "management", { stacks: accounts });
const head = cloneSynthOutput(template, "management", {
  stacks: accounts,
  change: (json) => json.replace(/"threshold": 1,/g, '"threshold": 2,').replace(/\(\$\.eventName=([A-Za-z]+)\)/g, "($.eventName=$1) || ($.eventName=$1V2)"),
});
try {
  const rows: [string, Measurement][] = [
    [`summary (${accounts} stacks)`, measure(["--out", head])],
    [`summary --format json`, measure(["--out", head, "--format", "json"])],
    [`summary --base (every stack changed)`, measure(["--out", head, "--base", base])],
    [`summary --base --format json`, measure(["--out", head, "--base", base, "--format", "json"])],
  ];
  console.log("| run | wall time (s) | CPU time (s) | peak RSS (MB) | output (KB) |\n| --- | ---: | ---: | ---: | ---: |");
  for (const [name, m] of rows) console.log(`| ${name} | ${m.seconds.toFixed(2)} | ${m.cpuSeconds.toFixed(2)} | ${m.maxRssMb.toFixed(0)} | ${(m.bytes / 1024).toFixed(0)} |`);
} finally {
  for (const dir of [template, base, head]) rmSync(dir, { recursive: true, force: true });
}
