/**
 * EventBridge event patterns, evaluated locally and faithfully: `compileEventPattern` validates a
 * pattern once, as PutRule would, and returns a predicate over events as EventBridge delivers them.
 * Pure: no I/O, nothing of ours imported.
 */
import { EventPatternError } from "./error";
import { compileBranches } from "./compile";
import { parseJsonText } from "./json-text";
import { validatePattern } from "./validate";

export { EventPatternError } from "./error";

/**
 * EventBridge's quota "Event pattern size": 2,048 characters by default, adjustable up to 4,096
 * through Service Quotas (EB UG "Amazon EventBridge quotas",
 * docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html; the 4,096 ceiling is the one the
 * Terraform AWS provider validates since v5.25, hashicorp/terraform-provider-aws#34270).
 */
export const DEFAULT_MAX_PATTERN_LENGTH = 2048;

export interface CompileEventPatternOptions {
  /** The account's "Event pattern size" quota in characters; defaults to 2,048. */
  readonly maxPatternLength?: number;
}

/**
 * Validates `pattern` (a parsed JSON object, or JSON text) once and returns its predicate.
 * Throws EventPatternError, with the path of the offending part, on anything PutRule would refuse.
 * An object is measured and read as `JSON.stringify` writes it, which is what gets deployed.
 * The predicate never throws; it returns false for anything that is not a JSON object.
 */
export function compileEventPattern(
  pattern: unknown,
  options: CompileEventPatternOptions = {},
): (event: unknown) => boolean {
  const text = typeof pattern === "string" ? pattern : serialize(pattern);
  const max = options.maxPatternLength ?? DEFAULT_MAX_PATTERN_LENGTH;
  if (text.length > max) {
    throw new EventPatternError(
      "",
      `the pattern is ${text.length} characters long; EventBridge allows ${max} (the account's "Event pattern size" quota)`,
    );
  }
  return compileBranches(validatePattern(parseJsonText(text)));
}

function serialize(pattern: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(pattern);
  } catch (e) {
    throw new EventPatternError("", `the pattern cannot be written as JSON: ${(e as Error).message}`);
  }
  if (text === undefined) throw new EventPatternError("", `the pattern must be a JSON object, not ${typeof pattern}`);
  return text;
}
