/**
 * CloudWatch Logs' restricted regular expressions (`%…%`), checked against AWS's list and turned
 * into JavaScript `RegExp` source.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/regex-expressions.html
 *
 * AWS allows only: letters and digits; the symbols `: _ # = @ / ; , -`; the operators
 * `^ $ ? [ ] { } | \ * + .`; no `(` `)` (no groups), no multibyte characters. Operators documented:
 * anchors, `?` (zero or one; the Chinese translation of the page says "zero or more", its example
 * `%colou?r%` is zero-or-one, and the English page says zero-or-one), classes `[...]`, `{m,n}` with
 * either bound omitted, alternation `|`, escapes of operators, `*`, `+`, `.`, `\d \D \s \S \w \W`
 * and `\xhh` (the documented way to match a character outside the list, e.g. `%\x28%` for `(`).
 *
 * Where the page is loose we read it strictly, so that whatever `validate` accepts is certain to be
 * accepted by AWS:
 * - A literal space is not in the list, although one example (`%^starting|^initializing|^shutting
 *   down%`) contains one; we reject it and suggest `\s` or `\x20`, which the page does document.
 * - Escaping a character outside the list does not make it allowed (`\(` is rejected, as AWS did
 *   in ministryofjustice/modernisation-platform-environments PR #5137); only `\xhh` reaches those.
 * - Escapes the page does not list (`\n`, `\t`, `\b`, back-references) are rejected.
 * - Empty alternatives (`a|`, `|a`, `a||b`), which would match every event, are rejected.
 * - A quantifier must follow something repeatable; stacking is rejected except a trailing `?` on a
 *   quantifier (lazy), which cannot change whether a search matches.
 * It is a search, not a full match: `%AUTHORIZED%` matches "UNAUTHORIZED REQUEST" (AWS's example).
 */
import { FilterPatternSyntaxError } from "./syntax-error";

const LETTER_OR_DIGIT = /[A-Za-z0-9]/;
/** Symbols the page allows as plain characters. */
const SYMBOLS = ":_#=@/;,-";
/** Operators the page allows; escaping one of them with `\` gives the literal character. */
const OPERATORS = "^$?[]{}|\\*+.";
const CLASS_ESCAPES = "dDsSwW";
const HEX = /^[0-9A-Fa-f]{2}$/;

/** Flags every translated regex is compiled with: `s` so that `.` is "any single character". */
export const REGEX_FLAGS = "s";

/**
 * Validates the body of a `%…%` regex and returns its JavaScript source. `bodyOffset` is the index
 * in `pattern` of the body's first character, so errors point into the whole pattern.
 */
export function translateRegex(pattern: string, body: string, bodyOffset: number): string {
  const fail = (index: number, reason: string): never => {
    throw new FilterPatternSyntaxError(pattern, bodyOffset + index, reason);
  };
  if (body.length === 0) fail(0, "a regex between % and % cannot be empty");

  let js = "";
  /** The previous item can take a quantifier. */
  let repeatable = false;
  /** The previous item was a quantifier; only a lazy `?` may follow it. */
  let quantified = false;
  let lazy = false;
  /** Index just after the last `|`, or 0: an alternative may not be empty. */
  let alternativeStart = 0;

  let i = 0;
  while (i < body.length) {
    const ch = body[i];
    if (ch === "*" || ch === "+" || ch === "?" || ch === "{") {
      const quantifierStart = i;
      let quantifier = ch;
      if (ch === "{") {
        const parsed = readBraces(body, i, fail);
        quantifier = parsed.js;
        i = parsed.end;
      } else {
        i += 1;
      }
      if (quantified) {
        if (ch !== "?" || lazy) fail(quantifierStart, `"${ch}" cannot follow another quantifier`);
        lazy = true;
        js += "?";
        continue;
      }
      if (!repeatable) fail(quantifierStart, `"${ch}" has nothing before it to repeat`);
      js += quantifier;
      quantified = true;
      lazy = false;
      continue;
    }
    quantified = false;
    lazy = false;
    if (ch === "|") {
      if (i === alternativeStart) fail(i, `an alternative before "|" is empty`);
      js += "|";
      repeatable = false;
      alternativeStart = i + 1;
      i += 1;
      continue;
    }
    if (ch === "^" || ch === "$") {
      js += ch;
      repeatable = false;
      i += 1;
      continue;
    }
    if (ch === ".") {
      js += ".";
      repeatable = true;
      i += 1;
      continue;
    }
    if (ch === "[") {
      const parsed = readClass(body, i, fail);
      js += parsed.js;
      repeatable = true;
      i = parsed.end;
      continue;
    }
    if (ch === "]" || ch === "}") fail(i, `"${ch}" must be escaped as "\\${ch}" outside a class`);
    if (ch === "\\") {
      const parsed = readEscape(body, i, fail, false);
      js += parsed.js;
      repeatable = true;
      i = parsed.end;
      continue;
    }
    js += literal(ch, i, fail, false);
    repeatable = true;
    i += 1;
  }
  if (alternativeStart === body.length && alternativeStart > 0) {
    fail(body.length - 1, `an alternative after "|" is empty`);
  }
  try {
    // The checks above should leave nothing for JavaScript to refuse; this is the last guard
    // (e.g. a class range written backwards, "[z-a]").
    new RegExp(js, REGEX_FLAGS);
  } catch (error) {
    fail(0, `invalid regex: ${(error as Error).message}`);
  }
  return js;
}

type Fail = (index: number, reason: string) => never;

/** A plain character outside a class (or inside one when `inClass`), as JavaScript source. */
function literal(ch: string, index: number, fail: Fail, inClass: boolean): string {
  if (LETTER_OR_DIGIT.test(ch)) return ch;
  if (SYMBOLS.includes(ch)) return ch === "-" ? "\\-" : ch === "/" ? "\\/" : ch;
  if (inClass && OPERATORS.includes(ch)) return `\\${ch}`;
  return fail(index, describeForbidden(ch));
}

function describeForbidden(ch: string): string {
  const code = ch.charCodeAt(0);
  if (ch === "(" || ch === ")") {
    return `parentheses are not supported in a regex; match "${ch}" with \\x${code.toString(16)}`;
  }
  if (ch === " ") return `a space is not allowed in a regex; use \\s or \\x20`;
  if (code < 0x20 || code === 0x7f) return `control character U+${code.toString(16).padStart(4, "0")} is not allowed in a regex`;
  if (code > 0x7f) return `multibyte and non-ASCII characters are not supported in a regex`;
  return `"${ch}" is not allowed in a regex; use \\x${code.toString(16).padStart(2, "0")} to match it`;
}

/** `\` followed by what AWS documents; returns the JavaScript for it and the index after it. */
function readEscape(body: string, start: number, fail: Fail, inClass: boolean): { js: string; end: number } {
  const next = body[start + 1];
  if (next === undefined) return fail(start, `"\\" at the end of a regex escapes nothing`);
  if (CLASS_ESCAPES.includes(next)) return { js: `\\${next}`, end: start + 2 };
  if (next === "x") {
    const hex = body.slice(start + 2, start + 4);
    if (!HEX.test(hex)) fail(start, `"\\x" must be followed by two hexadecimal digits`);
    return { js: `\\x${hex}`, end: start + 4 };
  }
  if (OPERATORS.includes(next)) return { js: `\\${next}`, end: start + 2 };
  if (SYMBOLS.includes(next)) return { js: literal(next, start + 1, fail, inClass), end: start + 2 };
  if (LETTER_OR_DIGIT.test(next)) {
    return fail(start, `"\\${next}" is not a supported escape (use \\d \\D \\s \\S \\w \\W \\xhh, or \\ before an operator)`);
  }
  return fail(start + 1, describeForbidden(next));
}

/** `[...]` with an optional leading `^`; returns its JavaScript and the index after `]`. */
function readClass(body: string, start: number, fail: Fail): { js: string; end: number } {
  let i = start + 1;
  let js = "[";
  if (body[i] === "^") {
    js += "^";
    i += 1;
  }
  const firstItem = i;
  while (i < body.length && body[i] !== "]") {
    const ch = body[i];
    if (ch === "\\") {
      const parsed = readEscape(body, i, fail, true);
      js += parsed.js;
      i = parsed.end;
    } else if (ch === "-" && i > firstItem && body[i + 1] !== "]") {
      js += "-";
      i += 1;
    } else {
      js += literal(ch, i, fail, true);
      i += 1;
    }
  }
  if (i >= body.length) fail(start, `"[" is never closed by "]"`);
  if (i === firstItem) fail(start, `a character class cannot be empty`);
  return { js: `${js}]`, end: i + 1 };
}

/** `{m}`, `{m,}`, `{,n}` or `{m,n}` (AWS: "either m or n can be omitted"). */
function readBraces(body: string, start: number, fail: Fail): { js: string; end: number } {
  const close = body.indexOf("}", start);
  if (close < 0) fail(start, `"{" is never closed by "}" (write "\\{" for the character)`);
  const inside = body.slice(start + 1, close);
  const m = /^(\d*)(,?)(\d*)$/.exec(inside);
  if (m === null || (m[1] === "" && m[3] === "") || (m[2] === "" && m[3] !== "")) {
    return fail(start, `"{${inside}}" is not a repetition; use {m}, {m,}, {,n} or {m,n}`);
  }
  const min = m[1] === "" ? 0 : Number(m[1]);
  const max = m[3] === "" ? undefined : Number(m[3]);
  if (max !== undefined && max < min) fail(start, `"{${inside}}" repeats at least ${min} but at most ${max} times`);
  const js = m[2] === "" ? `{${min}}` : `{${min},${max === undefined ? "" : max}}`;
  return { js, end: close + 1 };
}
