/**
 * One option parser for every `tripline` command, on Node's own `util.parseArgs`: each command
 * declares its options, and every command answers `--help` (exit 0) and refuses an unknown
 * option, a missing value or a repeated one with the same clear message and its usage (exit 1).
 */
import { parseArgs } from "node:util";
import { EXIT } from "../manifest/problem";
import { failure, success, type Result } from "../result";
import type { CommandIo } from "./io";

export interface FlagOption {
  readonly type: "flag";
}

export interface ValueOption {
  readonly type: "value";
  /** As the usage shows it: `DIR`. */
  readonly valueName: string;
  /** What the value is, for the message when it is missing: `a directory`. */
  readonly what: string;
  readonly example: string;
}

export type OptionSpec = FlagOption | ValueOption;

export interface CommandSpec<O extends Record<string, OptionSpec>> {
  /** `replay`, as typed after `tripline`. */
  readonly name: string;
  /** The usage line, printed for `--help` and after every option problem. */
  readonly usage: string;
  readonly options: O;
  /** The command's operands (`FILE...`): the message when none is given. Without it, it takes none. */
  readonly operands?: { readonly missing: string };
}

export type OptionValues<O extends Record<string, OptionSpec>> = { readonly [N in keyof O]?: O[N] extends ValueOption ? string : boolean };

export type CommandLine<O extends Record<string, OptionSpec>> =
  | { readonly help: true }
  | { readonly help: false; readonly options: OptionValues<O>; readonly operands: readonly string[] };

/** `--accounts DIR and --json`: what a command takes, for the unknown-option message. */
const describeOptions = (options: Record<string, OptionSpec>): string => {
  const names = Object.entries(options).map(([name, o]) => (o.type === "value" ? `--${name} ${o.valueName}` : `--${name}`));
  if (names.length === 0) return "no options";
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
};

export function parseCommandLine<O extends Record<string, OptionSpec>>(spec: CommandSpec<O>, argv: readonly string[]): Result<CommandLine<O>, string> {
  const { tokens } = parseArgs({
    args: [...argv],
    options: {
      ...Object.fromEntries(Object.entries(spec.options).map(([name, o]) => [name, { type: o.type === "flag" ? "boolean" : "string" } as const])),
      help: { type: "boolean", short: "h" },
    },
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const values: Record<string, string | boolean> = {};
  const operands: string[] = [];
  let help = false;
  for (const token of tokens) {
    if (token.kind === "option-terminator") continue;
    if (token.kind === "positional") {
      if (spec.operands === undefined) return failure(`unexpected argument ${JSON.stringify(token.value)}`);
      operands.push(token.value);
      continue;
    }
    if (token.name === "help") {
      help = true;
      continue;
    }
    const option = Object.hasOwn(spec.options, token.name) ? spec.options[token.name] : undefined;
    if (option === undefined) return failure(`unknown option ${JSON.stringify(token.rawName)}; ${spec.name} takes ${describeOptions(spec.options)}`);
    if (option.type === "flag") {
      if (token.value !== undefined) return failure(`${token.rawName} takes no value`);
      values[token.name] = true;
      continue;
    }
    const value = token.value;
    if (value === undefined || value === "" || (!token.inlineValue && value.startsWith("-"))) {
      return failure(`${token.rawName} needs ${option.what}, e.g. ${token.rawName} ${option.example}`);
    }
    if (token.name in values) return failure(`${token.rawName} is given twice`);
    values[token.name] = value;
  }
  if (help) return success({ help: true });
  if (spec.operands !== undefined && operands.length === 0) return failure(spec.operands.missing);
  return success({ help: false, options: values as OptionValues<O>, operands });
}

/**
 * Parses a command's arguments; answers `--help` and option problems itself. Returns the
 * options and operands to run with, or the exit code when the command should not run.
 */
export function readCommandLine<O extends Record<string, OptionSpec>>(
  spec: CommandSpec<O>,
  argv: readonly string[],
  io: CommandIo,
): { readonly options: OptionValues<O>; readonly operands: readonly string[] } | number {
  const parsed = parseCommandLine(spec, argv);
  if (!parsed.ok) {
    io.stderr.write(`tripline ${spec.name}: ${parsed.problems.join("; ")}\n${spec.usage}\n`);
    return EXIT.invalidInput;
  }
  if (parsed.value.help) {
    io.stdout.write(`${spec.usage}\n`);
    return EXIT.ok;
  }
  return parsed.value;
}

/** `--accounts DIR`: the manifest folder, as validate and replay take it. */
export const ACCOUNTS_OPTION: ValueOption = { type: "value", valueName: "DIR", what: "a directory", example: "accounts" };
