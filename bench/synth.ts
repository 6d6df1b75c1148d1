/**
 * Synth benchmark (a report, not a test): generates an organization of ACCOUNTS accounts
 * (default 1,000) × 4 regions into a temp folder and measures
 *   - full synth of every stack: wall time and peak RSS,
 *   - `STACKS=<one>`: wall time,
 * both for the app alone (`tsx main.ts`, what tripline controls) and through `cdktf synth`.
 * Targets on a 2-core machine: full synth < 60 s and < 4 GB; one stack < 3 s whatever N.
 *   npm run bench:synth            ACCOUNTS=200 npm run bench:synth
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const accounts = Number(process.env.ACCOUNTS ?? 1000);
const regions = ["us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2"];
const viaCli = process.env.VIA_CLI !== "0";

function generateOrganization(dir: string): string[] {
  writeFileSync(
    join(dir, "organization.yaml"),
    `organizationId: o-bench000001\nhomeRegion: us-east-1\nregions: [${regions.join(", ")}]\ntags:\n  owner: bench\nnotifications:\n  email: [secops@example.com]\n`,
  );
  const names: string[] = [];
  for (let index = 0; index < accounts; index += 1) {
    const role = index === 0 ? "management" : index === 1 ? "log-archive" : index === 2 ? "security" : "workload";
    const name = index < 3 ? role : `workload-${String(index).padStart(5, "0")}`;
    const id = String(100000000000 + index);
    writeFileSync(join(dir, `${name}.yaml`), `name: ${name}\nid: "${id}"\nrole: ${role}\nemail: ${name}@example.com\n`);
    names.push(name);
  }
  return names;
}

interface Measurement {
  readonly seconds: number;
  readonly maxRssMb: number;
}

/** Runs a command under /usr/bin/time -v for its wall time and the peak RSS of the process tree's largest process. */
function measure(command: string, args: string[], env: Record<string, string>): Measurement {
  const started = process.hrtime.bigint();
  const run = spawnSync("/usr/bin/time", ["-v", command, ...args], {
    env: { ...process.env, ...env, CHECKPOINT_DISABLE: "1" },
    stdio: ["ignore", "ignore", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = run.stderr.toString();
  if (run.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${output}`);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const maxRssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(output)?.[1] ?? 0);
  return { seconds, maxRssMb: maxRssKb / 1024 };
}

const dir = mkdtempSync(join(tmpdir(), "tripline-bench-accounts-"));
const outdir = mkdtempSync(join(tmpdir(), "tripline-bench-out-"));
try {
  const names = generateOrganization(dir);
  const one = names[names.length - 1];
  const env = { ACCOUNTS_DIR: dir, CDKTF_OUTDIR: outdir };
  const rows: [string, Measurement][] = [
    [`app: full synth (${accounts} accounts × ${regions.length} regions)`, measure("node", ["--import", "tsx", "main.ts"], env)],
    [`app: STACKS=${one}`, measure("node", ["--import", "tsx", "main.ts"], { ...env, STACKS: one })],
  ];
  if (viaCli) {
    rows.push([`cdktf synth: full`, measure("node_modules/.bin/cdktf", ["synth", "--output", outdir], { ACCOUNTS_DIR: dir })]);
    rows.push([`cdktf synth: STACKS=${one}`, measure("node_modules/.bin/cdktf", ["synth", "--output", outdir], { ACCOUNTS_DIR: dir, STACKS: one })]);
  }
  console.log("| run | wall time (s) | peak RSS (MB) |\n| --- | ---: | ---: |");
  for (const [name, m] of rows) console.log(`| ${name} | ${m.seconds.toFixed(2)} | ${m.maxRssMb.toFixed(0)} |`);
} finally {
  rmSync(dir, { recursive: true, force: true });
  rmSync(outdir, { recursive: true, force: true });
}
