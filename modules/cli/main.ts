/**
 * The `tripline` command. Exit codes (docs/design.md contract 3): 0 success, 1 invalid input,
 * 2 our own bug, the only case that prints a stack trace.
 */
import { loadCheckedOrganization } from "../deployment/load-organization";
import { manifestJsonSchema } from "../manifest/json-schema";
import { replayProfileFor } from "../deployment/organization-profile";
import type { CommandIo } from "./io";
import { EXIT, UserInputError } from "../manifest/problem";
import { runReplay } from "./replay";
import { runValidate } from "./validate";
import { runHunt } from "./hunt";

const USAGE = `usage: tripline <command> [options]

  validate [--accounts DIR]            check the manifests; print every problem
  replay [--accounts DIR] [--json] FILE...
                                       run every detection over recorded CloudTrail and sshd logs
  hunt [--engine duckdb|athena] [--accounts DIR] [--json] [--sql] SOURCE...
                                       the detections as SQL: DuckDB over local files, Athena over the trail archive
  schema                               print the manifest's JSON Schema
`;

export async function main(argv: readonly string[], io: CommandIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "validate":
      return runValidate(rest, io);
    case "replay":
      return runReplay([...rest], io, { loadProfile });
    case "hunt":
      return runHunt(rest, io, { loadProfile });
    case "schema":
      io.stdout.write(`${JSON.stringify(manifestJsonSchema(), null, 2)}\n`);
      return EXIT.ok;
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

/** `replay --accounts DIR`: exactly what that organization deploys (docs/design.md contract 6). */
function loadProfile(dir: string) {
  const loaded = loadCheckedOrganization(dir);
  if (!loaded.model) throw new UserInputError(loaded.problems);
  return replayProfileFor(loaded.model);
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
