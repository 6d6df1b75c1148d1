/** `tripline validate [--accounts DIR]`: every problem of a manifest folder at once. */
import { loadCheckedOrganization } from "../deployment/load-organization";
import { EXIT, formatProblem } from "../manifest/problem";
import { parseOptions } from "./options";
import type { CommandIo } from "./io";

export function runValidate(argv: readonly string[], io: CommandIo): number {
  const options = parseOptions(argv, { accounts: "value" }, "validate");
  if ("error" in options) {
    io.stderr.write(`tripline validate: ${options.error}\n`);
    return EXIT.invalidInput;
  }
  if (options.positional.length > 0) {
    io.stderr.write(`tripline validate: unexpected argument "${options.positional[0]}"\n`);
    return EXIT.invalidInput;
  }
  const dir = options.values.accounts ?? "accounts";
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
