/**
 * What PutRule refuses (InvalidEventPatternException), each with the place it names. Cases restate
 * event-ruler's JsonRuleCompiler checks and LocalStack's AWS-validated *_EXC vectors.
 */
import {
  compileEventPattern,
  DEFAULT_MAX_PATTERN_LENGTH,
  EventPatternError,
} from "../../../modules/engines/event-pattern";

type Rejection = readonly [name: string, pattern: unknown, path: string, reason: RegExp];

const rejections: readonly Rejection[] = [
  // The document
  ["rejects text that is not JSON", "{'bad': 'quotation'}", "", /not valid JSON.*line 1, column 2/],
  ["rejects an unclosed pattern", '{"not": closed mark"', "not", /not valid JSON/],
  ["rejects a bare word", "this is valid json but not a dict", "", /not valid JSON/],
  ["rejects trailing text after the pattern", '{"a":["b"]} x', "", /after the pattern/],
  ["rejects an array as the pattern", '["not", "a", "dict"]', "", /must be a JSON object, not an array/],
  ["rejects a string value as the pattern", JSON.stringify("text"), "", /must be a JSON object/],
  ["rejects the empty pattern", {}, "", /empty objects are not allowed/],
  ["rejects an empty nested object", { detail: {} }, "detail", /empty objects/],
  ["rejects undefined as the pattern", undefined, "", /must be a JSON object/],
  ["rejects a BigInt it cannot serialize", { a: [1n] }, "", /cannot be written as JSON/],
  // Fields and values
  ["rejects a number where an array belongs", { int: 42 }, "int", /"int" must be an array .* not the number 42/],
  ["rejects a string where an array belongs", { detail: { state: "on" } }, "detail.state", /must be an array/],
  ["rejects null where an array belongs", { detail: { state: null } }, "detail.state", /not null/],
  ["rejects an empty value list", { resources: [] }, "resources", /empty arrays are not allowed/],
  ["rejects a nested array as a value", { detail: { eventName: ["a", "b", ["c"]] } }, "detail.eventName[2]", /not an array/],
  ["quotes a dotted key in the path", { detail: { "a.b": "x" } }, 'detail["a.b"]', /must be an array/],
  // Operators
  ["rejects an empty operator object", { a: [{}] }, "a[0]", /needs one operator/],
  ["rejects an unknown operator", { a: [{ contains: "x" }] }, "a[0]", /unrecognized operator "contains"/],
  ["rejects an upper-case operator (EXISTS)", { my_key: [{ EXISTS: true }] }, "my_key[0]", /unrecognized operator "EXISTS"/],
  ["rejects an upper-case operator (NUMERIC)", { detail: { equal: [{ NUMERIC: ["=", 5] }] } }, "detail.equal[0]", /unrecognized operator "NUMERIC"/],
  ["rejects two operators in one object", { a: [{ prefix: "x", suffix: "y" }] }, "a[0].suffix", /only one operator/],
  ["rejects a number as prefix", { time: [{ prefix: 123 }] }, "time[0].prefix", /must be a string, not the number 123/],
  ["rejects a list as prefix", { time: [{ prefix: ["2022"] }] }, "time[0].prefix", /must be a string, not an array/],
  ["rejects a number as suffix", { f: [{ suffix: 123 }] }, "f[0].suffix", /must be a string/],
  ["rejects a list as suffix", { f: [{ suffix: [".png"] }] }, "f[0].suffix", /must be a string/],
  ["rejects prefix with another operator than equals-ignore-case", { f: [{ prefix: { wildcard: "x" } }] }, "f[0].prefix", /equals-ignore-case/],
  ["rejects a list as equals-ignore-case", { t: [{ "equals-ignore-case": ["x"] }] }, "t[0].equals-ignore-case", /must be a string/],
  ["rejects an operator object as equals-ignore-case", { t: [{ "equals-ignore-case": { prefix: "ec2" } }] }, "t[0].equals-ignore-case", /must be a string/],
  ["rejects consecutive wildcards", { arn: [{ wildcard: "arn:aws:events:us-east-1:**:event-bus/*" }] }, "arn[0].wildcard", /consecutive wildcard characters at position 25/],
  ["rejects a backslash that escapes a letter", { f: [{ wildcard: "a\\b" }] }, "f[0].wildcard", /invalid escape at position 1/],
  ["rejects a trailing backslash", { f: [{ wildcard: "a\\" }] }, "f[0].wildcard", /invalid escape/],
  ["rejects a number as wildcard", { f: [{ wildcard: 123 }] }, "f[0].wildcard", /must be a string/],
  ["rejects a list as wildcard", { f: [{ wildcard: ["a*"] }] }, "f[0].wildcard", /must be a string/],
  ["rejects exists that is not a boolean", { f: [{ exists: "true" }] }, "f[0].exists", /true or false/],
  // numeric
  ["rejects numeric that is not an array", { c: [{ numeric: 10 }] }, "c[0].numeric", /must be an array/],
  ["rejects a numeric expression missing its last value", { c: [{ numeric: [">", 0, "<"] }] }, "c[0].numeric[3]", /must be a number, not nothing/],
  ["rejects two lower bounds", { c: [{ numeric: [">", 0, ">", 0] }] }, "c[0].numeric[2]", /only "<" or "<="/],
  ["rejects an upper bound before a lower bound", { c: [{ numeric: ["<", 5, ">", 0] }] }, "c[0].numeric[2]", /too many elements/],
  ["rejects a string as numeric operand", { c: [{ numeric: [">", "5"] }] }, "c[0].numeric[1]", /must be a number/],
  ["rejects an unknown numeric operator", { c: [{ numeric: ["!=", 5] }] }, "c[0].numeric[0]", /unrecognized numeric operator "!="/],
  ["rejects an empty numeric expression", { c: [{ numeric: [] }] }, "c[0].numeric[0]", /comparison operator/],
  ["rejects an empty range", { c: [{ numeric: [">=", 5, "<=", 5] }] }, "c[0].numeric", /must be less than the upper bound/],
  ["rejects an inverted range", { c: [{ numeric: [">", 10, "<", 1] }] }, "c[0].numeric", /must be less than/],
  ["rejects a numeric operand that is not exactly a double", '{"c":[{"numeric":[">", 9007199254740993]}]}', "c[0].numeric[1]", /not exactly a 64-bit/],
  ["rejects a numeric operand beyond the double range", '{"c":[{"numeric":["<", 1e400]}]}', "c[0].numeric[1]", /cannot be compared/],
  // anything-but
  ["rejects anything-but null", { s: [{ "anything-but": null }] }, "s[0].anything-but", /not null/],
  ["rejects null inside an anything-but list", { s: [{ "anything-but": ["stopped", null] }] }, "s[0].anything-but[1]", /strings or numbers, not null/],
  ["rejects a boolean inside an anything-but list", { s: [{ "anything-but": [true] }] }, "s[0].anything-but[0]", /not the boolean true/],
  ["rejects a mixed anything-but list", { s: [{ "anything-but": ["a", 1] }] }, "s[0].anything-but", /only strings or only numbers/],
  ["rejects an empty anything-but list", { s: [{ "anything-but": [] }] }, "s[0].anything-but", /must not be empty/],
  ["rejects an empty anything-but prefix", { f: [{ "anything-but": { prefix: "" } }] }, "f[0].anything-but.prefix", /empty prefix/],
  ["rejects an empty anything-but suffix", { f: [{ "anything-but": { suffix: "" } }] }, "f[0].anything-but.suffix", /empty suffix/],
  ["rejects anything-but prefix with equals-ignore-case", { f: [{ "anything-but": { prefix: { "equals-ignore-case": "file" } } }] }, "f[0].anything-but.prefix", /string or an array of strings, not an object/],
  ["rejects anything-but suffix with equals-ignore-case", { f: [{ "anything-but": { suffix: { "equals-ignore-case": ".png" } } }] }, "f[0].anything-but.suffix", /not an object/],
  ["rejects a number as anything-but prefix", { s: [{ "anything-but": { prefix: 123 } }] }, "s[0].anything-but.prefix", /must be a string/],
  ["rejects a number in an anything-but prefix list", { s: [{ "anything-but": { prefix: [123, "test"] } }] }, "s[0].anything-but.prefix[0]", /must be a string/],
  ["rejects null in an anything-but suffix list", { s: [{ "anything-but": { suffix: [null, ".txt"] } }] }, "s[0].anything-but.suffix[0]", /not null/],
  ["rejects a number as anything-but equals-ignore-case", { s: [{ "anything-but": { "equals-ignore-case": 123 } }] }, "s[0].anything-but.equals-ignore-case", /must be a string/],
  ["rejects numbers in an anything-but equals-ignore-case list", { s: [{ "anything-but": { "equals-ignore-case": [123, 456] } }] }, "s[0].anything-but.equals-ignore-case[0]", /must be a string/],
  ["rejects a number as anything-but wildcard", { s: [{ "anything-but": { wildcard: 123 } }] }, "s[0].anything-but.wildcard", /must be a string/],
  ["rejects consecutive wildcards in anything-but", { s: [{ "anything-but": { wildcard: ["*/dir/*", "a**"] } }] }, "s[0].anything-but.wildcard[1]", /consecutive wildcard/],
  ["rejects an unsupported anything-but operator", { s: [{ "anything-but": { numeric: [">", 1] } }] }, "s[0].anything-but.numeric", /supports prefix, suffix, equals-ignore-case and wildcard/],
  // cidr
  ["rejects a CIDR without a slash", { ip: [{ cidr: "bad-filter" }] }, "ip[0].cidr", /exactly one '\/'/],
  ["rejects a CIDR with a bad address", { ip: [{ cidr: "xx.11.xx/8" }] }, "ip[0].cidr", /"xx\.11\.xx" is not an IPv4 or IPv6 address/],
  ["rejects a CIDR with bad mask bits", { ip: [{ cidr: "bad-/64filter" }] }, "ip[0].cidr", /mask bits must be an integer/],
  ["rejects a CIDR with a bad IPv6 address", { ip: [{ cidr: "xxxx:db8:1234:1a00::/64" }] }, "ip[0].cidr", /not an IPv4 or IPv6/],
  ["rejects a list as CIDR", { ip: [{ cidr: ["10.0.0.0/8"] }] }, "ip[0].cidr", /must be a string/],
  ["rejects a negative mask", { ip: [{ cidr: "10.0.0.0/-1" }] }, "ip[0].cidr", /must not be negative/],
  ["rejects an IPv4 /32 (event-ruler allows at most /31)", { ip: [{ cidr: "10.0.0.1/32" }] }, "ip[0].cidr", /IPv4 mask bits must be < 32/],
  ["rejects an IPv6 /128", { ip: [{ cidr: "::1/128" }] }, "ip[0].cidr", /IPv6 mask bits must be < 128/],
  ["rejects an octet above 255", { ip: [{ cidr: "10.0.0.256/24" }] }, "ip[0].cidr", /not an IPv4/],
  // $or
  ["rejects $or with one alternative", { $or: [{ a: ["1"] }] }, "$or", /at least two alternatives, found 1/],
  ["rejects $or that is not an array", { $or: { a: ["1"] } }, "$or", /must be an array of at least two objects/],
  ["rejects a non-object alternative", { $or: [{ a: ["1"] }, ["b"]] }, "$or[1]", /must be an object/],
  ["rejects an empty alternative", { detail: { $or: [{ a: ["1"] }, {}] } }, "detail.$or[1]", /empty objects/],
  ["rejects a reserved word as a field inside $or", { $or: [{ numeric: [123] }, { prefix: ["abc"] }] }, "$or[0].numeric", /reserved word/],
  ["rejects a reserved word deeper inside $or", { $or: [{ a: ["1"] }, { detail: { exists: ["x"] } }] }, "$or[1].detail.exists", /reserved word/],
  ["rejects errors inside an alternative at their place", { $or: [{ a: ["1"] }, { b: [{ wildcard: "**" }] }] }, "$or[1].b[0].wildcard", /consecutive/],
  ["rejects $or that expands to too many alternatives",
    { $or: [{ a: ["1"] }, { b: ["1"] }], c: { $or: Array.from({ length: 33 }, (_, i) => ({ [`k${i}`]: ["1"] })) },
      d: { $or: Array.from({ length: 16 }, (_, i) => ({ [`k${i}`]: ["1"] })) } },
    "d", /more than 1024 alternatives/],
];

describe("pattern validation", () => {
  test.each(rejections)("%s", (_name, pattern, path, reason) => {
    let error: unknown;
    try {
      compileEventPattern(pattern);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EventPatternError);
    expect((error as EventPatternError).path).toBe(path);
    expect((error as EventPatternError).reason).toMatch(reason);
    expect((error as EventPatternError).message).toBe(path ? `${path}: ${(error as EventPatternError).reason}` : (error as EventPatternError).reason);
  });
});

type Acceptance = readonly [name: string, pattern: unknown];

const acceptances: readonly Acceptance[] = [
  ["accepts a field named like an operator outside $or", { detail: { prefix: ["x"], numeric: [1] } }],
  ["accepts \"exactly\", which event-ruler knows though the guide does not list it", { a: [{ exactly: "x" }] }],
  ["accepts an empty prefix", { a: [{ prefix: "" }] }],
  ["accepts an empty wildcard", { a: [{ wildcard: "" }] }],
  ["accepts an escaped star next to a wildcard", { a: [{ wildcard: "\\**" }] }],
  ["accepts anything-but wildcard \"\"", { a: [{ "anything-but": { wildcard: "" } }] }],
  ["accepts numbers far beyond ±5e9", { a: [{ numeric: [">", -1e300, "<", 1e300] }] }],
  ["accepts 0.1 as a numeric operand (it is what its double prints as)", '{"a":[{"numeric":["=", 0.1]}]}'],
  ["accepts a plain number that is not exactly a double (matched as a literal in AWS)", '{"a":[12345678901234567890]}'],
  ["accepts IPv4 /31", { ip: [{ cidr: "10.0.0.0/31" }] }],
  ["accepts IPv6 /0", { ip: [{ cidr: "::/0" }] }],
  ["accepts \"$or\" nested in an alternative", { $or: [{ a: ["1"] }, { $or: [{ b: ["1"] }, { c: ["1"] }] }] }],
  ["accepts a pattern of exactly the default size", `{"a":["${"x".repeat(DEFAULT_MAX_PATTERN_LENGTH - 10)}"]}`],
];

describe("pattern acceptance", () => {
  test.each(acceptances)("%s", (_name, pattern) => {
    expect(typeof compileEventPattern(pattern)).toBe("function");
  });
});

describe("pattern size (EventBridge quota \"Event pattern size\")", () => {
  const sized = (length: number): string => `{"a":["${"x".repeat(length - 10)}"]}`;

  test("rejects a pattern one character over the default 2,048", () => {
    expect(() => compileEventPattern(sized(DEFAULT_MAX_PATTERN_LENGTH + 1))).toThrow(/2049 characters long; EventBridge allows 2048/);
  });

  test("accepts a longer pattern when the account's quota is raised to 4,096", () => {
    expect(typeof compileEventPattern(sized(4096), { maxPatternLength: 4096 })).toBe("function");
    expect(() => compileEventPattern(sized(4097), { maxPatternLength: 4096 })).toThrow(EventPatternError);
  });

  test("measures an object as JSON.stringify writes it", () => {
    const pattern = { a: ["x".repeat(DEFAULT_MAX_PATTERN_LENGTH - 9)] };
    expect(JSON.stringify(pattern).length).toBe(DEFAULT_MAX_PATTERN_LENGTH + 1);
    expect(() => compileEventPattern(pattern)).toThrow(EventPatternError);
  });

  test("rejects nesting deeper than a JSON parser allows, as an EventPatternError", () => {
    const deep = `${'{"a":'.repeat(1001)}["x"]${"}".repeat(1001)}`;
    expect(() => compileEventPattern(deep, { maxPatternLength: 100_000 })).toThrow(/nesting deeper than 1000/);
  });
});
