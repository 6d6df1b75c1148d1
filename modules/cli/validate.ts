/** `tripline validate [--accounts DIR]`: every problem of a manifest folder at once. */
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
  const { accounts, regions, mode } = result.value;
  io.stdout.write(`${dir}: ${mode}, ${accounts.length} account${accounts.length === 1 ? "" : "s"}, ${regions.length} region${regions.length === 1 ? "" : "s"}: valid\n`);
  return EXIT.ok;
}
