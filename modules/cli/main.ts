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
import { reportFailure } from "../manifest/failure";
import { version } from "../../package.json";

const COMMANDS: Record<string, { readonly usage: string; readonly summary: string }> = {
  validate: { usage: "validate [--accounts DIR]", summary: "check the manifests; print every problem" },
  replay: { usage: "replay [--accounts DIR] [--json] FILE...", summary: "run every detection over recorded CloudTrail and sshd logs" },
  schema: { usage: "schema", summary: "print the manifest's JSON Schema" },
};

const USAGE = `usage: tripline <command> [options]

${Object.values(COMMANDS)
  .map(({ usage, summary }) => (usage.length < 35 ? `  ${usage.padEnd(35)}  ${summary}` : `  ${usage}\n  ${"".padEnd(35)}  ${summary}`))
  .join("\n")}
  ${"--version".padEnd(35)}  print tripline's version
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
  // `tripline <command> --help`: replay prints its own, longer help.
  if (command !== undefined && command !== "replay" && Object.hasOwn(COMMANDS, command) && (rest.includes("--help") || rest.includes("-h"))) {
    io.stdout.write(`usage: tripline ${COMMANDS[command].usage}\n\n${COMMANDS[command].summary}\n`);
    return EXIT.ok;
  }
  switch (command) {
    case "--version":
    case "version":
      io.stdout.write(`tripline ${version}\n`);
      return EXIT.ok;
    case "validate":
      return runValidate(rest, io);
    case "replay":
      return runReplay([...rest], io, { loadProfile });
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
      const { exit, text } = reportFailure(error, "tripline");
      process.stderr.write(`${text}\n`);
      process.exitCode = exit;
    });
}
