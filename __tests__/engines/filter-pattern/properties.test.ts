/**
 * Properties that must hold for every input, checked with fast-check: the parser either returns
 * or throws FilterPatternSyntaxError with an offset inside the pattern; a compiled predicate never
 * throws and always answers the same for the same event; and a few semantic laws.
 */
import fc from "fast-check";
import {
  compileFilterPattern,
  FilterPatternSyntaxError,
  parseFilterPattern,
  toLogEvent,
  type LogEvent,
} from "../../../modules/engines/filter-pattern";

const RUNS = { numRuns: 300 };

/** Returns "ok", or the error after checking it is ours and points inside the pattern. */
const parseOutcome = (pattern: string): "ok" | FilterPatternSyntaxError => {
  try {
    parseFilterPattern(pattern);
    return "ok";
  } catch (error) {
    if (!(error instanceof FilterPatternSyntaxError)) throw error;
    if (!(error.offset >= 0 && error.offset <= pattern.length)) throw new Error(`offset ${error.offset} outside ${JSON.stringify(pattern)}`);
    if (error.column !== error.offset + 1 || error.pattern !== pattern) throw new Error("inconsistent error position");
    return error;
  }
};

/** Pieces of every pattern kind, valid and invalid, to build plausible soups from. */
const PIECES = [
  "{", "}", "[", "]", "(", ")", "$", "$.", "$.a", "$.b.c", "$.a[0]", "$.a[*]", "$.*", "$.['x.y']", ".", "[0]", "[*]",
  "=", "!=", "<", "<=", ">", ">=", "==", "!", "&&", "||", "&", "|", "IS", "NOT", "EXISTS", "TRUE", "FALSE", "NULL", "is",
  '"', '"x"', '"a b"', '"*x"', '"\\"', "%", "%a%", "%^x|y$%", "%[a-z]+%", "%\\d{1,3}%", "%(x)%", "%\\%", "...", ",",
  "?", "-", "ERROR", "WARN", "*", "4*", "x*y", "1e3", "-1.5", "+7", "ab_c", "kms.amazonaws.com", "@", "é", "\\", "'",
  " ", "  ", "\t", "\n",
];
const soup = fc
  .tuple(fc.array(fc.constantFrom(...PIECES), { maxLength: 24 }), fc.constantFrom("", " "))
  .map(([pieces, sep]) => pieces.join(sep));

describe("parseFilterPattern", () => {
  test("returns or throws a FilterPatternSyntaxError inside the pattern, for any string", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 80 }), (s) => void parseOutcome(s)), RUNS);
  });
  test("returns or throws a FilterPatternSyntaxError inside the pattern, for token soups", () => {
    fc.assert(fc.property(soup, (s) => void parseOutcome(s)), { numRuns: 2000 });
  });
  test("returns or throws a FilterPatternSyntaxError for soups inside { } and [ ]", () => {
    const wrapped = fc.tuple(fc.constantFrom("{", "[", "%", '"'), soup, fc.constantFrom("}", "]", "%", '"', "")).map((p) => p.join(""));
    fc.assert(fc.property(wrapped, (s) => void parseOutcome(s)), { numRuns: 2000 });
  });
  test("rejects a non-string with a FilterPatternSyntaxError", () => {
    expect(() => parseFilterPattern(undefined as unknown as string)).toThrow(FilterPatternSyntaxError);
  });
});

// ---------------------------------------------------------------------------------------------
// Valid patterns, generated from the grammar

const name = fc.constantFrom("a", "b", "eventName", "x-y", "n_1", "0");
const selector = fc
  .array(fc.oneof(name.map((n) => `.${n}`), fc.nat({ max: 3 }).map((i) => `[${i}]`), fc.constant(".['k.v']")), { minLength: 0, maxLength: 3 })
  .chain((steps) => name.map((first) => `$.${first}${steps.join("")}`));
const wildSelector = fc.oneof(selector, fc.constantFrom("$.a[*]", "$.*", "$.a[*].b", "$.*.a"));
const stringLiteral = fc.constantFrom('"x"', '"*x"', '"x*"', '"*"', "*", "abc", "a.b*", '"A b"', '""', '"1"', "true", "Ev*ent");
const numberLiteral = fc.constantFrom("0", "1", "-1", "2.5", "1e3", "+10", "10e-3");
const regexLiteral = fc.constantFrom("%x%", "%^a%", "%b$%", "%[0-9]+%", "%a|b%", "%\\d{2}%", "%.%");
const condition = fc.oneof(
  fc.tuple(wildSelector, fc.constantFrom("=", "!="), fc.oneof(stringLiteral, numberLiteral, regexLiteral)).map(([s, o, v]) => `${s} ${o} ${v}`),
  fc.tuple(wildSelector, fc.constantFrom("<", "<=", ">", ">="), numberLiteral).map(([s, o, v]) => `${s}${o}${v}`),
  fc.tuple(selector, fc.constantFrom("IS TRUE", "IS FALSE", "IS NULL", "NOT EXISTS")).map(([s, k]) => `${s} ${k}`),
);
const { expr } = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    condition,
    fc.tuple(tie("expr"), fc.constantFrom("&&", "||"), tie("expr")).map(([a, op, b]) => `${a} ${op} ${b}`),
    tie("expr").map((e) => `(${e})`),
  ),
}));
/** At most three wildcard selectors per pattern (AWS quota): keep only those. */
const jsonPattern = expr.map((e) => `{ ${e} }`).filter((p) => (p.match(/\[\*\]|\.\*/g) ?? []).length <= 3);

const term = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9_]{1,6}$/),
  fc.string({ minLength: 1, maxLength: 6 }).filter((s) => s.trim() !== "" && !/["\\]/.test(s)).map((s) => `"${s}"`),
);
const termsPattern = fc.oneof(
  fc.array(fc.tuple(fc.constantFrom("", "-"), term), { minLength: 1, maxLength: 4 }).map((ts) => ts.map(([p, t]) => p + t).join(" ")),
  fc.array(term, { minLength: 1, maxLength: 4 }).map((ts) => ts.map((t) => `?${t}`).join(" ")),
);
const fieldCondition = (n: string): fc.Arbitrary<string> =>
  fc.oneof(
    fc.tuple(fc.constantFrom("=", "!="), fc.oneof(stringLiteral, numberLiteral, regexLiteral)).map(([o, v]) => `${n}${o}${v}`),
    fc.tuple(fc.constantFrom("<", ">="), numberLiteral).map(([o, v]) => `${n} ${o} ${v}`),
  );
const field = fc.oneof(
  fc.constant("..."),
  fc.constant(""),
  name.filter((n) => /^[A-Za-z0-9_]+$/.test(n)),
  fc.constantFrom("w1", "f").chain((n) =>
    fc.array(fieldCondition(n), { minLength: 1, maxLength: 3 }).chain((cs) =>
      fc.array(fc.constantFrom(" && ", " || "), { minLength: cs.length - 1, maxLength: cs.length - 1 }).map((ops) =>
        cs.reduce((acc, c, i) => `${acc}${ops[i - 1]}${c}`),
      ),
    ),
  ),
);
const spacePattern = fc.array(field, { minLength: 1, maxLength: 6 }).filter((fs) => fs.some((f) => f !== "")).map((fs) => `[${fs.join(", ")}]`);
const anyValidPattern = fc.oneof(jsonPattern, termsPattern, spacePattern, regexLiteral, fc.constantFrom("", '" "'));

const jsonEvent = fc.jsonValue({ maxDepth: 4 }).map((v): LogEvent => ({ message: JSON.stringify(v) ?? "", json: v }));
const shapedEvent = fc
  .record({
    a: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom("x", "1", 1, "*x", "abc", null)),
    b: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.array(fc.constantFrom("x", 1, "a"))),
    eventName: fc.constantFrom("x", "Ev*ent", "Event", "a.b"),
    "k.v": fc.constantFrom("x", 1),
  }, { requiredKeys: [] })
  .map((v) => toLogEvent(JSON.stringify(v)));
const textEvent = fc
  .oneof(fc.string({ unit: "binary", maxLength: 60 }), fc.array(fc.constantFrom("ERROR", "x", "1", '"a b"', "[c d]", "abc", "  ", "w1", "é"), { maxLength: 8 }).map((ws) => ws.join(" ")))
  .map(toLogEvent);
const oddEvent = fc.anything().map((json) => ({ message: "odd", json }));
const anyEvent = fc.oneof(jsonEvent, shapedEvent, textEvent, oddEvent);

describe("generated valid patterns", () => {
  test("parse", () => {
    fc.assert(fc.property(anyValidPattern, (p) => expect(parseOutcome(p)).toBe("ok")), RUNS);
  });
  test("still return or throw a FilterPatternSyntaxError inside the pattern after a random edit", () => {
    const edited = fc
      .tuple(anyValidPattern, fc.nat(), fc.nat({ max: 3 }), fc.constantFrom(...PIECES))
      .map(([p, at, cut, piece]) => {
        const i = p.length === 0 ? 0 : at % (p.length + 1);
        return p.slice(0, i) + piece + p.slice(i + cut);
      });
    fc.assert(fc.property(edited, (p) => void parseOutcome(p)), { numRuns: 2000 });
  });
  test("compile to predicates that never throw and answer the same twice", () => {
    fc.assert(
      fc.property(anyValidPattern, fc.array(anyEvent, { maxLength: 6 }), (p, events) => {
        const predicate = compileFilterPattern(p);
        for (const event of events) {
          const first = predicate(event);
          expect(typeof first).toBe("boolean");
          expect(predicate(event)).toBe(first);
        }
      }),
      RUNS,
    );
  });
  test("predicates tolerate events that break the LogEvent type", () => {
    const junk = [null, undefined, 42, "text", {}, { message: 5 }, { message: null, json: [] }, { json: { a: 1 } }] as unknown as LogEvent[];
    fc.assert(
      fc.property(anyValidPattern, (p) => {
        const predicate = compileFilterPattern(p);
        for (const event of junk) expect(typeof predicate(event)).toBe("boolean");
      }),
      { numRuns: 100 },
    );
  });
});

describe("laws", () => {
  const one = condition.map((c) => `{ ${c} }`).filter((p) => parseOutcome(p) === "ok");
  const events = fc.oneof(shapedEvent, jsonEvent);
  test("{ A || B } matches exactly when { A } or { B } does", () => {
    fc.assert(
      fc.property(condition, condition, events, (a, b, e) => {
        const either = compileFilterPattern(`{ ${a} || ${b} }`)(e);
        expect(either).toBe(compileFilterPattern(`{ ${a} }`)(e) || compileFilterPattern(`{ ${b} }`)(e));
      }),
      RUNS,
    );
  });
  test("{ A && B } matches exactly when { A } and { B } do", () => {
    fc.assert(
      fc.property(condition, condition, events, (a, b, e) => {
        const both = compileFilterPattern(`{ ${a} && ${b} }`)(e);
        expect(both).toBe(compileFilterPattern(`{ ${a} }`)(e) && compileFilterPattern(`{ ${b} }`)(e));
      }),
      RUNS,
    );
  });
  test("parentheses around a whole condition change nothing", () => {
    fc.assert(
      fc.property(one, events, (p, e) => {
        expect(compileFilterPattern(`{ (${p.slice(2, -2)}) }`)(e)).toBe(compileFilterPattern(p)(e));
      }),
      RUNS,
    );
  });
  test("= and != on a string value that is present never agree", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 8 }), fc.stringMatching(/^[A-Za-z0-9_]{1,5}\*?$/), (value, literal) => {
        const e = toLogEvent(JSON.stringify({ v: value }));
        expect(compileFilterPattern(`{ $.v = ${literal} }`)(e)).toBe(!compileFilterPattern(`{ $.v != ${literal} }`)(e));
      }),
      RUNS,
    );
  });
  test("a quoted phrase matches exactly the messages that contain it", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 5 }).filter((s) => s.trim() !== "" && !/["\\]/.test(s)), fc.string({ maxLength: 20 }), (phrase, message) => {
        const pattern = `"${phrase}"`;
        expect(compileFilterPattern(pattern)(toLogEvent(message))).toBe(message.includes(phrase));
        expect(compileFilterPattern(pattern)(toLogEvent(`${message}${phrase}`))).toBe(true);
      }),
      RUNS,
    );
  });
  test("toLogEvent never throws and keeps the message", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary" }), fc.jsonValue().map((v) => JSON.stringify(v) ?? "")), (m) => {
        expect(toLogEvent(m).message).toBe(m);
      }),
      RUNS,
    );
  });
});
