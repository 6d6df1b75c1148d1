/**
 * Scenario tables per operator. Cases restate facts from the EventBridge guide
 * (eb-create-pattern-operators.html, eb-event-patterns-arrays.html, eb-event-patterns-null-values.html),
 * the aws/event-ruler README, and LocalStack's AWS-validated vectors
 * (tests/aws/services/events/event_pattern_templates): written here, not copied.
 */
import { compileEventPattern } from "../../../modules/engines/event-pattern";

type Case = readonly [name: string, pattern: object, event: object, matches: boolean];

const withDetail = (detail: unknown): object => ({
  version: "0",
  id: "1",
  "detail-type": "test-detail-type",
  source: "test-source",
  account: "123456789012",
  time: "2022-07-13T13:48:01Z",
  region: "us-east-2",
  resources: [],
  detail,
});

const run = (cases: readonly Case[]): void =>
  test.each(cases)("%s", (_name, pattern, event, matches) => {
    expect(compileEventPattern(pattern)(event)).toBe(matches);
  });

describe("exact values", () =>
  run([
    ["matches a listed string", { source: ["test-source"] }, withDetail({}), true],
    ["matches any of several listed strings", { source: ["other", "test-source"] }, withDetail({}), true],
    ["is case-sensitive", { source: ["Test-Source"] }, withDetail({}), false],
    ["keys are case-sensitive", { detail: { MY_KEY: ["v"] } }, withDetail({ my_key: "v" }), false],
    ["keeps trailing whitespace and emoji", { detail: { s: ["a 🚀 "] } }, withDetail({ s: "a 🚀 " }), true],
    ["does not trim whitespace", { detail: { s: ["a 🚀"] } }, withDetail({ s: "a 🚀 " }), false],
    ["requires every field (and)", { source: ["test-source"], region: ["eu-west-1"] }, withDetail({}), false],
    ["matches false", { detail: { b: [false] } }, withDetail({ b: false }), true],
    ["false does not match true", { detail: { b: [false] } }, withDetail({ b: true }), false],
    ["the string \"true\" does not match the boolean true", { detail: { b: ["true"] } }, withDetail({ b: true }), false],
    ["a number matches the same number", { detail: { n: [300] } }, withDetail({ n: 300 }), true],
    ["5 matches 5.0 (numbers compare by value)", { detail: { n: [5] } }, withDetail({ n: 5.0 }), true],
    ["a number does not match its string", { detail: { n: [300] } }, withDetail({ n: "300" }), false],
    ["a string does not match the number", { detail: { n: ["300"] } }, withDetail({ n: 300 }), false],
    ["does not look inside a JSON string", { detail: { k: ["v"] } }, withDetail('{"k": "v"}'), false],
    ["an absent field does not match", { detail: { state: ["on"] } }, withDetail({}), false],
    ["an object-valued field does not match a value", { detail: { state: ["on"] } }, withDetail({ state: { x: "on" } }), false],
    ["an IP literal matches the same address written differently", { detail: { ip: ["2001:db8::1"] } }, withDetail({ ip: "2001:0DB8:0:0:0:0:0:1" }), true],
    ["an IP literal does not match another address", { detail: { ip: ["10.0.0.1"] } }, withDetail({ ip: "10.0.0.2" }), false],
    ["an IP literal compares addresses, so \"a::1\" matches \"A::1\"", { detail: { ip: ["a::1"] } }, withDetail({ ip: "A::1" }), true],
    ["\"08:23\" looks like IPv6 but is not one, so it matches as text", { detail: { t: ["08:23"] } }, withDetail({ t: "08:23" }), true],
  ]));

describe("null and empty string", () =>
  run([
    ["[null] matches null", { detail: { r: [null] } }, withDetail({ r: null }), true],
    ["[null] does not match the string \"null\"", { detail: { r: [null] } }, withDetail({ r: "null" }), false],
    ["[null] does not match an absent field", { detail: { r: [null] } }, withDetail({}), false],
    ["[null] does not match an empty array", { resources: [null] }, withDetail({}), false],
    ["[\"\"] matches the empty string", { detail: { v: [""] } }, withDetail({ v: "" }), true],
    ["[\"\"] does not match null", { detail: { v: [""] } }, withDetail({ v: null }), false],
    ["[null] does not match the empty string", { detail: { v: [null] } }, withDetail({ v: "" }), false],
  ]));

describe("arrays in the event", () =>
  run([
    ["matches when any element matches", { resources: ["arn:b"] }, { resources: ["arn:a", "arn:b"] }, true],
    ["misses when no element matches", { resources: ["arn:c"] }, { resources: ["arn:a", "arn:b"] }, false],
    ["an empty array has no value", { resources: ["arn:a"] }, { resources: [] }, false],
    ["flattens arrays of objects", { detail: { items: { id: ["b"] } } }, withDetail({ items: [{ id: "a" }, { id: "b" }] }), true],
    ["flattens arrays of arrays", { detail: { items: { id: ["c"] } } }, withDetail({ items: [[{ id: "a" }], [{ id: "c" }]] }), true],
    ["takes both fields from one element", { detail: { e: { first: ["Anna"], last: ["Smith"] } } },
      withDetail({ e: [{ first: "John", last: "Doe" }, { first: "Anna", last: "Smith" }] }), true],
    ["refuses to combine fields from different elements of one array", { detail: { e: { first: ["Anna"], last: ["Jones"] } } },
      withDetail({ e: [{ first: "Anna", last: "Smith" }, { first: "Peter", last: "Jones" }] }), false],
    ["combines fields from different arrays freely", { detail: { a: { x: ["1"] }, b: { y: ["2"] } } },
      withDetail({ a: [{ x: "0" }, { x: "1" }], b: [{ y: "2" }] }), true],
  ]));

describe("nested objects and dotted keys", () =>
  run([
    ["matches a nested field", { detail: { a: { b: ["x"] } } }, withDetail({ a: { b: "x" } }), true],
    ["a dotted pattern key matches nested event fields", { detail: { "state.status": ["running"] } }, withDetail({ state: { status: "running" } }), true],
    ["a nested pattern matches a dotted event key", { detail: { state: { status: ["running"] } } }, withDetail({ "state.status": "running" }), true],
    ["a dotted key one level too deep misses", { detail: { state: { status: ["running"] } } }, withDetail({ "state.status": { status: "running" } }), false],
    ["the last of two spellings of one field wins", JSON.parse('{"detail":{"a.b":["x"],"a":{"b":["y"]}}}'), withDetail({ a: { b: "y" } }), true],
  ]));

describe("prefix and suffix", () =>
  run([
    ["prefix matches the start", { time: [{ prefix: "2022-07-13" }] }, withDetail({}), true],
    ["prefix misses another start", { time: [{ prefix: "2022-07-99" }] }, withDetail({}), false],
    ["an empty prefix matches any string", { source: [{ prefix: "" }] }, withDetail({}), true],
    ["prefix ignores numbers", { detail: { n: [{ prefix: "1" }] } }, withDetail({ n: 12 }), false],
    ["prefix is case-sensitive", { source: [{ prefix: "TEST" }] }, withDetail({}), false],
    ["prefix with equals-ignore-case ignores case", { detail: { s: [{ prefix: { "equals-ignore-case": "EventB" } }] } }, withDetail({ s: "EvEnTbridge" }), true],
    ["suffix matches the end", { detail: { f: [{ suffix: ".png" }] } }, withDetail({ f: "image.png" }), true],
    ["suffix is case-sensitive", { detail: { f: [{ suffix: ".PNG" }] } }, withDetail({ f: "image.png" }), false],
    ["suffix with equals-ignore-case ignores case", { detail: { f: [{ suffix: { "equals-ignore-case": ".png" } }] } }, withDetail({ f: "image.PNG" }), true],
    ["suffix with equals-ignore-case still needs the suffix", { detail: { f: [{ suffix: { "equals-ignore-case": ".png" } }] } }, withDetail({ f: "image.jpg" }), false],
    ["an empty suffix matches any string", { source: [{ suffix: "" }] }, withDetail({}), true],
  ]));

describe("equals-ignore-case", () =>
  run([
    ["matches in another case", { "detail-type": [{ "equals-ignore-case": "TEST-DETAIL-TYPE" }] }, withDetail({}), true],
    ["matches inside an array", { detail: { t: [{ "equals-ignore-case": "ec2 instance" }] } }, withDetail({ t: ["EC2 Instance"] }), true],
    ["misses a different text", { "detail-type": [{ "equals-ignore-case": "other" }] }, withDetail({}), false],
    ["\"\" matches the empty string", { detail: { v: [{ "equals-ignore-case": "" }] } }, withDetail({ v: "" }), true],
    ["\"\" does not match a non-empty string", { detail: { v: [{ "equals-ignore-case": "" }] } }, withDetail({ v: "x" }), false],
    ["matches non-ASCII letters in another case", { detail: { v: [{ "equals-ignore-case": "ÉTÉ" }] } }, withDetail({ v: "été" }), true],
    ["\"ß\" matches its upper case \"SS\"", { detail: { v: [{ "equals-ignore-case": "ß" }] } }, withDetail({ v: "SS" }), true],
    ["\"SS\" does not match \"ß\" (the pattern is folded, not the event)", { detail: { v: [{ "equals-ignore-case": "SS" }] } }, withDetail({ v: "ß" }), false],
    ["treats regex characters literally", { detail: { v: [{ "equals-ignore-case": "a.c" }] } }, withDetail({ v: "abc" }), false],
    ["ignores non-strings", { detail: { v: [{ "equals-ignore-case": "1" }] } }, withDetail({ v: 1 }), false],
  ]));

describe("wildcard", () =>
  run([
    ["* matches a run of characters", { detail: { a: [{ wildcard: "arn:aws:events:us-east-1:*:event-bus/*" }] } }, withDetail({ a: "arn:aws:events:us-east-1:123456789012:event-bus/bus" }), true],
    ["* spans slashes", { detail: { f: [{ wildcard: "/Users/*/doc.txt" }] } }, withDetail({ f: "/Users/me/a/b/doc.txt" }), true],
    ["misses when the tail differs", { detail: { f: [{ wildcard: "/Users/*/doc.txt" }] } }, withDetail({ f: "/Users/me/notdoc.txt.bak" }), false],
    ["repeated literal runs after a star", { detail: { f: [{ wildcard: "/Users/*/dir/dir/doc.txt" }] } }, withDetail({ f: "/Users/u/dir/dir/dir/doc.txt" }), true],
    ["repeated literal runs that do not all occur", { detail: { f: [{ wildcard: "/Users/*/dir/dir/doc.txt" }] } }, withDetail({ f: "/Users/u/dir/other/doc.txt" }), false],
    ["* matches nothing", { detail: { f: [{ wildcard: "a*b" }] } }, withDetail({ f: "ab" }), true],
    ["a star does not let the start and end overlap", { detail: { f: [{ wildcard: "ab*ba" }] } }, withDetail({ f: "aba" }), false],
    ["\\* matches a literal star", { detail: { f: [{ wildcard: "a\\*b" }] } }, withDetail({ f: "a*b" }), true],
    ["\\* does not act as a wildcard", { detail: { f: [{ wildcard: "a\\*b" }] } }, withDetail({ f: "axb" }), false],
    ["\\\\ matches a backslash", { detail: { f: [{ wildcard: "a\\\\b" }] } }, withDetail({ f: "a\\b" }), true],
    ["\"\" matches only the empty string", { detail: { f: [{ wildcard: "" }] } }, withDetail({ f: "x" }), false],
    ["is case-sensitive", { detail: { f: [{ wildcard: "A*" }] } }, withDetail({ f: "abc" }), false],
    ["ignores numbers", { detail: { f: [{ wildcard: "*" }] } }, withDetail({ f: 5 }), false],
  ]));

describe("anything-but", () =>
  run([
    ["matches another string", { detail: { state: [{ "anything-but": "initializing" }] } }, withDetail({ state: "pending" }), true],
    ["misses the excluded string", { detail: { state: [{ "anything-but": "initializing" }] } }, withDetail({ state: "initializing" }), false],
    ["does not match an absent field", { detail: { state: [{ "anything-but": "initializing" }] } }, withDetail({}), false],
    ["matches null", { detail: { state: [{ "anything-but": "initializing" }] } }, withDetail({ state: null }), true],
    ["a string exclusion matches a number", { detail: { state: [{ "anything-but": "1" }] } }, withDetail({ state: 1 }), true],
    ["a list excludes each listed string", { detail: { state: [{ "anything-but": ["stopped", "overloaded"] }] } }, withDetail({ state: "stopped" }), false],
    ["a list matches an unlisted string", { detail: { state: [{ "anything-but": ["stopped", "overloaded"] }] } }, withDetail({ state: "pending" }), true],
    ["a list matches null", { detail: { state: [{ "anything-but": ["stopped"] }] } }, withDetail({ state: null }), true],
    ["a list does not match an absent field", { detail: { state: [{ "anything-but": ["stopped"] }] } }, withDetail({}), false],
    ["a number excludes that number", { detail: { x: [{ "anything-but": 123 }] } }, withDetail({ x: 123 }), false],
    ["a number matches another number", { detail: { x: [{ "anything-but": 0 }] } }, withDetail({ x: 789 }), true],
    ["a number excludes the same value written as 123.0", { detail: { x: [{ "anything-but": 123 }] } }, withDetail({ x: 123.0 }), false],
    ["a number exclusion matches the string of that number", { detail: { x: [{ "anything-but": 123 }] } }, withDetail({ x: "123" }), true],
    ["compares text even when the excluded value is an IP literal", { detail: { ip: [{ "anything-but": "a::1" }] } }, withDetail({ ip: "A::1" }), true],
    ["a number list excludes each number", { detail: { x: [{ "anything-but": [100, 200, 300] }] } }, withDetail({ x: 300 }), false],
    ["matches an array holding one other value", { detail: { s: [{ "anything-but": "a" }] } }, withDetail({ s: ["a", "b"] }), true],
    ["misses an array holding only the excluded value", { detail: { s: [{ "anything-but": "a" }] } }, withDetail({ s: ["a", "a"] }), false],
    ["prefix excludes strings with that start", { detail: { s: [{ "anything-but": { prefix: "init" } }] } }, withDetail({ s: "init-prefix" }), false],
    ["prefix matches other strings", { detail: { s: [{ "anything-but": { prefix: "init" } }] } }, withDetail({ s: "post-init" }), true],
    ["prefix matches numbers", { detail: { s: [{ "anything-but": { prefix: "init" } }] } }, withDetail({ s: 12 }), true],
    ["prefix matches null", { detail: { s: [{ "anything-but": { prefix: "init" } }] } }, withDetail({ s: null }), true],
    ["prefix does not match an absent field", { detail: { s: [{ "anything-but": { prefix: "init" } }] } }, withDetail({}), false],
    ["a prefix list excludes each start", { detail: { s: [{ "anything-but": { prefix: ["init", "post"] } }] } }, withDetail({ s: "post-init" }), false],
    ["suffix excludes strings with that end", { detail: { f: [{ "anything-but": { suffix: ".txt" } }] } }, withDetail({ f: "file.txt" }), false],
    ["suffix matches other strings", { detail: { f: [{ "anything-but": { suffix: ".txt" } }] } }, withDetail({ f: "file.txt.bak" }), true],
    ["a suffix list excludes each end", { detail: { f: [{ "anything-but": { suffix: [".txt", ".jpg"] } }] } }, withDetail({ f: "file.jpg" }), false],
    ["equals-ignore-case excludes any casing", { detail: { s: [{ "anything-but": { "equals-ignore-case": "initializing" } }] } }, withDetail({ s: "INITIALIZING" }), false],
    ["equals-ignore-case matches other strings", { detail: { s: [{ "anything-but": { "equals-ignore-case": "initializing" } }] } }, withDetail({ s: "pending" }), true],
    ["an equals-ignore-case list excludes each in any case", { detail: { s: [{ "anything-but": { "equals-ignore-case": ["initializing", "stopped"] } }] } }, withDetail({ s: "Stopped" }), false],
    ["equals-ignore-case matches null", { detail: { s: [{ "anything-but": { "equals-ignore-case": "x" } }] } }, withDetail({ s: null }), true],
    ["wildcard excludes matching strings", { detail: { p: [{ "anything-but": { wildcard: "*/init/*" } }] } }, withDetail({ p: "dir/init/file" }), false],
    ["wildcard matches other strings", { detail: { p: [{ "anything-but": { wildcard: "*/dir/*" } }] } }, withDetail({ p: "dir/init/file" }), true],
    ["wildcard \"\" matches any non-empty string", { detail: { p: [{ "anything-but": { wildcard: "" } }] } }, withDetail({ p: "dir/init/file" }), true],
    ["wildcard matches numbers", { detail: { p: [{ "anything-but": { wildcard: "*/dir/*" } }] } }, withDetail({ p: 123 }), true],
    ["a wildcard list excludes each", { detail: { p: [{ "anything-but": { wildcard: ["*/init/*", "*/dir/*"] } }] } }, withDetail({ p: "dir/init/dir" }), false],
  ]));

describe("numeric", () =>
  run([
    ["> 0 and <= 5 includes 5", { detail: { c: [{ numeric: [">", 0, "<=", 5] }] } }, withDetail({ c: 5 }), true],
    ["> 0 excludes 0", { detail: { c: [{ numeric: [">", 0, "<=", 5] }] } }, withDetail({ c: 0 }), false],
    [">= 200 includes 200", { detail: { c: [{ numeric: [">=", 200] }] } }, withDetail({ c: 200 }), true],
    ["< 200 excludes 200", { detail: { c: [{ numeric: ["<", 200] }] } }, withDetail({ c: 200 }), false],
    ["<= 200 includes 200", { detail: { c: [{ numeric: ["<=", 200] }] } }, withDetail({ c: 200 }), true],
    [">= 200 and < 500 excludes 500", { detail: { c: [{ numeric: [">=", 200, "<", 500] }] } }, withDetail({ c: 500 }), false],
    ["= 3.018e2 matches 301.8", { detail: { x: [{ numeric: ["=", 3.018e2] }] } }, withDetail({ x: 301.8 }), true],
    ["= 5 matches 5.0", { detail: { x: [{ numeric: ["=", 5] }] } }, withDetail({ x: 5.0 }), true],
    ["ignores the string \"300\"", { detail: { n: [{ numeric: [">", 100] }] } }, withDetail({ n: "300" }), false],
    ["ignores null", { detail: { n: [{ numeric: [">", 100] }] } }, withDetail({ n: null }), false],
    ["matches negative ranges", { detail: { n: [{ numeric: ["<", 0] }] } }, withDetail({ n: -1e-9 }), true],
    ["matches numbers beyond the old ±5e9 limit", { detail: { n: [{ numeric: [">", 1e12] }] } }, withDetail({ n: 2e12 }), true],
    ["all fields must be in range (and)", { detail: { c: [{ numeric: [">", 0, "<=", 5] }], d: [{ numeric: ["<", 10] }] } }, withDetail({ c: 42, d: 9 }), false],
    ["matches any element of an array", { detail: { n: [{ numeric: [">", 10] }] } }, withDetail({ n: [1, 20] }), true],
  ]));

describe("cidr", () =>
  run([
    ["matches an IPv4 address inside the range", { detail: { ip: [{ cidr: "10.0.0.0/24" }] } }, withDetail({ ip: "10.0.0.255" }), true],
    ["misses an IPv4 address outside the range", { detail: { ip: [{ cidr: "10.0.0.0/24" }] } }, withDetail({ ip: "10.0.1.0" }), false],
    ["misses a string that is not an IP (10.0.0.256)", { detail: { ip: [{ cidr: "10.0.0.0/24" }] } }, withDetail({ ip: "10.0.0.256" }), false],
    ["misses a hostname", { detail: { ip: [{ cidr: "10.0.0.0/8" }] } }, withDetail({ ip: "ec2.amazonaws.com" }), false],
    ["misses \"AWS Internal\"", { detail: { ip: [{ cidr: "10.0.0.0/8" }] } }, withDetail({ ip: "AWS Internal" }), false],
    ["misses a number", { detail: { ip: [{ cidr: "10.0.0.0/24" }] } }, withDetail({ ip: 123 }), false],
    ["uses the floor of the given range", { detail: { ip: [{ cidr: "10.0.0.77/24" }] } }, withDetail({ ip: "10.0.0.1" }), true],
    ["matches an IPv6 address written in full", { detail: { ip: [{ cidr: "2001:db8:1234:1a00::/64" }] } }, withDetail({ ip: "2001:0db8:1234:1a00:0000:0000:0000:0000" }), true],
    ["misses an IPv6 address outside the range", { detail: { ip: [{ cidr: "2001:db8:1234:1a00::/64" }] } }, withDetail({ ip: "2001:0db8:123f:1a01:0000:0000:0000:0000" }), false],
    ["an IPv4 address never matches an IPv6 range", { detail: { ip: [{ cidr: "::/0" }] } }, withDetail({ ip: "10.0.0.1" }), false],
    ["/0 covers all IPv4", { detail: { ip: [{ cidr: "0.0.0.0/0" }] } }, withDetail({ ip: "203.0.113.9" }), true],
    ["an IPv4-mapped IPv6 address counts as IPv4", { detail: { ip: [{ cidr: "10.0.0.0/8" }] } }, withDetail({ ip: "::ffff:a00:1" }), true],
    ["an IPv4 octet with a leading zero is not an address", { detail: { ip: [{ cidr: "10.0.0.0/8" }] } }, withDetail({ ip: "10.0.0.01" }), false],
  ]));

describe("exists", () =>
  run([
    ["true matches a present field", { detail: { state: [{ exists: true }] } }, withDetail({ state: "pending" }), true],
    ["true matches a null field", { detail: { state: [{ exists: true }] } }, withDetail({ state: null }), true],
    ["true misses an absent field", { detail: { state: [{ exists: true }] } }, withDetail({ other: 1 }), false],
    ["true misses an object (leaf fields only)", { detail: { c: [{ exists: true }] } }, withDetail({ c: { c1: 100 } }), false],
    ["true misses an empty array", { resources: [{ exists: true }] }, withDetail({}), false],
    ["true finds a field inside an array of objects", { detail: { a: { id: [{ exists: true }] } } }, withDetail({ a: [{ k: 1 }, { id: "x" }] }), true],
    ["false matches an absent field", { detail: { l1: { l2: { l3: [{ exists: false }] } } } }, withDetail({ l1: { l2: "value" } }), true],
    ["false misses a present field", { detail: { l1: { l2: [{ exists: false }] } } }, withDetail({ l1: { l2: "v" } }), false],
    ["false misses a null field", { detail: { v: [{ exists: false }] } }, withDetail({ v: null }), false],
    ["false matches an object (not a leaf)", { detail: { c: [{ exists: false }] } }, withDetail({ c: { c1: 100 } }), true],
    ["false matches an empty array", { detail: { r: [{ exists: false }] } }, withDetail({ r: [] }), true],
    ["false is judged inside the array element already chosen by an earlier field", { a: { b: [1], c: [{ exists: false }] } },
      { a: [{ b: 1 }, { c: 2 }] }, true],
    ["false on a field that sorts first is judged against the whole event (event-ruler's key order)", { a: { a: [{ exists: false }], b: [1] } },
      { a: [{ b: 1 }, { a: 2 }] }, false],
    ["anything-but or absent: matches a missing field", { d: { s: [{ "anything-but": ["roses"] }, { exists: false }] } }, { d: { n: "1" } }, true],
    ["anything-but or absent: matches another value", { d: { s: [{ "anything-but": ["roses"] }, { exists: false }] } }, { d: { s: "tulips" } }, true],
    ["anything-but or absent: misses the excluded value", { d: { s: [{ "anything-but": ["roses"] }, { exists: false }] } }, { d: { s: "roses" } }, false],
    ["several operators in one list: any may hold", { k: [{ exists: true }, { prefix: "IGNORED" }] }, { k: "v" }, true],
    ["numeric or anything-but: a string \"42\" passes the anything-but", { n: [{ numeric: [">", 100] }, { "anything-but": "101" }] }, { n: "42" }, true],
    ["numeric or anything-but: \"101\" fails both", { n: [{ numeric: [">", 100] }, { "anything-but": "101" }] }, { n: "101" }, false],
  ]));

describe("$or", () => {
  const metrics = {
    detail: {
      $or: [
        { c: [{ numeric: [">", 0, "<=", 5] }] },
        { d: [{ numeric: ["<", 10] }] },
        { x: [{ numeric: ["=", 301.8] }] },
      ],
    },
  };
  run([
    ["matches when one alternative holds", metrics, withDetail({ c: 0, d: 0, x: 901.8 }), true],
    ["misses when no alternative holds", metrics, withDetail({ c: 0, d: 10, x: 901.8 }), false],
    ["keeps the fields outside $or (and)", { source: ["other"], $or: [{ region: ["us-east-2"] }, { account: ["1"] }] }, withDetail({}), false],
    ["an alternative may hold several fields", { $or: [{ region: ["x"] }, { region: ["us-east-2"], account: ["123456789012"] }] }, withDetail({}), true],
    ["nests inside an alternative", { $or: [{ region: ["x"] }, { source: ["test-source"], $or: [{ account: ["1"] }, { time: [{ prefix: "2022" }] }] }] }, withDetail({}), true],
    ["two $or at different levels are both required", { $or: [{ region: ["us-east-2"] }, { account: ["1"] }], detail: { $or: [{ a: ["1"] }, { b: ["2"] }] } }, withDetail({ a: "3" }), false],
  ]);
});

describe("the whole pattern", () => {
  test("a predicate accepts only JSON objects as events", () => {
    const fires = compileEventPattern({ source: [{ exists: false }] });
    expect(fires({})).toBe(true);
    for (const notAnObject of [null, undefined, "event", 42, [], [{}]]) expect(fires(notAnObject)).toBe(false);
  });

  test("JSON text and the parsed object compile to the same predicate", () => {
    const text = '{"detail":{"eventName":["StopLogging"]}}';
    const event = withDetail({ eventName: "StopLogging" });
    expect(compileEventPattern(text)(event)).toBe(true);
    expect(compileEventPattern(JSON.parse(text))(event)).toBe(true);
  });

  test("a repeated key in JSON text: the last one wins", () => {
    const text = '{"detail":{"location":[{"prefix":"us-"}],"location":[{"anything-but":"us-east"}]}}';
    expect(compileEventPattern(text)(withDetail({ location: "eu-central-1" }))).toBe(true);
  });

  test("a repeated object key in JSON text adds its fields to the first", () => {
    const text = '{"detail":{"a":["1"]},"detail":{"b":["2"]}}';
    expect(compileEventPattern(text)(withDetail({ b: "2" }))).toBe(false);
    expect(compileEventPattern(text)(withDetail({ a: "1", b: "2" }))).toBe(true);
  });

  test("escaped star and backslash are plain values outside wildcard", () => {
    const pattern = String.raw`{"detail": {"star": ["*"], "backslash": ["\\"]}}`;
    expect(compileEventPattern(pattern)(withDetail({ star: "*", backslash: "\\" }))).toBe(true);
  });

  test("an event nested deeper than a JSON parser allows (1,000 levels) does not match", () => {
    let deep: unknown = "x";
    for (let i = 0; i < 1500; i++) deep = [deep];
    expect(compileEventPattern({ a: ["x"] })({ a: deep })).toBe(false);
    let shallow: unknown = "x";
    for (let i = 0; i < 900; i++) shallow = [shallow];
    expect(compileEventPattern({ a: ["x"] })({ a: shallow })).toBe(true);
  });

  test("an array that contains itself is not JSON: false, not an endless walk", () => {
    const loop: unknown[] = [];
    loop.push(loop, "x");
    expect(compileEventPattern({ a: ["x"] })({ a: loop })).toBe(false);
  });
});
