/**
 * `tripline validate [--accounts DIR]`: every problem of a manifest folder at once (exit 1), or
 * "valid" (exit 0) after any warnings, which go to standard error prefixed `warning:`.
 */
import { signInRegionWarnings } from "../deployment/event-rule-regions";
import { loadCheckedOrganization } from "../deployment/load-organization";
import { EXIT, formatProblem } from "../manifest/problem";
import { ACCOUNTS_OPTION, readCommandLine, type CommandSpec, type ValueOption } from "./options";
import type { CommandIo } from "./io";

export const VALIDATE_COMMAND: CommandSpec<{ accounts: ValueOption }> = {
  name: "validate",
  usage: "usage: tripline validate [--accounts DIR]",
  options: { accounts: ACCOUNTS_OPTION },
};

export function runValidate(argv: readonly string[], io: CommandIo): number {
  const line = readCommandLine(VALIDATE_COMMAND, argv, io);
  if (typeof line === "number") return line;
  const dir = line.options.accounts ?? "accounts";
  const result = loadCheckedOrganization(dir);
  if (!result.ok) {
    io.stderr.write(`${result.problems.map(formatProblem).join("\n")}\n`);
    io.stderr.write(`${result.problems.length} problem${result.problems.length === 1 ? "" : "s"} in ${dir}\n`);
    return EXIT.invalidInput;
  }
  // Warnings name what the stacks will do that the manifest does not say; they do not fail.
  for (const warning of signInRegionWarnings(result.value)) io.stderr.write(`warning: ${formatProblem(warning)}\n`);
  const { accounts, regions, mode } = result.value;
  io.stdout.write(`${dir}: ${mode}, ${accounts.length} account${accounts.length === 1 ? "" : "s"}, ${regions.length} region${regions.length === 1 ? "" : "s"}: valid\n`);
  return EXIT.ok;
}
