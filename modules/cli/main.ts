/**
 * The `tripline` command. Exit codes (docs/design.md contract 3): 0 success, 1 invalid input,
 * 2 our own bug, the only case that prints a stack trace.
 */
import { loadCheckedOrganization } from "../deployment/load-organization";
import { manifestJsonSchema } from "../manifest/json-schema";
import { replayProfileFor } from "../deployment/organization-profile";
import type { CommandIo } from "./io";
import { EXIT, UserInputError } from "../manifest/problem";
import { runNotify } from "./notify";
import { runReplay } from "./replay";
import { readCommandLine, type CommandSpec } from "./options";
import { runValidate } from "./validate";

const USAGE = `usage: tripline <command> [options]

  validate [--accounts DIR]            check the manifests; print every problem
  replay [--accounts DIR] [--json] FILE...
                                       run every detection over recorded CloudTrail and sshd logs
  notify --dry-run [--accounts DIR] [--format text|slack|teams|webhook|json] FILE...
                                       render the message each matched record or alarm event would send
  schema                               print the manifest's JSON Schema
`;

export async function main(argv: readonly string[], io: CommandIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "validate":
      return runValidate(rest, io);
    case "replay":
      return runReplay([...rest], io, { loadProfile });
    case "notify":
      return runNotify(rest, io);
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
function runSchema(argv: readonly string[], io: CommandIo): number {
  const line = readCommandLine(SCHEMA_COMMAND, argv, io);
  if (typeof line === "number") return line;
  io.stdout.write(`${JSON.stringify(manifestJsonSchema(), null, 2)}\n`);
  return EXIT.ok;
}

/** `replay --accounts DIR`: exactly what that organization deploys (docs/design.md contract 6). */
function loadProfile(dir: string) {
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
      process.stderr.write(`tripline: internal error (a bug in tripline, please report it)\n${(error as Error)?.stack ?? String(error)}\n`);
      process.exitCode = EXIT.internal;
    });
}
