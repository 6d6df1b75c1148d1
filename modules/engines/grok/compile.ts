/**
 * Grok as CloudWatch Logs' `grok` processor runs it: `%{PATTERN}` and `%{PATTERN:field}` expanded
 * from the pattern library, the rest of the text a regular expression, matched anywhere in the
 * source field (grok searches; anchor with `^` to pin the start). A named capture becomes a field
 * of the transformed event; an optional one that took no part in the match is left out. A line
 * the pattern does not match fails transformation: it has no fields, and a Contributor Insights
 * rule applied on transformed logs does not evaluate it (PutInsightRule `ApplyOnTransformedLogs`,
 * docs/aws-facts.md i4).
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CloudWatch-Logs-Transformation-Configurable.html
 */
import { GROK_PATTERNS } from "./patterns";

/** CloudWatch Logs' limits on a grok processor's `match` (API_Grok: 1–512 characters). */
export const MAX_GROK_MATCH_LENGTH = 512;

export class GrokError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GrokError";
  }
}

/** The fields one grok match extracts, by field name. */
export type GrokFields = Readonly<Record<string, string>>;

const REFERENCE = /%\{(\w+)(?::([\w.@-]+))?(?::(int|float))?\}/g;
/** Expansion depth: the library nests four deep at most; more is a cycle. */
const MAX_DEPTH = 8;

/**
 * Compiles a grok `match` string to a function from the text to its fields (or `undefined` when
 * it does not match). Throws GrokError for an unknown pattern name, a repeated field name, or a
 * match longer than CloudWatch Logs accepts.
 */
export function compileGrok(match: string): (text: string) => GrokFields | undefined {
  if (match.length === 0 || match.length > MAX_GROK_MATCH_LENGTH) {
    throw new GrokError(`a grok match is 1 to ${MAX_GROK_MATCH_LENGTH} characters, not ${match.length}`);
  }
  const fields: string[] = [];
  const expand = (text: string, depth: number): string =>
    text.replace(REFERENCE, (_whole, name: string, field: string | undefined) => {
      const definition = GROK_PATTERNS[name];
      if (definition === undefined) throw new GrokError(`unknown grok pattern %{${name}} (tripline knows ${Object.keys(GROK_PATTERNS).join(", ")})`);
      if (depth >= MAX_DEPTH) throw new GrokError(`grok pattern %{${name}} nests too deep`);
      const body = expand(definition, depth + 1);
      if (field === undefined || depth > 0) return `(?:${body})`;
      if (fields.includes(field)) throw new GrokError(`field "${field}" is captured twice`);
      fields.push(field);
      return `(?<f${fields.length - 1}>${body})`;
    });
  let regex: RegExp;
  try {
    regex = new RegExp(expand(match, 0), "u");
  } catch (error) {
    throw new GrokError(`not a valid grok match: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (text) => {
    const found = regex.exec(text);
    if (found === null) return undefined;
    const out: Record<string, string> = {};
    fields.forEach((field, i) => {
      const value = found.groups?.[`f${i}`];
      if (value !== undefined) out[field] = value;
    });
    return out;
  };
}
