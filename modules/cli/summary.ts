/**
 * `tripline summary [--out DIR] [--base DIR] [--format markdown|json] [--assumptions FILE]`: the
 * review of synthesized stacks, and with `--base` the pull-request comment (docs/design.md contract 2).
 */
import { EXIT, formatProblem, UserInputError } from "../manifest/problem";
import { loadAssumptions } from "../summary/assumptions-file";
import { summaryMarkdown } from "../summary/markdown";
import { DEFAULT_ASSUMPTIONS } from "../summary/prices";
import { summarize } from "../summary/summarize";
import { readSynthOutput } from "../summary/synth-output";
import type { CommandIo } from "./io";
import { parseOptions } from "./options";

const FORMATS = ["markdown", "json"] as const;

export function runSummary(argv: readonly string[], io: CommandIo): number {
  const options = parseOptions(argv, { out: "value", base: "value", format: "value", assumptions: "value" }, "summary");
  const fail = (message: string) => {
    io.stderr.write(`tripline summary: ${message}\n`);
    return EXIT.invalidInput;
  };
  if ("error" in options) return fail(options.error);
  if (options.positional.length > 0) return fail(`unexpected argument "${options.positional[0]}" (name the synth output with --out DIR)`);
  const format = options.values.format ?? "markdown";
  if (!(FORMATS as readonly string[]).includes(format)) return fail(`--format ${JSON.stringify(format)}: use markdown or json`);
  try {
    const assumptions = options.values.assumptions ? loadAssumptions(options.values.assumptions) : DEFAULT_ASSUMPTIONS;
    const head = readSynthOutput(options.values.out ?? "cdktf.out");
    const base = options.values.base === undefined ? undefined : readSynthOutput(options.values.base);
    const summary = summarize(head, assumptions, base);
    io.stdout.write(format === "json" ? `${JSON.stringify(summary, null, 2)}\n` : summaryMarkdown(summary));
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof UserInputError)) throw error;
    io.stderr.write(`${error.problems.map(formatProblem).join("\n")}\n`);
    return EXIT.invalidInput;
  }
}
