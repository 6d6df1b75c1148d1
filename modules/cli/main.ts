/**
 * The `tripline` command. Exit codes (docs/design.md contract 3): 0 success, 1 invalid input,
 * 2 our own bug, the only case that prints a stack trace.
 */
import type { CommandIo } from "./io";
import { EXIT, UserInputError } from "../manifest/problem";
import { runNotify } from "./notify";
import { runReplay } from "./replay";
import { readCommandLine, type CommandSpec } from "./options";
import { reportFailure } from "../manifest/failure";
import { version } from "../../package.json";
import { runSummary } from "./summary";
import { runHunt } from "./hunt";

const USAGE = `usage: tripline <command> [options]

  validate [--accounts DIR]            check the manifests; print every problem
  replay [--accounts DIR] [--json] [--workers N] FILE...
                                       run every detection over recorded CloudTrail and sshd logs
  summary [--out DIR] [--base DIR] [--format markdown|json] [--assumptions FILE]
                                       review synthesized stacks (default cdktf.out): resources,
                                       detections, estimated cost; with --base, what changed
  notify --dry-run [--accounts DIR] [--format text|slack|teams|webhook|json] FILE...
                                       render the message each matched record or alarm event would send
  hunt [--engine duckdb|athena] [--accounts DIR] [--json] [--sql] SOURCE...
                                       the detections as SQL: DuckDB over local files, Athena over the trail archive
  schema                               print the manifest's JSON Schema
  --version                            print tripline's version
`;

export async function main(argv: readonly string[], io: CommandIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    const { exit, text } = reportFailure(error, "tripline");
    io.stderr.write(`${text}\n`);
    return exit;
  }
}

async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "--version":
    case "version":
      io.stdout.write(`tripline ${version}\n`);
      return EXIT.ok;
    case "validate":
      return (await import("./validate")).runValidate(rest, io);
    case "replay":
      return runReplay([...rest], io, { loadProfile });
    case "summary":
      return runSummary(rest, io);
    case "notify":
      return runNotify(rest, io);
    case "hunt":
      return runHunt(rest, io, { loadProfile });
    case "schema":
      return runSchema(rest, io);
    case undefined:
    case "help":
    case "--help":
    case "-h":
      io.stdout.write(USAGE);
      return command === undefined ? EXIT.invalidInput : EXIT.ok;
    default:
      io.stderr.write(`tripline: unknown command "${command}"\n\n${USAGE}`);
      return EXIT.invalidInput;
  }
}

const SCHEMA_COMMAND: CommandSpec<Record<never, never>> = { name: "schema", usage: "usage: tripline schema", options: {} };

/** `tripline schema`: the manifest's JSON Schema on stdout. */
async function runSchema(argv: readonly string[], io: CommandIo): Promise<number> {
  const line = readCommandLine(SCHEMA_COMMAND, argv, io);
  if (typeof line === "number") return line;
  const { manifestJsonSchema } = await import("../manifest/json-schema");
  io.stdout.write(`${JSON.stringify(manifestJsonSchema(), null, 2)}\n`);
  return EXIT.ok;
}

/**
 * `replay --accounts DIR`: exactly what that organization deploys (docs/design.md contract 6).
 * The manifest stack (yaml, zod, the deployment compiler) is loaded only here: a replay without
 * `--accounts` does not pay for it.
 */
async function loadProfile(dir: string) {
  const [{ loadCheckedOrganization }, { replayProfileFor }] = await Promise.all([import("../deployment/load-organization"), import("../deployment/organization-profile")]);
  const loaded = loadCheckedOrganization(dir);
  if (!loaded.ok) throw new UserInputError(loaded.problems);
  return replayProfileFor(loaded.value);
}

if (require.main === module) {
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr })
    .then((code) => {
      process.exitCode = code;
    })
    .catch((error: unknown) => {
      const { exit, text } = reportFailure(error, "tripline");
      process.stderr.write(`${text}\n`);
      process.exitCode = exit;
    });
}
