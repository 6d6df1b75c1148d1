/**
 * The behaviour AWS leaves unsaid and the engine had to choose, one case per test name, so that a
 * change of choice shows up here first. The reasons are in the comments of compile.ts and parse.ts.
 */
import {
  compileFilterPattern,
  describeFilterPattern,
  parseFilterPattern,
  toLogEvent,
  type LogEvent,
} from "../../../modules/engines/filter-pattern";

const matches = (pattern: string, message: string): boolean => compileFilterPattern(pattern)(toLogEvent(message));
const json = (value: unknown): string => JSON.stringify(value);

describe("case sensitivity", () => {
  test("terms are case-sensitive", () => {
    expect(matches("ERROR", "error: disk")).toBe(false);
  });
  test("JSON property names are case-sensitive", () => {
    expect(matches('{ $.EventName = "X" }', json({ eventName: "X" }))).toBe(false);
  });
  test("JSON values are case-sensitive", () => {
    expect(matches('{ $.eventName = "consolelogin" }', json({ eventName: "ConsoleLogin" }))).toBe(false);
  });
  test("regexes are case-sensitive", () => {
    expect(matches("%error%", "ERROR")).toBe(false);
  });
});

describe("terms", () => {
  test("a bare term matches inside a longer word", () => {
    expect(matches("AUTHORIZED", "UNAUTHORIZED")).toBe(true);
  });
  test("a quoted phrase keeps its spaces", () => {
    expect(matches('"password for"', "password  for")).toBe(false);
  });
  test("a quoted phrase may hold characters a bare term may not", () => {
    expect(matches('"sshd[123]:"', "host sshd[123]: x")).toBe(true);
  });
  test("a backslash inside quotes is a literal backslash", () => {
    expect(matches('"C:\\temp"', "path C:\\temp\\x")).toBe(true);
  });
  test("only -terms match events that lack all of them", () => {
    expect(matches("-DEBUG -TRACE", "INFO started")).toBe(true);
    expect(matches("-DEBUG -TRACE", "DEBUG x")).toBe(false);
  });
  test("a blank phrase beside a term adds nothing", () => {
    expect(matches('" " ERROR', "ERROR")).toBe(true);
    expect(matches('" " ERROR', "WARN")).toBe(false);
  });
  test("terms match JSON events as text too", () => {
    expect(matches('"AccessDenied"', json({ errorCode: "AccessDenied" }))).toBe(true);
  });
});

describe("JSON values", () => {
  test("!= on a missing field does not match", () => {
    expect(matches('{ $.errorCode != "AccessDenied" }', json({ eventName: "X" }))).toBe(false);
  });
  test("!= on a field that differs matches", () => {
    expect(matches('{ $.errorCode != "AccessDenied" }', json({ errorCode: "Throttling" }))).toBe(true);
  });
  test("NOT EXISTS || != covers optional fields, as AWS practitioners write it", () => {
    const pattern = '{ ($.errorCode NOT EXISTS) || ($.errorCode != "AccessDenied") }';
    expect(matches(pattern, json({}))).toBe(true);
    expect(matches(pattern, json({ errorCode: "AccessDenied" }))).toBe(false);
  });
  test("a numeric literal matches a JSON number and a string holding that number", () => {
    expect(matches("{ $.status = 200 }", json({ status: 200 }))).toBe(true);
    expect(matches("{ $.status = 200 }", json({ status: "200" }))).toBe(true);
    expect(matches("{ $.status = 200 }", json({ status: 200.0 }))).toBe(true);
    expect(matches("{ $.status = 200 }", json({ status: "200.0" }))).toBe(true);
    expect(matches("{ $.status = 200 }", json({ status: "OK" }))).toBe(false);
  });
  test("a numeric literal compares numerically, not as text", () => {
    expect(matches("{ $.n = 1e3 }", json({ n: 1000 }))).toBe(true);
    expect(matches("{ $.n > 9 }", json({ n: "10" }))).toBe(true);
    expect(matches("{ $.n > 9 }", json({ n: 10 }))).toBe(true);
  });
  test("!= with a number holds for a string that is not a number", () => {
    expect(matches("{ $.status != 200 }", json({ status: "OK" }))).toBe(true);
  });
  test("< never matches a string that is not a number", () => {
    expect(matches("{ $.status < 500 }", json({ status: "OK" }))).toBe(false);
  });
  test("a quoted number is a string compared with the value's text", () => {
    expect(matches('{ $.status = "200" }', json({ status: "200" }))).toBe(true);
    expect(matches('{ $.status = "200" }', json({ status: 200 }))).toBe(true);
    expect(matches('{ $.status = "200" }', json({ status: "200.0" }))).toBe(false);
  });
  test("wildcards reach JSON numbers through their text", () => {
    expect(matches("{ $.code = 4* }", json({ code: 404 }))).toBe(true);
    expect(matches("{ $.code = 4* }", json({ code: 504 }))).toBe(false);
  });
  test("= * matches any string or number, never null, a boolean, an object or an array", () => {
    expect(matches("{ $.x = * }", json({ x: "" }))).toBe(true);
    expect(matches("{ $.x = * }", json({ x: 0 }))).toBe(true);
    for (const x of [null, true, false, {}, [], [1]]) expect(matches("{ $.x = * }", json({ x }))).toBe(false);
  });
  test("booleans and null are only reached by IS", () => {
    expect(matches("{ $.flag = true }", json({ flag: true }))).toBe(false);
    expect(matches("{ $.flag != x }", json({ flag: true }))).toBe(false);
    expect(matches("{ $.flag IS TRUE }", json({ flag: true }))).toBe(true);
    expect(matches("{ $.flag IS TRUE }", json({ flag: "true" }))).toBe(false);
    expect(matches("{ $.v IS NULL }", json({}))).toBe(false);
  });
  test("NOT EXISTS is false for a field that is null", () => {
    expect(matches("{ $.v NOT EXISTS }", json({ v: null }))).toBe(false);
  });
  test("NOT EXISTS is true when the path runs through a scalar", () => {
    expect(matches("{ $.a.b NOT EXISTS }", json({ a: "text" }))).toBe(true);
  });
  test("a leading and a trailing * are wildcards; one in the middle is a literal star", () => {
    expect(matches('{ $.e = "*Event" }', json({ e: "PutEvent" }))).toBe(true);
    expect(matches('{ $.e = "Event*" }', json({ e: "EventName" }))).toBe(true);
    expect(matches('{ $.e = "*vent*" }', json({ e: "GetEvents" }))).toBe(true);
    expect(matches('{ $.e = "Ev*ent" }', json({ e: "Event" }))).toBe(false);
    expect(matches('{ $.e = "Ev*ent" }', json({ e: "Ev*ent" }))).toBe(true);
  });
  test("a value without a wildcard must equal the whole value", () => {
    expect(matches('{ $.errorCode = "AccessDenied" }', json({ errorCode: "AccessDeniedException" }))).toBe(false);
  });
  test("a regex value is a search within the value", () => {
    expect(matches("{ $.eventName = %^Describe% }", json({ eventName: "DescribeInstances" }))).toBe(true);
    expect(matches("{ $.eventName = %^Describe% }", json({ eventName: "NotDescribe" }))).toBe(false);
    expect(matches("{ $.eventName != %^Describe% }", json({ eventName: "RunInstances" }))).toBe(true);
  });
  test("an index past the end of an array selects nothing", () => {
    expect(matches('{ $.a[5] = "x" }', json({ a: ["x"] }))).toBe(false);
    expect(matches("{ $.a[5] NOT EXISTS }", json({ a: ["x"] }))).toBe(true);
  });
  test("an index on an object selects nothing", () => {
    expect(matches('{ $.a[0] = "x" }', json({ a: { "0": "x" } }))).toBe(false);
  });
  test("a property on an array selects nothing (no length, no prototype)", () => {
    expect(matches("{ $.a.length = 1 }", json({ a: ["x"] }))).toBe(false);
    expect(matches("{ $.constructor NOT EXISTS }", json({}))).toBe(true);
    expect(matches('{ $.__proto__ = "x" }', '{"__proto__": "x"}')).toBe(true);
  });
  test("property names may hold - and _", () => {
    expect(matches('{ $.x-amz_id = "1" }', json({ "x-amz_id": "1" }))).toBe(true);
  });
  test("a wildcard selector matches when any element matches", () => {
    expect(matches('{ $.resources[*].type = "AWS::IAM::Role" }', json({ resources: [{ type: "AWS::S3::Bucket" }, { type: "AWS::IAM::Role" }] }))).toBe(true);
    expect(matches('{ $.resources[*].type = "AWS::IAM::Role" }', json({ resources: [{ type: "AWS::S3::Bucket" }] }))).toBe(false);
  });
  test("a wildcard selector's != holds when any element differs", () => {
    expect(matches('{ $.a[*] != "x" }', json({ a: ["x", "y"] }))).toBe(true);
    expect(matches('{ $.a[*] != "x" }', json({ a: ["x"] }))).toBe(false);
  });
  test("a wildcard selector's NOT EXISTS holds only when nothing is selected", () => {
    expect(matches("{ $.a[*] NOT EXISTS }", json({ a: [] }))).toBe(true);
    expect(matches("{ $.a[*] NOT EXISTS }", json({ a: [1] }))).toBe(false);
  });
  test("$.* looks at the root's members", () => {
    expect(matches('{ $.* = "needle" }', json({ a: "hay", b: "needle" }))).toBe(true);
  });
  test("&& binds tighter than ||", () => {
    expect(matches("{ $.a = 1 || $.b = 1 && $.c = 1 }", json({ a: 1, b: 0, c: 0 }))).toBe(true);
    expect(matches("{ ($.a = 1 || $.b = 1) && $.c = 1 }", json({ a: 1, b: 0, c: 0 }))).toBe(false);
  });
});

describe("JSON events", () => {
  test("a JSON pattern never matches a non-JSON event", () => {
    expect(matches("{ $.x NOT EXISTS }", "plain text")).toBe(false);
  });
  test("a JSON pattern never matches invalid JSON that starts with {", () => {
    expect(matches("{ $.x NOT EXISTS }", "{not json")).toBe(false);
  });
  test("a JSON pattern never matches a JSON array event", () => {
    expect(matches("{ $.x NOT EXISTS }", "[1, 2]")).toBe(false);
  });
  test("leading whitespace before the JSON object is allowed", () => {
    expect(matches('{ $.x = "1" }', '  \n{"x": "1"}')).toBe(true);
  });
  test("toLogEvent keeps the message and parses only objects", () => {
    expect(toLogEvent('{"a":1}')).toEqual({ message: '{"a":1}', json: { a: 1 } });
    expect(toLogEvent("[1]")).toEqual({ message: "[1]" });
    expect(toLogEvent("{bad")).toEqual({ message: "{bad" });
    expect(toLogEvent("")).toEqual({ message: "" });
  });
  test("an event built without toLogEvent is text to JSON patterns", () => {
    const event: LogEvent = { message: '{"x": "1"}' };
    expect(compileFilterPattern('{ $.x = "1" }')(event)).toBe(false);
  });
});

describe("space-delimited", () => {
  test("[...] and \"...\" in the event are one field each, without their brackets and quotes", () => {
    expect(matches('[a, b = "x y", c = "10/Oct/2000*"]', 'one "x y" [10/Oct/2000:13:25:15 -0700]')).toBe(true);
  });
  test("a quoted pattern value may hold characters a bare one may not", () => {
    expect(matches('[verb, path = "/index.html"]', "GET /index.html")).toBe(true);
  });
  test("runs of spaces separate fields once (syslog pads single-digit days)", () => {
    expect(matches("[month, day = 5, time, ...]", "Mar  5 10:00:00 host sshd[1]: x")).toBe(true);
  });
  test("a bracket inside a field does not open a group", () => {
    expect(matches("[host, process = sshd*, ...]", "bastion sshd[1234]: Failed password")).toBe(true);
  });
  test("an unclosed quote in the event is an ordinary character", () => {
    expect(matches("[a, b = %^\\x22x$%, c]", 'one "x y')).toBe(true);
  });
  test("without ..., an event with fewer fields than the pattern does not match", () => {
    expect(matches("[a, b, c]", "one two")).toBe(false);
  });
  test("without ..., the last field takes the rest of the line", () => {
    expect(matches("[a, rest = \"two three\"]", "one two three")).toBe(true);
    expect(matches("[a, rest = two]", "one two three")).toBe(false);
    expect(matches("[a, b = two]", "one two")).toBe(true);
  });
  test("with ..., each named field is exactly one event field", () => {
    expect(matches("[a, ..., last = three]", "one two three")).toBe(true);
    expect(matches("[..., last = 1534]", 'x "GET /" 404 1534')).toBe(true);
    expect(matches("[..., status = 4*]", 'x "GET /" 404 1534')).toBe(false);
  });
  test("... may stand for no field at all", () => {
    expect(matches("[a, ..., b]", "one two")).toBe(true);
    expect(matches("[a, ..., b]", "one")).toBe(false);
  });
  test("fields between two ... are found anywhere between the ends", () => {
    expect(matches("[first, ..., verb = Failed, what = password, ..., last = ssh2]", "Mar 5 h sshd: Failed password for root ssh2")).toBe(true);
    expect(matches("[first, ..., verb = Failed, what = password, ..., last = ssh2]", "Mar 5 h sshd: Failed publickey for root ssh2")).toBe(false);
  });
  test("numeric conditions need a numeric field", () => {
    expect(matches("[a, bytes > 1000]", "x 1534")).toBe(true);
    expect(matches("[a, bytes > 1000]", "x -")).toBe(false);
    expect(matches("[a, bytes != 1000]", "x -")).toBe(true);
  });
  test("an unnamed field from an empty slot takes any value", () => {
    expect(matches("[a, , c = 3]", "1 2 3")).toBe(true);
    expect(describeFilterPattern("[a, , c = 3]").fieldNames).toEqual(["a", "c"]);
  });
});

describe("describeFilterPattern", () => {
  test("reports the kind of each pattern", () => {
    expect(describeFilterPattern("").kind).toBe("all");
    expect(describeFilterPattern('" "').kind).toBe("all");
    expect(describeFilterPattern("ERROR").kind).toBe("terms");
    expect(describeFilterPattern("%ERROR%").kind).toBe("regex");
    expect(describeFilterPattern("{ $.a = 1 }").kind).toBe("json");
    expect(describeFilterPattern("[a, b]").kind).toBe("space-delimited");
  });
  test("counts regexes wherever they appear", () => {
    expect(describeFilterPattern("%a%").regexCount).toBe(1);
    expect(describeFilterPattern("{ $.a = %x% && ($.b != %y% || $.c = %z%) }").regexCount).toBe(3);
    expect(describeFilterPattern("[a = %x% || a = %y%, b = %z%]").regexCount).toBe(3);
    expect(describeFilterPattern('{ $.a = "50%" }').regexCount).toBe(0);
    expect(describeFilterPattern('"100%"').regexCount).toBe(0);
  });
  test("reports the length and the named fields", () => {
    expect(describeFilterPattern("[ip, ..., status_code = 4*, bytes]")).toEqual({
      kind: "space-delimited",
      regexCount: 0,
      length: 34,
      fieldNames: ["ip", "status_code", "bytes"],
    });
    expect(describeFilterPattern("ERROR").fieldNames).toEqual([]);
  });
  test("a pattern longer than AWS's 1024 characters still parses; validate enforces the limit", () => {
    const long = `{ ${Array.from({ length: 80 }, (_, i) => `$.eventName = Name${i}`).join(" || ")} }`;
    expect(long.length).toBeGreaterThan(1024);
    expect(describeFilterPattern(long).length).toBe(long.length);
  });
});

describe("the AST", () => {
  test("keeps offsets that point into the pattern", () => {
    const ast = parseFilterPattern('{ $.a = "x" }');
    expect(ast).toMatchObject({ kind: "json", expr: { kind: "leaf", leaf: { selector: { text: "$.a", offset: 2 } } } });
  });
  test("splits terms into required, excluded and optional", () => {
    expect(parseFilterPattern('ERROR -DEBUG "a b"')).toMatchObject({
      kind: "terms",
      required: [{ text: "ERROR" }, { text: "a b", quoted: true }],
      excluded: [{ text: "DEBUG" }],
      optional: [],
    });
  });
});
