import fc from "fast-check";
import { JsonArrayScanner } from "../../modules/replay/json-array-scanner";

/** Feeds `body` (what follows the array's `[`) in chunks cut at `cuts`, returns the elements. */
function scan(body: string, cuts: readonly number[] = []): { elements: string[]; closed: boolean; inside: boolean } {
  const bytes = Buffer.from(body);
  const elements: string[] = [];
  const scanner = new JsonArrayScanner((text, index) => {
    expect(index).toBe(elements.length + 1);
    elements.push(text);
  });
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    scanner.push(bytes.subarray(from, cut));
    from = cut;
  }
  scanner.push(bytes.subarray(from));
  return { elements, closed: scanner.isClosed, inside: scanner.isInsideElement };
}

const tricky = [
  { s: 'quote " and backslash \\ and brackets ]}[{' },
  { s: "\\", t: '\\"' },
  { emoji: "😀 ✓ naïve", nested: { a: [1, [2, { b: "]" }]], c: null } },
  { n: -1.5e3, b: true },
];

describe("JsonArrayScanner", () => {
  test("splits objects, keeping each element's exact text", () => {
    const body = `${tricky.map((o) => JSON.stringify(o)).join(" ,\n ")}]}`;
    expect(scan(body)).toEqual({ elements: tricky.map((o) => JSON.stringify(o)), closed: true, inside: false });
  });

  test("gives the same elements however the bytes are cut into chunks (escapes and UTF-8 across cuts)", () => {
    const body = `${tricky.map((o) => JSON.stringify(o)).join(",")}]`;
    const length = Buffer.byteLength(body);
    const expected = tricky.map((o) => JSON.stringify(o));
    for (let cut = 0; cut <= length; cut++) expect(scan(body, [cut]).elements).toEqual(expected);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: length }), { maxLength: 12 }), (cuts) => {
        expect(scan(body, cuts).elements).toEqual(expected);
      }),
    );
  });

  test("round-trips arbitrary JSON objects", () => {
    fc.assert(
      fc.property(fc.array(fc.dictionary(fc.string(), fc.jsonValue()), { maxLength: 5 }), fc.nat(), (objects, seed) => {
        const body = `${objects.map((o) => JSON.stringify(o)).join(",")}]`;
        const cut = seed % (Buffer.byteLength(body) + 1);
        expect(scan(body, [cut]).elements.map((t) => JSON.parse(t))).toEqual(objects.map((o) => JSON.parse(JSON.stringify(o))));
      }),
    );
  });

  test("hands over scalars too, for the caller to reject", () => {
    expect(scan('1, "two" ,null]').elements).toEqual(["1", '"two" ', "null"]);
  });

  test("knows when the input ended inside an element or before the array closed", () => {
    expect(scan('{"a": 1}, {"b": "x')).toMatchObject({ elements: ['{"a": 1}'], closed: false, inside: true });
    expect(scan('{"a": 1}, ')).toMatchObject({ closed: false, inside: false });
  });
});
