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
import { readCommandLine, type CommandSpec, type ValueOption } from "./options";

const FORMATS = ["markdown", "json"] as const;
const SYNTH_OUTPUT: ValueOption = { type: "value", valueName: "DIR", what: "a synth output folder", example: "cdktf.out" };

export const SUMMARY_COMMAND: CommandSpec<{ out: ValueOption; base: ValueOption; format: ValueOption; assumptions: ValueOption }> = {
  name: "summary",
  usage: "usage: tripline summary [--out DIR] [--base DIR] [--format markdown|json] [--assumptions FILE]",
  options: {
    out: SYNTH_OUTPUT,
    base: { ...SYNTH_OUTPUT, example: "base/cdktf.out" },
    format: { type: "value", valueName: "markdown|json", what: "a format", example: "json" },
    assumptions: { type: "value", valueName: "FILE", what: "a YAML or JSON file of prices and volumes", example: "assumptions.yaml" },
  },
};

export function runSummary(argv: readonly string[], io: CommandIo): number {
  const line = readCommandLine(SUMMARY_COMMAND, argv, io);
  if (typeof line === "number") return line;
  const { options } = line;
  const format = options.format ?? "markdown";
  if (!(FORMATS as readonly string[]).includes(format)) {
    io.stderr.write(`tripline summary: --format ${JSON.stringify(format)}: use markdown or json\n${SUMMARY_COMMAND.usage}\n`);
    return EXIT.invalidInput;
  }
  try {
    const assumptions = options.assumptions ? loadAssumptions(options.assumptions) : DEFAULT_ASSUMPTIONS;
    const head = readSynthOutput(options.out ?? "cdktf.out");
    const base = options.base === undefined ? undefined : readSynthOutput(options.base);
    const summary = summarize(head, assumptions, base);
    io.stdout.write(format === "json" ? `${JSON.stringify(summary, null, 2)}\n` : summaryMarkdown(summary));
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof UserInputError)) throw error;
    io.stderr.write(`${error.problems.map(formatProblem).join("\n")}\n`);
    return EXIT.invalidInput;
  }
}
