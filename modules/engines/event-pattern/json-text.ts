import { fail, type PathStep } from "./error";

/**
 * A JSON value as EventBridge's parser sees it. We parse the text ourselves instead of using
 * JSON.parse because the matcher (aws/event-ruler's JsonRuleCompiler) reads the pattern as a
 * token stream: a repeated key is processed twice, in document order, and a number keeps its
 * literal text. JSON.parse would drop the first of two repeated keys and reorder integer-like keys.
 */
export type JsonNode =
  | { readonly kind: "object"; readonly entries: ReadonlyArray<readonly [string, JsonNode]> }
  | { readonly kind: "array"; readonly items: readonly JsonNode[] }
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "number"; readonly value: number; readonly text: string }
  | { readonly kind: "boolean"; readonly value: boolean }
  | { readonly kind: "null" };

/** Jackson's default StreamReadConstraints nesting limit, which event-ruler inherits. */
export const MAX_NESTING = 1000;

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t",
};

/** Strict RFC 8259 parse; throws EventPatternError naming the line, column and pattern path. */
export function parseJsonText(text: string): JsonNode {
  let pos = 0;
  const steps: PathStep[] = [];

  const where = (): string => {
    const before = text.slice(0, pos);
    const line = before.split("\n").length;
    const col = pos - before.lastIndexOf("\n");
    return `line ${line}, column ${col}`;
  };
  const syntax = (what: string): never => fail(steps, `the pattern is not valid JSON: ${what} at ${where()}`);
  const skipSpace = (): void => {
    while (pos < text.length && " \t\n\r".includes(text[pos])) pos++;
  };
  const expect = (char: string): void => {
    if (text[pos] !== char) syntax(`expected '${char}'`);
    pos++;
  };

  const parseString = (): string => {
    expect('"');
    let out = "";
    for (;;) {
      if (pos >= text.length) syntax("unterminated string");
      const c = text[pos];
      if (c === '"') {
        pos++;
        return out;
      }
      if (c < " ") syntax("control character in string (escape it)");
      if (c !== "\\") {
        out += c;
        pos++;
        continue;
      }
      const e = text[pos + 1];
      if (e === "u") {
        const hex = text.slice(pos + 2, pos + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) syntax("bad \\u escape");
        out += String.fromCharCode(parseInt(hex, 16));
        pos += 6;
      } else if (e !== undefined && ESCAPES[e] !== undefined) {
        out += ESCAPES[e];
        pos += 2;
      } else {
        syntax("bad escape in string");
      }
    }
  };

  const parseValue = (depth: number): JsonNode => {
    if (depth > MAX_NESTING) syntax(`nesting deeper than ${MAX_NESTING} levels`);
    skipSpace();
    const c = text[pos];
    if (c === "{") {
      pos++;
      const entries: Array<readonly [string, JsonNode]> = [];
      skipSpace();
      if (text[pos] === "}") {
        pos++;
        return { kind: "object", entries };
      }
      for (;;) {
        skipSpace();
        const key = parseString();
        skipSpace();
        expect(":");
        steps.push(key);
        entries.push([key, parseValue(depth + 1)]);
        steps.pop();
        skipSpace();
        if (text[pos] === ",") {
          pos++;
          continue;
        }
        expect("}");
        return { kind: "object", entries };
      }
    }
    if (c === "[") {
      pos++;
      const items: JsonNode[] = [];
      skipSpace();
      if (text[pos] === "]") {
        pos++;
        return { kind: "array", items };
      }
      for (;;) {
        steps.push(items.length);
        items.push(parseValue(depth + 1));
        steps.pop();
        skipSpace();
        if (text[pos] === ",") {
          pos++;
          continue;
        }
        expect("]");
        return { kind: "array", items };
      }
    }
    if (c === '"') return { kind: "string", value: parseString() };
    for (const [word, node] of [
      ["true", { kind: "boolean", value: true }],
      ["false", { kind: "boolean", value: false }],
      ["null", { kind: "null" }],
    ] as const) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return node;
      }
    }
    NUMBER.lastIndex = pos;
    const m = NUMBER.exec(text);
    if (m) {
      pos += m[0].length;
      return { kind: "number", value: Number(m[0]), text: m[0] };
    }
    return syntax(c === undefined ? "unexpected end of text" : `unexpected character ${JSON.stringify(c)}`);
  };

  const root = parseValue(0);
  skipSpace();
  if (pos < text.length) syntax("unexpected text after the pattern");
  return root;
}
