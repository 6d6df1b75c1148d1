/**
 * `tripline hunt [--engine duckdb|athena] [--accounts DIR] [--since T] [--until T]
 * [--detections ids] [--json] [--sql] SOURCE...`: the catalog as SQL. DuckDB (default) reads local
 * files; Athena reads the deployed CloudTrail table (SOURCE: `database.table`). `--json` prints the
 * replay report (docs/design.md contract 5); `--sql` prints the compiled statements instead of
 * running them. Refused detections are listed on stderr with the reason.
 */
import { defaultReplayProfile, type ReplayProfile } from "../deployment/profile";
import { EXIT, UserInputError } from "../manifest/problem";
import { AthenaQueryError } from "../hunt/athena-client";
import { compileHuntPlan } from "../hunt/compile-detection";
import type { HuntPlan } from "../hunt/ir";
import { prepareLocalFiles } from "../hunt/local-files";
// The engines and the SDK load only when a hunt runs (`tripline`'s start-up counts: docs/design.md "Facts that shape the code").
const loadDuckdb = () => import("../hunt/run-duckdb");
const loadAthena = async () => ({ ...(await import("../hunt/run-athena")), ...(await import("../hunt/athena-client")) });
import { athenaPlan, athenaStatements } from "../hunt/run-athena";
import type { HuntReport } from "../hunt/hunt-report";
import type { CommandIo } from "./io";
import { ACCOUNTS_OPTION, readCommandLine, type CommandSpec, type FlagOption, type ValueOption } from "./options";

const value = (valueName: string, what: string, example: string): ValueOption => ({ type: "value", valueName, what, example });
const flag: FlagOption = { type: "flag" };

export const HUNT_COMMAND: CommandSpec<{
  engine: ValueOption;
  accounts: ValueOption;
  since: ValueOption;
  until: ValueOption;
  detections: ValueOption;
  json: FlagOption;
  sql: FlagOption;
  workgroup: ValueOption;
  "account-ids": ValueOption;
  regions: ValueOption;
}> = {
  name: "hunt",
  usage: "usage: tripline hunt [--engine duckdb|athena] [--accounts DIR] [--since T] [--until T] [--detections ids] [--json] [--sql] SOURCE...",
  options: {
    engine: value("duckdb|athena", "an engine", "--engine athena"),
    accounts: ACCOUNTS_OPTION,
    since: value("T", "a date or ISO 8601 time", "--since 2024-05-01"),
    until: value("T", "a date or ISO 8601 time", "--until 2024-06-01"),
    detections: value("ids", "detection ids, comma-separated", "--detections root-account-usage,api-enumeration"),
    json: flag,
    sql: flag,
    workgroup: value("NAME", "an Athena workgroup", "--workgroup tripline-hunt"),
    "account-ids": value("IDS", "account ids, comma-separated", "--account-ids 111111111111"),
    regions: value("REGIONS", "Regions, comma-separated", "--regions us-east-1,eu-west-1"),
  },
  operands: { missing: "no source given (log files, or database.table with --engine athena)" },
};

export interface HuntDependencies {
  readonly loadProfile: (dir: string) => ReplayProfile | Promise<ReplayProfile>;
}

const DAY_MS = 86_400_000;

/** A wrong option or argument: printed with the usage line, exit 1. */
class HuntOptionError extends Error {}

function timeOption(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new HuntOptionError(`--${name} ${JSON.stringify(value)} is not a date or ISO 8601 time`);
  return t;
}

const list = (value: string | undefined): string[] => (value === undefined ? [] : value.split(",").map((s) => s.trim()).filter((s) => s.length > 0));

export async function runHunt(argv: readonly string[], io: CommandIo, deps: HuntDependencies): Promise<number> {
  const line = readCommandLine(HUNT_COMMAND, argv, io);
  if (typeof line === "number") return line;
  const values = line.options;
  const positional = line.operands;
  try {
    const engine = values.engine ?? "duckdb";
    if (engine !== "duckdb" && engine !== "athena") throw new HuntOptionError(`--engine must be duckdb or athena, not ${JSON.stringify(engine)}`);
    const profile = values.accounts !== undefined ? await deps.loadProfile(values.accounts) : defaultReplayProfile();
    const wanted = list(values.detections);
    const unknown = wanted.filter((id) => !profile.detections.some((d) => d.id === id));
    if (unknown.length > 0) throw new HuntOptionError(`--detections: no detection ${unknown.map((u) => JSON.stringify(u)).join(", ")} in this profile`);
    const selected: ReplayProfile = wanted.length === 0 ? profile : { ...profile, detections: profile.detections.filter((d) => wanted.includes(d.id)) };
    const compiled: HuntPlan = compileHuntPlan(selected);
    // Athena reads the trail archive only: its plan also refuses the sshd detections.
    const plan = engine === "athena" ? athenaPlan(compiled) : compiled;
    for (const r of plan.refusals) io.stderr.write(`tripline hunt: not evaluated: ${r.detection}: ${r.reason}\n`);
    let report: HuntReport;
    const range = {
      ...(values.since !== undefined ? { sinceMs: timeOption(values.since, 0, "since") } : {}),
      ...(values.until !== undefined ? { untilMs: timeOption(values.until, 0, "until") } : {}),
    };
    if (engine === "duckdb") {
      if (values.sql) {
        const { files, dispose } = await prepareLocalFiles(positional);
        const s = (await loadDuckdb()).duckdbStatements(plan, files, range);
        await dispose();
        io.stdout.write(`${[...s.setup, s.matches, s.alarms ?? "-- no windowed detection"].join(";\n\n")};\n`);
        return EXIT.ok;
      }
      report = await (await loadDuckdb()).huntLocalFiles(plan, positional, range);
    } else {
      const [database, table] = positional[0].split(".");
      if (table === undefined) throw new HuntOptionError(`the Athena source is database.table, not ${JSON.stringify(positional[0])}`);
      const untilMs = timeOption(values.until, Date.now(), "until");
      const scope = {
        database,
        table,
        workGroup: values.workgroup ?? "tripline-hunt",
        accounts: list(values["account-ids"]),
        regions: list(values.regions),
        sinceMs: timeOption(values.since, untilMs - DAY_MS, "since"),
        untilMs,
      };
      if (values.sql) {
        const s = athenaStatements(plan, scope);
        io.stdout.write(`${s.matches};\n\n${s.alarms ?? "-- no windowed detection"};\n`);
        return EXIT.ok;
      }
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once("SIGINT", stop);
      try {
        const { huntAthena, athenaClient } = await loadAthena();
        const hunt = await huntAthena(athenaClient(), plan, scope, { signal: controller.signal });
        io.stderr.write(`tripline hunt: Athena scanned ${hunt.bytesScanned.toLocaleString("en-US")} bytes, about $${hunt.costUsd.toFixed(4)}\n`);
        report = hunt.report;
      } finally {
        process.removeListener("SIGINT", stop);
      }
    }
    if (values.json) io.stdout.write(`${JSON.stringify(report)}\n`);
    else {
      io.stdout.write(`Hunted ${report.events.toLocaleString("en-US")} events: ${report.matches.length} matches, ${report.alarms.length} alarms, ${report.skipped.length} skipped.\n`);
      for (const a of report.alarms) io.stdout.write(`  ALARM ${a.detection} ${a.start} – ${a.end} value ${a.value} (threshold ${a.threshold}) ${Object.entries(a.key).map(([k, v]) => `${k}=${v}`).join(" ")}\n`);
    }
    return EXIT.ok;
  } catch (error) {
    if (error instanceof UserInputError || error instanceof AthenaQueryError) {
      io.stderr.write(`tripline hunt: ${error.message}\n`);
      return EXIT.invalidInput;
    }
    if (error instanceof HuntOptionError || (error as NodeJS.ErrnoException).code === "ENOENT") {
      io.stderr.write(`tripline hunt: ${(error as Error).message}\n${HUNT_COMMAND.usage}\n`);
      return EXIT.invalidInput;
    }
    throw error;
  }
}
