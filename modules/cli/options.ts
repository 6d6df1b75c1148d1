/** A small, strict option parser on Node's own `util.parseArgs`. */
import { parseArgs } from "node:util";

export type OptionKinds = Record<string, "flag" | "value">;

export type ParsedOptions<K extends OptionKinds> =
  | { readonly values: { [N in keyof K]?: K[N] extends "flag" ? boolean : string }; readonly positional: readonly string[] }
  | { readonly error: string };

export function parseOptions<K extends OptionKinds>(argv: readonly string[], kinds: K, command: string): ParsedOptions<K> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: Object.fromEntries(Object.entries(kinds).map(([name, kind]) => [name, { type: kind === "flag" ? "boolean" : "string" }])),
      allowPositionals: true,
      strict: true,
    });
    return { values: values as { [N in keyof K]?: K[N] extends "flag" ? boolean : string }, positional: positionals };
  } catch (error) {
    const known = Object.keys(kinds).map((name) => `--${name}`).join(", ");
    return { error: `${(error as Error).message.split(".")[0]} (tripline ${command} takes ${known || "no options"})` };
  }
}
