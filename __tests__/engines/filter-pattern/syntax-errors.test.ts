/**
 * Patterns AWS rejects, or that the engine refuses because AWS's text does not vouch for them,
 * throw FilterPatternSyntaxError pointing at the character at fault. The caret column of each row
 * is written under the pattern so that a reader can see the position.
 */
import { FilterPatternSyntaxError, parseFilterPattern } from "../../../modules/engines/filter-pattern";

/** [why, pattern, caret line: "^" under the offending character] */
const rows: readonly (readonly [why: string, pattern: string, caret: string])[] = [
  // Terms
  ["an unclosed quote", '"Failed password', "^"],
  ["a backslash before a quote inside quotes", '"say \\"hi"', "     ^"],
  ["a backslash before a backslash inside quotes", '"a\\\\b"', "  ^"],
  ["a backslash ending a quoted value", '{ $.a = "x\\" }', "          ^"],
  ["a bare term with punctuation", "ERROR 127.0.0.1", "         ^"],
  ["a bare term with a non-ASCII letter", "café", "   ^"],
  ["a sign detached from its term", "ERROR - DEBUG", "      ^"],
  ["a sign on a blank phrase", 'ERROR -" "', "      ^"],
  ["a ?term mixed with a plain term", "?ERROR WARN", "       ^"],
  ["a -term mixed with a ?term", "-DEBUG ?ERROR", "       ^"],
  ["text glued to a closing quote", '"a"b', "   ^"],
  ["a regex among terms", "ERROR %x%", "      ^"],
  ["a bare star as a term", "*", "^"],
  // Standalone regex
  ["an unclosed regex", "%abc", "^"],
  ["text after a regex", "%abc% def", "      ^"],
  ["an empty regex", "%%", " ^"],
  ["! in a regex", "%something!%", "          ^"],
  ["parentheses in a regex", "%(a|b)%", " ^"],
  ["an escaped parenthesis in a regex", "%\\(a%", "  ^"],
  ["a space in a regex", "%a b%", "  ^"],
  ["a tab in a regex", "%a\tb%", "  ^"],
  ["a multibyte character in a regex", "%é%", " ^"],
  ["an undocumented escape", "%\\n%", " ^"],
  ["a back-reference", "%a\\1%", "  ^"],
  ["\\x without two hex digits", "%\\xZ1%", " ^"],
  ["a quantifier with nothing to repeat", "%*a%", " ^"],
  ["a quantifier after an anchor", "%^+a%", "  ^"],
  ["two quantifiers in a row", "%a*+%", "   ^"],
  ["an empty alternative", "%a||b%", "   ^"],
  ["an alternative ending the regex", "%a|%", "  ^"],
  ["an alternative starting the regex", "%|a%", " ^"],
  ["an unclosed class", "%[abc%", " ^"],
  ["an empty class", "%[]%", " ^"],
  ["a reversed range", "%[z-a]%", " ^"],
  ["a stray ]", "%a]%", "  ^"],
  ["a stray }", "%a}%", "  ^"],
  ["a malformed repetition", "%a{x}%", "  ^"],
  ["a repetition with max below min", "%a{5,3}%", "  ^"],
  ["a quote in a regex", '%a"b%', "  ^"],
  // JSON
  ["an unclosed JSON pattern", '{ $.a = "x"', "           ^"],
  ["an unclosed parenthesis", '{ ($.a = "x" }', "             ^"],
  ["an unclosed quoted value", '{ $.a = "x }', "        ^"],
  ["an empty JSON pattern", "{}", " ^"],
  ["text after the closing brace", '{ $.a = "x" } ERROR', "              ^"],
  ["a selector without $.", '{ a = "x" }', "  ^"],
  ["$ without a period", '{ $a = "x" }', "   ^"],
  ["a period without a name", '{ $.a. = "x" }', "      ^"],
  ["a property with @", '{ $.@timestamp = "x" }', "    ^"],
  ["brackets with double quotes", '{ $.["a.b"] = "x" }', "    ^"],
  ["brackets without a period", "{ $.a['b'] = \"x\" }", "     ^"],
  ["an unclosed bracket name", "{ $.['a.b = \"x\" }", "    ^"],
  ["an index that is not a number", '{ $.a[x] = "x" }', "      ^"],
  ["two wildcards in one selector", '{ $.*.b[*] = "x" }', "        ^"],
  ["a fourth wildcard selector", '{ $.a[*] = 1 && $.b[*] = 1 && $.c[*] = 1 && $.d[*] = 1 }', "                                                ^"],
  ["EXISTS", "{ $.a EXISTS }", "      ^"],
  ["IS NOT", "{ $.a IS NOT NULL }", "      ^"],
  ["IS with an unknown word", "{ $.a IS EMPTY }", "         ^"],
  ["NOT without EXISTS", "{ $.a NOT NULL }", "          ^"],
  ["a lower-case keyword", "{ $.a is null }", "      ^"],
  ["==", '{ $.a == "x" }', "      ^"],
  ["=!", '{ $.a =! "x" }', "      ^"],
  ["! alone", '{ $.a ! "x" }', "      ^"],
  ["a missing operator", '{ $.a "x" }', "      ^"],
  ["a missing value", "{ $.a = }", "        ^"],
  ["a bare value with a colon", "{ $.arn = arn:aws:iam }", "             ^"],
  ["a bare value with @", "{ $.user = a@b }", "            ^"],
  ["< with a string", "{ $.a < abc }", "        ^"],
  ["> with a quoted number", '{ $.a > "5" }', "        ^"],
  [">= with a regex", "{ $.a >= %5% }", "         ^"],
  ["a single &", '{ $.a = 1 & $.b = 2 }', "          ^"],
  ["a single |", '{ $.a = 1 | $.b = 2 }', "          ^"],
  ["AND as a word", '{ $.a = 1 AND $.b = 2 }', "          ^"],
  ["negation with !", '{ !($.a = 1) }', "  ^"],
  ["a regex error inside JSON", "{ $.a = %(x)% }", "         ^"],
  ["an unclosed regex inside JSON", "{ $.a = %x }", "        ^"],
  // Space-delimited
  ["an unclosed space-delimited pattern", "[a, b", "     ^"],
  ["an empty space-delimited pattern", "[]", " ^"],
  ["text after the closing bracket", "[a] x", "    ^"],
  ["a field name with a hyphen", "[status-code]", "       ^"],
  ["a condition on another field", "[a, status = 4* && bytes > 1000]", "                   ^"],
  ["a condition on ...", "[... = x, a]", "     ^"],
  ["a Unicode ellipsis", "[…, a]", " ^"],
  ["a missing comma", "[a b]", "   ^"],
  ["< with a wildcard", "[a, b < 4*]", "        ^"],
  ["a bare value with a slash", "[verb, path = /index.html]", "              ^"],
  ["parentheses around a field condition", "[a, (b = 1)]", "    ^"],
];

const caretOffset = (caret: string): number => caret.indexOf("^");

describe.each(rows)("rejects %s", (_why, pattern, caret) => {
  let error: unknown;
  try {
    parseFilterPattern(pattern);
  } catch (e) {
    error = e;
  }
  test("with a FilterPatternSyntaxError", () => {
    expect(error).toBeInstanceOf(FilterPatternSyntaxError);
  });
  test(`at column ${caretOffset(caret) + 1}`, () => {
    const e = error as FilterPatternSyntaxError;
    expect({ offset: e.offset, column: e.column, reason: e.reason }).toMatchObject({
      offset: caretOffset(caret),
      column: caretOffset(caret) + 1,
    });
    expect(e.pattern).toBe(pattern);
    expect(e.message).toContain(`column ${e.column}`);
  });
});

describe("accepts what AWS documents or its examples use", () => {
  test.each([
    "",
    "   ",
    '" "',
    '""',
    "ERROR",
    "ERROR_CODE 404",
    '"ERROR" -"Exiting"',
    "?ERROR ?WARN",
    "%AUTHORIZED%",
    "  %a%  ",
    "%\\x28%",
    "%a-b%",
    "%[a\\-z]%",
    "%[-a]%",
    "%[a.$*]%",
    "%\\-\\:%",
    "%.*?x%",
    "%a{3}%",
    "%a{,3}%",
    "%:_#=@/;,-%",
    "{$.a=1}",
    "{ $.a = -1.5e-3 }",
    "{ $.a = +1 }",
    "{ $.a = 123.123.* }",
    "{ $.a = *.amazonaws.com }",
    "{ $.a = x_y-z }",
    "{ $.a[0][1] = 1 }",
    "{ $.a.b-c.d_e = 1 }",
    "{ $.['a b'].c = 1 }",
    "{ $.a[*] = 1 && $.b.* = 1 && $.* = 1 }",
    "{ (($.a = 1)) }",
    "{\n  $.a = 1\n  && $.b = 2\n}",
    "[a]",
    "[a,]",
    "[ a , b ]",
    "[...]",
    "[..., ...]",
    "[a = 1 || a = 2 && a != 3, b]",
    '[a = "x y", b = %x%]',
  ])("%j", (pattern) => {
    expect(() => parseFilterPattern(pattern)).not.toThrow();
  });
});
