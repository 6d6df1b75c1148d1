/**
 * Tokenizer and recursive-descent parser for CloudWatch Logs filter patterns.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 *
 * The first non-blank character decides the kind, as on AWS's pages: `{` JSON, `[` space-delimited,
 * `%` a regex, anything else unstructured terms. Lexing depends on the kind (a bare word, a JSON
 * selector and a field name allow different characters), so each kind scans the string itself.
 *
 * Reading rule where AWS's text is loose or its examples disagree: take the stricter reading, so
 * that a pattern this parser accepts is one AWS documents as valid. Every such choice is noted
 * where it is made. Anything refused throws FilterPatternSyntaxError with the offset of the
 * character at fault (or `pattern.length` for "ended too early") and nothing else.
 *
 * Blanks (space, tab, CR, LF) between tokens are free, including before the opening `{`, `[` or
 * `%` and after the closing one: AWS's own examples space `{ $.a = 1 }` and `{$.a=1}` alike.
 * Keywords (`IS`, `TRUE`, `FALSE`, `NULL`, `NOT`, `EXISTS`) are upper case, as AWS writes them;
 * filter patterns are case-sensitive everywhere else, so lower case is refused, not guessed.
 */
import type {
  BooleanExpr,
  Comparison,
  ComparisonOperator,
  ComparisonValue,
  FieldCondition,
  FilterPatternAst,
  JsonCondition,
  JsonPattern,
  RegexLiteral,
  Selector,
  SelectorStep,
  SpaceDelimitedPattern,
  SpaceField,
  StringValue,
  Term,
  TermsPattern,
} from "./ast";
import { translateRegex } from "./regex";
import { FilterPatternSyntaxError } from "./syntax-error";

/** Parses a filter pattern; throws FilterPatternSyntaxError (and only that) if it is not valid. */
export function parseFilterPattern(pattern: string): FilterPatternAst {
  if (typeof pattern !== "string") {
    throw new FilterPatternSyntaxError("", 0, `a filter pattern must be a string, not ${typeof pattern}`);
  }
  const scanner = new Scanner(pattern);
  scanner.skipSpace();
  if (scanner.atEnd()) return { kind: "all" };
  switch (scanner.peek()) {
    case "{":
      return parseJson(scanner);
    case "[":
      return parseSpaceDelimited(scanner);
    case "%":
      return parseStandaloneRegex(scanner);
    default:
      return parseTerms(scanner);
  }
}

/**
 * ASCII letters, digits and `_`. AWS: "Metric filter terms that include characters other than
 * alphanumeric or underscore must be placed inside double quotes"; non-ASCII letters count as
 * "unicode and other characters" that must be quoted (JSON section of the same page).
 */
const WORD_CHAR = /[A-Za-z0-9_]/;
/** JSON property names: "alphanumeric strings that support hyphen and underscore". */
const PROPERTY_CHAR = /[A-Za-z0-9_-]/;
/**
 * Unquoted comparison values. AWS says values other than letters, digits and `_` must be quoted,
 * yet its own examples leave `.`, `*` and signs unquoted (`123.123.*`, `kms.amazonaws.com` in
 * Security Hub's CloudWatch.7, `+1000`, `10e-3`); exactly those are accepted.
 */
const BARE_VALUE_CHAR = /[A-Za-z0-9_.*+-]/;
/** "An integer with an optional + or - sign, a decimal …, or a number in scientific notation." */
export const NUMBER_TEXT = /^[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const JSON_VALUE_END = new Set([")", "(", "}", "{", "&", "|", '"', "[", "]", ","]);
const FIELD_VALUE_END = new Set([",", "]", "[", "&", "|", "(", ")", '"', "{", "}"]);
/** AWS: "up to one wildcard selector in a property selector", "up to three … in a filter pattern". */
const MAX_WILDCARDS_PER_SELECTOR = 1;
const MAX_WILDCARDS_PER_PATTERN = 3;

const isSpace = (ch: string | undefined): boolean => ch === " " || ch === "\t" || ch === "\n" || ch === "\r";

/** A cursor over the pattern with the lexing helpers the three structured kinds share. */
class Scanner {
  pos = 0;
  constructor(readonly pattern: string) {}

  atEnd(): boolean {
    return this.pos >= this.pattern.length;
  }
  peek(ahead = 0): string | undefined {
    return this.pattern[this.pos + ahead];
  }
  startsWith(text: string): boolean {
    return this.pattern.startsWith(text, this.pos);
  }
  skipSpace(): void {
    while (isSpace(this.pattern[this.pos])) this.pos += 1;
  }
  fail(offset: number, reason: string): never {
    throw new FilterPatternSyntaxError(this.pattern, offset, reason);
  }
  /** What is at the cursor, for messages: `"x"` or "the end of the pattern". */
  here(): string {
    return this.atEnd() ? "the end of the pattern" : JSON.stringify(this.peek());
  }

  /**
   * A double-quoted string starting at the cursor. AWS documents no escape sequences in quoted
   * strings, and a backslash is one of the characters that "must be enclosed in double quotes",
   * so a backslash is literal; but where it stands before `"` or another backslash AWS may read an
   * escape or may not, so that is refused and the message points to `\x22`/`\x5c` in a regex.
   */
  readQuoted(): { text: string; offset: number } {
    const offset = this.pos;
    const close = this.pattern.indexOf('"', offset + 1);
    if (close < 0) this.fail(offset, "this quoted string is never closed");
    const text = this.pattern.slice(offset + 1, close);
    const ambiguous = text.search(/\\(?=["\\]|$)/);
    if (ambiguous >= 0) {
      this.fail(offset + 1 + ambiguous, `a backslash before " or \\ in a quoted string is ambiguous (AWS documents no escapes); use a %regex% with \\x22 or \\x5c`);
    }
    this.pos = close + 1;
    return { text, offset };
  }

  /** A `%…%` regex starting at the cursor; the first `%` after the opening one closes it. */
  readRegex(): RegexLiteral {
    const offset = this.pos;
    const close = this.pattern.indexOf("%", offset + 1);
    if (close < 0) this.fail(offset, "this regex is never closed by %");
    const source = this.pattern.slice(offset + 1, close);
    const jsSource = translateRegex(this.pattern, source, offset + 1);
    this.pos = close + 1;
    return { source, jsSource, offset };
  }

  /** `=`, `!=`, `<`, `<=`, `>`, `>=` at the cursor. */
  readOperator(): ComparisonOperator {
    const at = this.pos;
    for (const op of ["!=", "<=", ">=", "=", "<", ">"] as const) {
      if (!this.startsWith(op)) continue;
      if (op === "=" && this.peek(1) === "=") this.fail(at, `"==" is not an operator; write "="`);
      if (op === "=" && this.peek(1) === "!") this.fail(at, `"=!" is not an operator; write "!=" for not-equal`);
      this.pos += op.length;
      return op;
    }
    if (this.peek() === "!") this.fail(at, `"!" must be followed by "=" ("!=" is not-equal)`);
    return this.fail(at, `expected an operator (=, !=, <, <=, >, >=) but found ${this.here()}`);
  }

  /** A comparison value: quoted string, `%regex%`, or an unquoted number or string. */
  readValue(ends: ReadonlySet<string>): ComparisonValue {
    const ch = this.peek();
    if (ch === '"') {
      const { text, offset } = this.readQuoted();
      return stringValue(text, true, offset);
    }
    if (ch === "%") return { kind: "regex", regex: this.readRegex() };
    const offset = this.pos;
    while (!this.atEnd() && !isSpace(this.peek()) && !ends.has(this.peek() as string)) this.pos += 1;
    const text = this.pattern.slice(offset, this.pos);
    if (text.length === 0) this.fail(offset, `expected a value but found ${this.here()}`);
    for (let i = 0; i < text.length; i += 1) {
      if (!BARE_VALUE_CHAR.test(text[i])) {
        this.fail(offset + i, `put values that contain ${JSON.stringify(text[i])} in double quotes`);
      }
    }
    if (NUMBER_TEXT.test(text)) return { kind: "number", text, value: Number(text), offset };
    return stringValue(text, false, offset);
  }

  /** An operator and its value; `<`, `<=`, `>`, `>=` need a number ("NUMERIC_OPERATOR NUMBER"). */
  readComparison(ends: ReadonlySet<string>): Comparison {
    const operator = this.readOperator();
    this.skipSpace();
    const value = this.readValue(ends);
    if (operator === "=" || operator === "!=") return { operator, value };
    if (value.kind !== "number") {
      const offset = value.kind === "regex" ? value.regex.offset : value.offset;
      this.fail(offset, `"${operator}" compares numbers; ${describeValue(value)} is not an unquoted number`);
    }
    return { operator, value };
  }
}

const describeValue = (value: ComparisonValue): string =>
  value.kind === "regex" ? "a regex" : value.kind === "string" && value.quoted ? "a quoted string" : "this value";

/**
 * Wildcards. AWS: "*Event will match PutEvent and GetEvent. Event* will match EventId and
 * EventName. Ev*ent will only match the actual string Ev*ent" (FilterAndPatternSyntax.md,
 * awsdocs/amazon-cloudwatch-logs-user-guide, 2018–2020; later versions only say "use the asterisk
 * as a wild card"). So a leading and a trailing `*` are wildcards and one inside is a literal
 * star. `*` alone (AWS: `{ $.latency = * }`) matches any string or number.
 */
function stringValue(text: string, quoted: boolean, offset: number): StringValue {
  let start = 0;
  let end = text.length;
  while (start < end && text[start] === "*") start += 1;
  while (end > start && text[end - 1] === "*") end -= 1;
  return {
    kind: "string",
    core: text.slice(start, end),
    anyPrefix: start > 0,
    anySuffix: end < text.length || (start > 0 && start === text.length),
    quoted,
    offset,
  };
}

// ---------------------------------------------------------------------------------------------
// Unstructured terms: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
// ("Using filter patterns to match terms in unstructured log events")

function parseTerms(s: Scanner): FilterPatternAst {
  const required: Term[] = [];
  const excluded: Term[] = [];
  const optional: Term[] = [];
  /** Where each term starts (its sign included) and whether it is a ?term, in pattern order. */
  const kinds: { offset: number; optional: boolean }[] = [];
  let sawBlank = false;
  for (s.skipSpace(); !s.atEnd(); s.skipSpace()) {
    const prefixOffset = s.pos;
    const prefix = s.peek() === "?" || s.peek() === "-" ? (s.peek() as "?" | "-") : undefined;
    if (prefix !== undefined) {
      s.pos += 1;
      if (s.atEnd() || isSpace(s.peek())) {
        // AWS writes `-ARGUMENTS` and `?ERROR`; a detached sign is more likely a typo than intent.
        s.fail(prefixOffset, `"${prefix}" must be followed directly by a term, as in ${prefix}ERROR`);
      }
    }
    const term = readTerm(s);
    if (term.quoted && term.text.trim() === "") {
      // AWS: `" "` (and the empty pattern) "matches everything"; a blank phrase adds no condition.
      if (prefix !== undefined) s.fail(prefixOffset, `"${prefix}" cannot apply to a blank phrase`);
      sawBlank = true;
      continue;
    }
    (prefix === "?" ? optional : prefix === "-" ? excluded : required).push(term);
    kinds.push({ offset: prefixOffset, optional: prefix === "?" });
  }
  const mixed = kinds.find((k) => k.optional !== kinds[0].optional);
  if (mixed !== undefined) {
    // AWS: "If you combine '?' with other filter patterns, all question mark terms will be
    // ignored." Deploying that is almost always a mistake, so it is refused here instead.
    s.fail(mixed.offset, "?terms cannot be combined with plain or -terms: CloudWatch would silently ignore every ?term");
  }
  if (kinds.length === 0 && sawBlank) return { kind: "all" };
  return { kind: "terms", required, excluded, optional } satisfies TermsPattern;
}

function readTerm(s: Scanner): Term {
  if (s.peek() === '"') {
    const { text, offset } = s.readQuoted();
    if (!s.atEnd() && !isSpace(s.peek())) s.fail(s.pos, `expected a space after the closing quote but found ${s.here()}`);
    return { text, quoted: true, offset };
  }
  const offset = s.pos;
  if (s.peek() === "%") {
    s.fail(offset, "a %regex% must be the whole pattern; it cannot be combined with terms");
  }
  while (!s.atEnd() && WORD_CHAR.test(s.peek() as string)) s.pos += 1;
  if (!s.atEnd() && !isSpace(s.peek())) {
    s.fail(s.pos, `put terms that contain ${s.here()} in double quotes`);
  }
  return { text: s.pattern.slice(offset, s.pos), quoted: false, offset };
}

// ---------------------------------------------------------------------------------------------
// A standalone regex: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/regex-expressions.html

function parseStandaloneRegex(s: Scanner): FilterPatternAst {
  const regex = s.readRegex();
  s.skipSpace();
  if (!s.atEnd()) {
    s.fail(s.pos, "a %regex% pattern must stand alone; put terms in their own pattern");
  }
  return { kind: "regex", regex };
}

// ---------------------------------------------------------------------------------------------
// JSON: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
// ("Using filter patterns to match terms in JSON log events"). Precedence: () > && > ||.

function parseJson(s: Scanner): JsonPattern {
  const open = s.pos;
  s.pos += 1;
  const wildcards = { count: 0 };
  const expr = parseJsonOr(s, wildcards);
  s.skipSpace();
  if (s.peek() !== "}") {
    s.fail(s.pos, s.atEnd() ? `the { at column ${open + 1} is never closed` : `expected &&, || or } but found ${s.here()}`);
  }
  s.pos += 1;
  s.skipSpace();
  if (!s.atEnd()) s.fail(s.pos, "nothing may follow the closing } of a JSON pattern");
  return { kind: "json", expr };
}

type Wildcards = { count: number };

function parseJsonOr(s: Scanner, wildcards: Wildcards): BooleanExpr<JsonCondition> {
  const operands = [parseJsonAnd(s, wildcards)];
  for (s.skipSpace(); s.startsWith("||"); s.skipSpace()) {
    s.pos += 2;
    operands.push(parseJsonAnd(s, wildcards));
  }
  return operands.length === 1 ? operands[0] : { kind: "or", operands };
}

function parseJsonAnd(s: Scanner, wildcards: Wildcards): BooleanExpr<JsonCondition> {
  const operands = [parseJsonPrimary(s, wildcards)];
  for (s.skipSpace(); s.startsWith("&&"); s.skipSpace()) {
    s.pos += 2;
    operands.push(parseJsonPrimary(s, wildcards));
  }
  if (s.peek() === "&" || (s.peek() === "|" && s.peek(1) !== "|")) {
    s.fail(s.pos, `write && for AND and || for OR`);
  }
  return operands.length === 1 ? operands[0] : { kind: "and", operands };
}

function parseJsonPrimary(s: Scanner, wildcards: Wildcards): BooleanExpr<JsonCondition> {
  s.skipSpace();
  if (s.peek() === "(") {
    const open = s.pos;
    s.pos += 1;
    const inner = parseJsonOr(s, wildcards);
    s.skipSpace();
    if (s.peek() !== ")") {
      s.fail(s.pos, s.atEnd() ? `the ( at column ${open + 1} is never closed` : `expected &&, || or ) but found ${s.here()}`);
    }
    s.pos += 1;
    return inner;
  }
  if (s.peek() === "$") return { kind: "leaf", leaf: parseJsonCondition(s, wildcards) };
  return s.fail(s.pos, `expected a condition starting with "$." or "(" but found ${s.here()}`);
}

function parseJsonCondition(s: Scanner, wildcards: Wildcards): JsonCondition {
  const selector = readSelector(s, wildcards);
  s.skipSpace();
  if (/[A-Za-z]/.test(s.peek() ?? "")) {
    const at = s.pos;
    const word = readWord(s);
    if (word === "IS") {
      s.skipSpace();
      const valueAt = s.pos;
      const what = readWord(s);
      if (what === "TRUE") return { kind: "is", selector, expected: true };
      if (what === "FALSE") return { kind: "is", selector, expected: false };
      if (what === "NULL") return { kind: "is", selector, expected: null };
      if (what === "NOT") s.fail(at, `"IS NOT" is not supported by CloudWatch Logs (AWS: "IS NOT and EXISTS currently aren't supported")`);
      s.fail(valueAt, `expected TRUE, FALSE or NULL after IS but found ${what === "" ? s.here() : JSON.stringify(what)}`);
    }
    if (word === "NOT") {
      s.skipSpace();
      const existsAt = s.pos;
      if (readWord(s) === "EXISTS") return { kind: "not-exists", selector };
      s.fail(existsAt, `expected EXISTS after NOT`);
    }
    if (word === "EXISTS") {
      s.fail(at, `"EXISTS" is not supported by CloudWatch Logs (AWS: "IS NOT and EXISTS currently aren't supported"); use NOT EXISTS, or "= *" for any string or number`);
    }
    s.fail(at, `expected an operator (=, !=, <, <=, >, >=, IS, NOT EXISTS) but found ${JSON.stringify(word)}; keywords are upper case`);
  }
  const comparison = s.readComparison(JSON_VALUE_END);
  return { kind: "compare", selector, ...comparison };
}

function readWord(s: Scanner): string {
  const start = s.pos;
  while (/[A-Za-z]/.test(s.peek() ?? "")) s.pos += 1;
  return s.pattern.slice(start, s.pos);
}

/**
 * `$.a.b`, `$.a[0].b`, `$.a[1][0]`, `$.['key.with.dots']` and the wildcards `$.*`, `$.a[*]`.
 * AWS: selectors start with `$.`; names are "alphanumeric strings that support hyphen and
 * underscore"; "Array elements are denoted with [NUMBER] syntax, and must follow a property"; "If
 * the JSON property contains a period, then the bracket notation may be used" (`$.['cluster.name']`,
 * with single quotes); "You can use the JSON wildcard to select any array element or any JSON
 * object field", at most one per selector and three per pattern.
 */
function readSelector(s: Scanner, wildcards: Wildcards): Selector {
  const offset = s.pos;
  s.pos += 1;
  if (s.peek() !== ".") s.fail(s.pos, `a selector starts with "$." but found ${s.here()} after "$"`);
  const steps: SelectorStep[] = [];
  let ownWildcards = 0;
  const wildcard = (at: number): SelectorStep => {
    ownWildcards += 1;
    wildcards.count += 1;
    if (ownWildcards > MAX_WILDCARDS_PER_SELECTOR) s.fail(at, "a selector may hold only one wildcard (AWS quota)");
    if (wildcards.count > MAX_WILDCARDS_PER_PATTERN) s.fail(at, "a pattern may hold at most three wildcard selectors (AWS quota)");
    return { kind: "wildcard" };
  };
  for (;;) {
    const at = s.pos;
    if (s.peek() === ".") {
      s.pos += 1;
      if (s.peek() === "*") {
        steps.push(wildcard(s.pos));
        s.pos += 1;
      } else if (s.peek() === "[") {
        if (s.peek(1) !== "'") s.fail(s.pos, `write .['name'] (single quotes) to select a property by its quoted name`);
        const close = s.pattern.indexOf("']", s.pos + 2);
        if (close < 0) s.fail(s.pos, `['… is never closed by ']`);
        const name = s.pattern.slice(s.pos + 2, close);
        if (name.length === 0) s.fail(s.pos, "a property name in ['…'] cannot be empty");
        steps.push({ kind: "property", name });
        s.pos = close + 2;
      } else {
        const start = s.pos;
        while (PROPERTY_CHAR.test(s.peek() ?? "")) s.pos += 1;
        if (s.pos === start) {
          s.fail(s.pos, `expected a property name (letters, digits, - and _) after "." but found ${s.here()}; use .['name'] for other characters`);
        }
        steps.push({ kind: "property", name: s.pattern.slice(start, s.pos) });
      }
    } else if (s.peek() === "[") {
      s.pos += 1;
      if (s.peek() === "*") {
        steps.push(wildcard(s.pos));
        s.pos += 1;
      } else if (/[0-9]/.test(s.peek() ?? "")) {
        const start = s.pos;
        while (/[0-9]/.test(s.peek() ?? "")) s.pos += 1;
        steps.push({ kind: "index", index: Number(s.pattern.slice(start, s.pos)) });
      } else if (s.peek() === "'") {
        s.fail(at, `write .['name'] with a period before the bracket`);
      } else {
        s.fail(s.pos, `expected an array index or * inside [ ] but found ${s.here()}`);
      }
      if (s.peek() !== "]") s.fail(s.pos, `expected ] but found ${s.here()}`);
      s.pos += 1;
    } else {
      break;
    }
  }
  return { text: s.pattern.slice(offset, s.pos), steps, offset };
}

// ---------------------------------------------------------------------------------------------
// Space-delimited: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
// ("Using filter patterns to match terms in space-delimited log events")

function parseSpaceDelimited(s: Scanner): SpaceDelimitedPattern {
  const open = s.pos;
  s.pos += 1;
  s.skipSpace();
  if (s.peek() === "]") s.fail(s.pos, "a space-delimited pattern needs at least one field");
  const fields: SpaceField[] = [];
  for (;;) {
    fields.push(parseField(s));
    s.skipSpace();
    if (s.peek() === ",") {
      s.pos += 1;
      s.skipSpace();
      continue;
    }
    if (s.peek() === "]") break;
    s.fail(s.pos, s.atEnd() ? `the [ at column ${open + 1} is never closed` : `expected "," or "]" after a field but found ${s.here()}`);
  }
  s.pos += 1;
  s.skipSpace();
  if (!s.atEnd()) s.fail(s.pos, "nothing may follow the closing ] of a space-delimited pattern");
  return { kind: "space-delimited", fields };
}

function parseField(s: Scanner): SpaceField {
  const offset = s.pos;
  // An empty slot is an unnamed field: AWS's `[..., request=*.html*, status_code=4*,]` ends with
  // one, and AWS lists what it extracted there as "$7" (the event's seventh field).
  if (s.peek() === "," || s.peek() === "]") return { kind: "field", offset };
  if (s.startsWith("...")) {
    s.pos += 3;
    s.skipSpace();
    if (!s.atEnd() && s.peek() !== "," && s.peek() !== "]") {
      s.fail(s.pos, `"..." stands for any number of fields and takes no condition`);
    }
    return { kind: "ellipsis", offset };
  }
  if (s.peek() === "\u2026") s.fail(offset, `write the ellipsis as three periods "..."`);
  const name = readFieldName(s);
  s.skipSpace();
  if (s.atEnd() || s.peek() === "," || s.peek() === "]") return { kind: "field", name, offset };
  return { kind: "field", name, offset, condition: parseFieldOr(s, name, true) };
}

function readFieldName(s: Scanner): string {
  const start = s.pos;
  while (WORD_CHAR.test(s.peek() ?? "")) s.pos += 1;
  if (s.pos === start) s.fail(start, `expected a field name (letters, digits and _) or "..." but found ${s.here()}`);
  return s.pattern.slice(start, s.pos);
}

function parseFieldOr(s: Scanner, name: string, nameRead: boolean): BooleanExpr<FieldCondition> {
  const operands = [parseFieldAnd(s, name, nameRead)];
  for (s.skipSpace(); s.startsWith("||"); s.skipSpace()) {
    s.pos += 2;
    operands.push(parseFieldAnd(s, name, false));
  }
  return operands.length === 1 ? operands[0] : { kind: "or", operands };
}

function parseFieldAnd(s: Scanner, name: string, nameRead: boolean): BooleanExpr<FieldCondition> {
  const operands: BooleanExpr<FieldCondition>[] = [{ kind: "leaf", leaf: parseFieldCondition(s, name, nameRead) }];
  for (s.skipSpace(); s.startsWith("&&"); s.skipSpace()) {
    s.pos += 2;
    operands.push({ kind: "leaf", leaf: parseFieldCondition(s, name, false) });
  }
  if (s.peek() === "&" || (s.peek() === "|" && s.peek(1) !== "|")) {
    s.fail(s.pos, `write && for AND and || for OR`);
  }
  return operands.length === 1 ? operands[0] : { kind: "and", operands };
}

/**
 * One comparison inside a field. Every condition in a field must name that field: AWS's former
 * example `[…, status_code = 4* && bytes > 1000]` was reported as "Invalid filter pattern"
 * (awsdocs/amazon-cloudwatch-logs-user-guide issue #21) and AWS replaced it with
 * `status_code = 403 || status_code = 404`.
 */
function parseFieldCondition(s: Scanner, name: string, nameRead: boolean): FieldCondition {
  if (!nameRead) {
    s.skipSpace();
    const at = s.pos;
    const other = readFieldName(s);
    if (other !== name) {
      s.fail(at, `a condition in field "${name}" must test "${name}", not "${other}"; give "${other}" its own field`);
    }
    s.skipSpace();
  }
  const offset = s.pos;
  return { ...s.readComparison(FIELD_VALUE_END), offset };
}
