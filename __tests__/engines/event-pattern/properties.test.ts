import fc from "fast-check";
import { compileEventPattern, EventPatternError } from "../../../modules/engines/event-pattern";

const KEYS = ["a", "b", "c", "a.b", "$or"] as const;
const FIELD_KEYS = ["a", "b", "c", "a.b"] as const;

const shortText = fc.string({ maxLength: 4, unit: fc.constantFrom("a", "A", "b", "ß", "*", "1", ".", ":", "é") });
const finite = fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.double({ noNaN: true, noDefaultInfinity: true }));
const wildcardText = fc
  .array(fc.constantFrom("a", "b", "*", "\\*", "\\\\"), { maxLength: 5 })
  .filter((ts) => ts.every((t, i) => !(t === "*" && ts[i + 1] === "*")))
  .map((ts) => ts.join(""));
const range = fc.tuple(finite, finite).filter(([x, y]) => x < y);

/** One element of a field's value list: a value or an operator object that PutRule accepts. */
const condition: fc.Arbitrary<unknown> = fc.oneof(
  shortText,
  finite,
  fc.boolean(),
  fc.constant(null),
  shortText.map((s) => ({ prefix: s })),
  shortText.map((s) => ({ suffix: s })),
  shortText.map((s) => ({ "equals-ignore-case": s })),
  shortText.map((s) => ({ prefix: { "equals-ignore-case": s } })),
  wildcardText.map((s) => ({ wildcard: s })),
  shortText.map((s) => ({ "anything-but": s })),
  fc.array(finite, { minLength: 1, maxLength: 3 }).map((ns) => ({ "anything-but": ns })),
  shortText.filter((s) => s !== "").map((s) => ({ "anything-but": { prefix: s } })),
  fc.array(shortText, { minLength: 1, maxLength: 3 }).map((ss) => ({ "anything-but": { "equals-ignore-case": ss } })),
  wildcardText.map((s) => ({ "anything-but": { wildcard: s } })),
  range.map(([x, y]) => ({ numeric: [">=", x, "<", y] })),
  finite.map((x) => ({ numeric: ["=", x] })),
  fc.boolean().map((b) => ({ exists: b })),
  fc.constantFrom("10.0.0.0/8", "::/0", "192.0.2.0/24").map((c) => ({ cidr: c })),
);

const fieldList = fc.array(condition, { minLength: 1, maxLength: 3 });

/**
 * Valid patterns: nested objects, dotted keys and `$or`, built only from accepted parts. Kept
 * small (two entries, two alternatives, depth two) so that `$or`s cannot multiply past the
 * 1,024-alternative guard.
 */
const validPattern: fc.Arbitrary<Record<string, unknown>> = fc.letrec<{ obj: Record<string, unknown> }>((tie) => ({
  obj: fc
    .array(
      fc.oneof(
        { maxDepth: 2, depthIdentifier: "pattern" },
        fc.tuple(fc.constantFrom(...FIELD_KEYS), fieldList),
        fc.tuple(fc.constantFrom(...FIELD_KEYS), tie("obj")),
        fc.tuple(fc.constant("$or"), fc.array(tie("obj"), { minLength: 2, maxLength: 2 })),
      ),
      { minLength: 1, maxLength: 2 },
    )
    .map((entries) => Object.fromEntries(entries)),
})).obj;

/** Events shaped like the patterns, so that many cases match: nested objects, arrays, scalars. */
const scalar = fc.oneof(shortText, finite, fc.boolean(), fc.constant(null), fc.constantFrom("10.1.2.3", "2001:db8::1"));
const eventValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalar,
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie("value"), { maxKeys: 3 }),
  ),
})).value;
const shapedEvent = fc.dictionary(fc.constantFrom(...KEYS), eventValue, { maxKeys: 4 });

describe("properties", () => {
  test("every generated valid pattern compiles", () => {
    fc.assert(fc.property(validPattern, (p) => typeof compileEventPattern(p, { maxPatternLength: 100_000 }) === "function"));
  });

  test("compiled predicates never throw on arbitrary JSON events", () => {
    fc.assert(
      fc.property(validPattern, fc.oneof(shapedEvent, fc.jsonValue()), (p, event) => {
        const result = compileEventPattern(p, { maxPatternLength: 100_000 })(event);
        return typeof result === "boolean";
      }),
      { numRuns: 300 },
    );
  });

  test("compiled predicates never throw on values that are not JSON at all", () => {
    const fires = compileEventPattern({ a: [{ exists: true }], b: { c: [{ "anything-but": "x" }] } });
    fc.assert(fc.property(fc.anything({ withMap: true, withSet: true, withBigInt: true, withDate: true }), (v) => {
      return typeof fires(v) === "boolean" && typeof fires({ a: v, b: { c: v } }) === "boolean";
    }));
  });

  test("compileEventPattern on arbitrary JSON either returns or throws EventPatternError", () => {
    const outcome = (pattern: unknown): boolean => {
      try {
        return typeof compileEventPattern(pattern) === "function";
      } catch (e) {
        return e instanceof EventPatternError;
      }
    };
    fc.assert(fc.property(fc.jsonValue(), outcome), { numRuns: 300 });
    fc.assert(fc.property(fc.json(), outcome), { numRuns: 300 });
    fc.assert(fc.property(fc.string(), outcome), { numRuns: 300 });
    fc.assert(fc.property(fc.anything({ withBigInt: true, withMap: true }), outcome), { numRuns: 200 });
  });

  test("JSON text with one character removed either compiles or throws EventPatternError", () => {
    fc.assert(
      fc.property(validPattern, fc.nat(), (p, at) => {
        const text = JSON.stringify(p);
        const cut = text.slice(0, at % text.length) + text.slice((at % text.length) + 1);
        try {
          compileEventPattern(cut, { maxPatternLength: 100_000 });
          return true;
        } catch (e) {
          return e instanceof EventPatternError;
        }
      }),
    );
  });

  test("$or of two patterns matches exactly when either one does", () => {
    fc.assert(
      fc.property(validPattern, validPattern, shapedEvent, (left, right, event) => {
        const either = compileEventPattern({ $or: [left, right] }, { maxPatternLength: 100_000 });
        const l = compileEventPattern(left, { maxPatternLength: 100_000 });
        const r = compileEventPattern(right, { maxPatternLength: 100_000 });
        return either(event) === (l(event) || r(event));
      }),
      { numRuns: 300 },
    );
  });

  test("anything-but a string is the complement of that string on a present scalar (IP literals aside)", () => {
    fc.assert(
      fc.property(shortText.filter((s) => !s.includes(":")), scalar, (excluded, value) => {
        const event = { f: value };
        const is = compileEventPattern({ f: [excluded] })(event);
        const isNot = compileEventPattern({ f: [{ "anything-but": excluded }] })(event);
        return isNot === !is;
      }),
    );
  });

  test("an event built from a pattern's exact string values matches it", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom("x", "y", "z"), fc.array(shortText, { minLength: 1, maxLength: 3 }), { minKeys: 1 }), (fields) => {
        const event = { detail: Object.fromEntries(Object.entries(fields).map(([k, vs]) => [k, vs[vs.length - 1]])) };
        return compileEventPattern({ detail: fields })(event);
      }),
    );
  });
});
