/**
 * Every example on AWS's filter-pattern pages, with the result the page states.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html and its
 * sub-pages (unstructured terms, JSON, space-delimited) and
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/regex-expressions.html.
 * Examples only found on the 2018–2022 versions of the page (awsdocs/amazon-cloudwatch-logs-user-guide,
 * doc_source/FilterAndPatternSyntax.md) are marked "archived page".
 */
import {
  compileFilterPattern,
  FilterPatternSyntaxError,
  parseFilterPattern,
  toLogEvent,
} from "../../../modules/engines/filter-pattern";

type Row = readonly [pattern: string, message: string, expected: boolean];

const matches = (pattern: string, message: string): boolean => compileFilterPattern(pattern)(toLogEvent(message));

const runTable = (rows: readonly Row[]): void => {
  test.each(rows.map(([p, m, e]) => [e ? "matches" : "does not match", p, m, e] as const))(
    "%s: %s on %s",
    (_verb, pattern, message, expected) => {
      expect(matches(pattern, message)).toBe(expected);
    },
  );
};

const rejects = (pattern: string): FilterPatternSyntaxError => {
  try {
    parseFilterPattern(pattern);
  } catch (error) {
    if (error instanceof FilterPatternSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected ${pattern} to be rejected`);
};

describe("unstructured terms (current page)", () => {
  const messages = [
    "[ERROR 400] BAD REQUEST",
    "[ERROR 401] UNAUTHORIZED REQUEST",
    "[ERROR 419] MISSING ARGUMENTS",
    "[ERROR 420] INVALID ARGUMENTS",
  ];
  describe("ERROR matches all four messages", () => {
    runTable(messages.map((m) => ["ERROR", m, true] as const));
  });
  describe("ERROR ARGUMENTS needs both terms", () => {
    runTable([
      ["ERROR ARGUMENTS", messages[0], false],
      ["ERROR ARGUMENTS", messages[1], false],
      ["ERROR ARGUMENTS", messages[2], true],
      ["ERROR ARGUMENTS", messages[3], true],
    ]);
  });
  describe("?ERROR ?ARGUMENTS needs either term", () => {
    runTable([...messages.map((m) => ["?ERROR ?ARGUMENTS", m, true] as const), ["?ERROR ?ARGUMENTS", "[INFO 200] OK", false]]);
  });
  describe('"INTERNAL SERVER ERROR" is one phrase', () => {
    runTable([
      ['"INTERNAL SERVER ERROR"', "[ERROR 500] INTERNAL SERVER ERROR", true],
      ['"INTERNAL SERVER ERROR"', "[ERROR 500] INTERNAL ERROR OF THE SERVER", false],
    ]);
  });
  describe("ERROR -ARGUMENTS excludes ARGUMENTS", () => {
    runTable([
      ["ERROR -ARGUMENTS", messages[0], true],
      ["ERROR -ARGUMENTS", messages[1], true],
      ["ERROR -ARGUMENTS", messages[2], false],
      ["ERROR -ARGUMENTS", messages[3], false],
    ]);
  });
  describe('" " and the empty pattern match everything', () => {
    runTable([
      ['" "', "anything at all", true],
      ['" "', "", true],
      ["", "anything at all", true],
      ["   ", "x", true],
    ]);
  });
  test("?ERROR ?ARGUMENTS REQUEST is refused: AWS would silently ignore both ?terms", () => {
    const error = rejects("?ERROR ?ARGUMENTS REQUEST");
    expect(error.offset).toBe("?ERROR ?ARGUMENTS ".length);
  });
});

describe("unstructured terms (archived page)", () => {
  describe("ERROR also matches inside a longer word", () => {
    runTable([
      ["ERROR", "[ERROR] A fatal exception has occurred", true],
      ["ERROR", "Exiting with ERRORCODE: -1", true],
    ]);
  });
  describe("ERROR -Exiting excludes the ERRORCODE line", () => {
    runTable([
      ['"ERROR" -"Exiting"', "Exiting with ERRORCODE: -1", false],
      ['"ERROR" -"Exiting"', "[ERROR] A fatal exception has occurred", true],
    ]);
  });
  describe("ERROR Exception needs both", () => {
    runTable([
      ["ERROR Exception", "[ERROR] Caught IllegalArgumentException", true],
      ["ERROR Exception", "[ERROR] Unhandled Exception", true],
      ["ERROR Exception", "[ERROR] Unhandled", false],
    ]);
  });
  describe("Failed to process the request needs every word", () => {
    runTable([
      ["Failed to process the request", "[WARN] Failed to process the request", true],
      ["Failed to process the request", "[ERROR] Unable to continue: Failed to process the request", true],
      ["Failed to process the request", "[WARN] Failed to process", false],
    ]);
  });
  describe("OR pattern matching over three events", () => {
    const [both, error, warn] = ["ERROR WARN message", "ERROR message", "WARN message"];
    runTable([
      ["ERROR", both, true],
      ["ERROR", error, true],
      ["ERROR", warn, false],
      ["?ERROR ?WARN", both, true],
      ["?ERROR ?WARN", error, true],
      ["?ERROR ?WARN", warn, true],
      ["ERROR WARN", both, true],
      ["ERROR WARN", error, false],
      ["ERROR WARN", warn, false],
      ["ERROR -WARN", both, false],
      ["ERROR -WARN", error, true],
      ["ERROR -WARN", warn, false],
    ]);
  });
  describe("JSON OR pattern matching", () => {
    runTable([
      ["{$.foo = bar}", '{"foo": "bar"}', true],
      ["{$.foo = bar}", '{"foo": "baz"}', false],
      ["{$.foo = baz }", '{"foo": "baz"}', true],
      ["{$.foo = baz }", '{"foo": "bar"}', false],
      ["{$.foo = bar || $.foo = baz }", '{"foo": "bar"}', true],
      ["{$.foo = bar || $.foo = baz }", '{"foo": "baz"}', true],
    ]);
  });
});

describe("regular expressions", () => {
  describe("%AUTHORIZED% is a search, not a full match", () => {
    runTable([
      ["%AUTHORIZED%", "[ERROR 401] UNAUTHORIZED REQUEST", true],
      ["%AUTHORIZED%", "[SUCCESS 200] AUTHORIZED REQUEST", true],
      ["%AUTHORIZED%", "[SUCCESS 200] authorized", false],
    ]);
  });
  describe("operators, with the page's examples", () => {
    runTable([
      ["%^[hc]at%", "hat trick", true],
      ["%^[hc]at%", "cat", true],
      ["%^[hc]at%", "the cat", false],
      ["%[hc]at$%", "the hat", true],
      ["%[hc]at$%", "cat nap", false],
      ["%colou?r%", "color", true],
      ["%colou?r%", "colour", true],
      ["%colou?r%", "colouur", false],
      ["%[abc]%", "a", true],
      ["%[abc]%", "b", true],
      ["%[abc]%", "c", true],
      ["%[abc]%", "xyz", false],
      ["%[a-z]%", "q", true],
      ["%[a-z]%", "Q9", false],
      ["%[abcx-z]%", "y", true],
      ["%[abcx-z]%", "w", false],
      ["%a{3,5}%", "aaa", true],
      ["%a{3,5}%", "aaaa", true],
      ["%a{3,5}%", "aaaaa", true],
      ["%a{3,5}%", "aa", false],
      ["%a{3,}%", "aaaaaaa", true],
      ["%xa{,2}y%", "xy", true],
      ["%xa{,2}y%", "xaaay", false],
      ["%gra|ey%", "gray", true],
      ["%gra|ey%", "grey", true],
      ["%gra|ey%", "green", false],
      ["%abcc|ab[^c]$%", "abcc ...", true],
      ["%abcc|ab[^c]$%", "aba", true],
      ["%abcc|ab[^c]$%", "aac ...", false],
      ["%\\[.\\]%", "[a]", true],
      ["%\\[.\\]%", "[b]", true],
      ["%\\[.\\]%", "[7]", true],
      ["%\\[.\\]%", "[@]", true],
      ["%\\[.\\]%", "[]]", true],
      ["%\\[.\\]%", "[ ]", true],
      ["%\\[.\\]%", "[ab]", false],
      ["%10\\.10\\.0\\.1%", "from 10.10.0.1", true],
      ["%10\\.10\\.0\\.1%", "10010,051", false],
      ["%10.10.0.1%", "10010,051", true],
      ["%ab*c%", "ac", true],
      ["%ab*c%", "abc", true],
      ["%ab*c%", "abbbc", true],
      ["%ab[0-9]*%", "ab", true],
      ["%ab[0-9]*%", "ab0", true],
      ["%ab[0-9]*%", "ab129", true],
      ["%ab+c%", "abc", true],
      ["%ab+c%", "abbc", true],
      ["%ab+c%", "abbbc", true],
      ["%ab+c%", "ac", false],
      ["%.at%", "hat", true],
      ["%.at%", "cat", true],
      ["%.at%", "bat", true],
      ["%.at%", "4at", true],
      ["%.at%", "#at", true],
      ["%.at%", " at", true],
      ["%.at%", "at", false],
      ["%\\d%", "port 80", true],
      ["%\\d%", "no digits", false],
      ["%\\D%", "80a", true],
      ["%\\D%", "8080", false],
      ["%\\s%", "a b", true],
      ["%\\s%", "a\tb", true],
      ["%\\s%", "ab", false],
      ["%\\S%", "   x ", true],
      ["%\\S%", "   ", false],
      ["%\\w%", "_", true],
      ["%\\w%", "-+-", false],
      ["%\\W%", "a-b", true],
      ["%\\W%", "a_b", false],
      ["%\\x3A%", "key:value", true],
      ["%\\x3A%", "key=value", false],
      ["%\\x28%", "f(x)", true],
      ["%\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}%", "from 198.51.100.7 port 22", true],
      ["%\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}%", "from host.example.com", false],
      ["%[Ee]rror|[Ff]ail%", "Error: disk", true],
      ["%[Ee]rror|[Ff]ail%", "an error", true],
      ["%[Ee]rror|[Ff]ail%", "Failed", true],
      ["%[Ee]rror|[Ff]ail%", "will fail", true],
      ["%[Ee]rror|[Ff]ail%", "ERROR", false],
    ]);
  });
  describe("the page's ^starting|^initializing|^shutting down example, with \\s for its space", () => {
    const pattern = "%^starting|^initializing|^shutting\\sdown%";
    runTable([
      [pattern, "starting ...", true],
      [pattern, "initializing ...", true],
      [pattern, "shutting down", true],
      [pattern, "skipping initializing ...", false],
    ]);
  });
  test("the page's example with a literal space is refused (a space is not in AWS's character list)", () => {
    expect(rejects("%^starting|^initializing|^shutting down%").offset).toBe("%^starting|^initializing|^shutting".length);
  });
  test("%something!% is rejected because ! is not supported", () => {
    expect(rejects("%something!%").offset).toBe(10);
  });
  test("parentheses are rejected", () => {
    expect(rejects("%(alpha|beta)%").offset).toBe(1);
  });
  test("multibyte characters are rejected", () => {
    expect(rejects("%マルチバイト%").offset).toBe(1);
  });
});

describe("JSON (current page)", () => {
  const event = JSON.stringify({
    eventType: "UpdateTrail",
    sourceIPAddress: "111.111.111.111",
    arrayKey: ["value", "another value"],
    objectList: [
      { name: "a", id: 1 },
      { name: "b", id: 2 },
    ],
    SomeObject: null,
    "cluster.name": "c",
  });
  describe("every example filter matches the sample event", () => {
    runTable(
      [
        '{ $.eventType = "UpdateTrail" }',
        "{ $.sourceIPAddress != 123.123.* }",
        '{ $.arrayKey[0] = "value" }',
        "{ $.eventType = %Trail% }",
        "{ $.arrayKey[*] = %val.{2}% }",
        "{ $.* = %111\\.111\\.111\\.1[0-9]{1,2}% }",
        "{ $.['cluster.name'] = \"c\" }",
        "{ $.SomeObject IS NULL }",
        "{ $.SomeOtherObject NOT EXISTS }",
        "{ $.objectList[1].id = 2 }",
      ].map((p) => [p, event, true] as const),
    );
  });
  describe("near misses on the same event", () => {
    runTable([
      ['{ $.eventType = "DeleteTrail" }', event, false],
      ["{ $.sourceIPAddress != 111.111.* }", event, false],
      ['{ $.arrayKey[1] = "value" }', event, false],
      ["{ $.eventType = %^Trail% }", event, false],
      ["{ $.* = %222\\.222% }", event, false],
      ['{ $.cluster.name = "c" }', event, false],
      ["{ $.eventType IS NULL }", event, false],
      ["{ $.eventType NOT EXISTS }", event, false],
      ["{ $.objectList[1].id = 1 }", event, false],
    ]);
  });

  const compound = JSON.stringify({
    user: { id: 1, email: "John.Stiles@example.com" },
    users: [
      { id: 2, email: "John.Doe@example.com" },
      { id: 3, email: "Jane.Doe@example.com" },
    ],
    actions: ["GET", "PUT", "DELETE"],
    coordinates: [
      [0, 1, 2],
      [4, 5, 6],
      [7, 8, 9],
    ],
  });
  describe("compound expressions, () > && > ||", () => {
    runTable([
      ['{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }', compound, true],
      ['{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = "nonmatch" && $.actions[2] = "nonmatch" }', compound, true],
      ['{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = "nonmatch") && $.actions[2] = "nonmatch" }', compound, false],
      ['{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }', compound, false],
      // The archived page wrote the same examples with unquoted values.
      ["{ $.user.email = \"John.Stiles@example.com\" || $.coordinates[0][1] = nonmatch && $.actions[2] = nomatch }", compound, true],
      ["{ ($.user.email = \"John.Stiles@example.com\" || $.coordinates[0][1] = nonmatch) && $.actions[2] = nomatch }", compound, false],
      ["{ $.coordinates[0][1] = 1 }", compound, true],
      ["{ $.coordinates[2][2] = 9 }", compound, true],
    ]);
  });

  describe("numeric comparisons", () => {
    runTable([
      ["{ $.bandwidth > 75 }", '{"bandwidth": 80}', true],
      ["{ $.bandwidth > 75 }", '{"bandwidth": 75}', false],
      ["{ $.latency < 50 }", '{"latency": 49.9}', true],
      ["{ $.latency < 50 }", '{"latency": 50}', false],
      ["{ $.refreshRate >= 60 }", '{"refreshRate": 60}', true],
      ["{ $.refreshRate >= 60 }", '{"refreshRate": 59}', false],
      ["{ $.responseTime <= 5 }", '{"responseTime": 5}', true],
      ["{ $.responseTime <= 5 }", '{"responseTime": 6}', false],
      ["{ $.errorCode = 400}", '{"errorCode": 400}', true],
      ["{ $.errorCode = 400}", '{"errorCode": 401}', false],
      ["{ $.errorCode != 500 }", '{"errorCode": 400}', true],
      ["{ $.errorCode != 500 }", '{"errorCode": 500}', false],
      ["{ $.number[0] = 1e+3 }", '{"number": [1000]}', true],
      ["{ $.number[0] = 1e+3 }", '{"number": [100]}', false],
      ["{ $.number[0] != 1e-3 }", '{"number": [0.002]}', true],
      ["{ $.number[0] != 1e-3 }", '{"number": [0.001]}', false],
    ]);
  });
});

describe("JSON (archived page)", () => {
  const event = JSON.stringify({
    eventType: "UpdateTrail",
    sourceIPAddress: "111.111.111.111",
    arrayKey: ["value", "another value"],
    objectList: [
      { name: "a", id: 1 },
      { name: "b", id: 2 },
    ],
    SomeObject: null,
    ThisFlag: true,
  });
  describe("IS TRUE and IS FALSE", () => {
    runTable([
      ["{ $.ThisFlag IS TRUE }", event, true],
      ["{ $.ThisFlag IS FALSE }", event, false],
      ["{ $.ThisFlag IS FALSE }", '{"ThisFlag": false}', true],
      ["{ $.eventType IS TRUE }", event, false],
    ]);
  });
  describe("a selector pointing at an array or object never matches, = or !=", () => {
    runTable([
      ["{$.users = 1}", '{"users": [1, 2, 3]}', false],
      ["{$.users != 1}", '{"users": [1, 2, 3]}', false],
      ["{ $.objectList != 1 }", event, false],
    ]);
  });
  describe("numeric examples", () => {
    runTable([
      ["{ $.latency >= 500 }", '{"latency": 500}', true],
      ["{ $.numbers[0] < 10e3 }", '{"numbers": [9999]}', true],
      ["{ $.numbers[0] < 10e3 }", '{"numbers": [10000]}', false],
      ["{ $.numbers[0] < 10e-3 }", '{"numbers": [0.009]}', true],
      ["{ $.numbers[0] < 10e-3 }", '{"numbers": [0.01]}', false],
      ["{ $.processes[4].averageRuntime <= 55.5 }", '{"processes": [{}, {}, {}, {}, {"averageRuntime": 55.5}]}', true],
      ["{ $.processes[4].averageRuntime <= 55.5 }", '{"processes": [{"averageRuntime": 1}]}', false],
      ["{ $.latency > +1000 }", '{"latency": 1001}', true],
      ["{ $.latency > +1000 }", '{"latency": 1000}', false],
    ]);
  });
  describe("dimension example: any eventType and an IP outside 123.123", () => {
    runTable([
      ['{ $.eventType = "*" && $.sourceIPAddress != 123.123.* }', event, true],
      ['{ $.eventType = "*" && $.sourceIPAddress != 123.123.* }', '{"eventType": "x", "sourceIPAddress": "123.123.4.5"}', false],
      ['{ $.eventType = "*" && $.sourceIPAddress != 123.123.* }', '{"sourceIPAddress": "10.0.0.1"}', false],
    ]);
  });
  describe("{ $.latency = * } publishes latency", () => {
    runTable([
      ["{ $.latency = * }", '{"latency": 50, "requestType": "GET"}', true],
      ["{ $.latency = * }", '{"requestType": "GET"}', false],
    ]);
  });
});

describe("space-delimited (current page)", () => {
  const apache = '127.0.0.1 Prod frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534';
  describe("the seven-field Apache example", () => {
    runTable([
      ["[ip=%127\\.0\\.0\\.[1-9]%, user, username, timestamp, request =*.html*, status_code = 4*, bytes]", apache, true],
      ["[..., request =*.html*, status_code = 4*, bytes]", apache, true],
      ["[ip, user, username, timestamp, request =*.html*, status_code = 404 || status_code = 410, bytes]", apache, true],
      ["[ip, server, username, timestamp, request, status_code, bytes > 1000]", apache, true],
      ["[ip, user, username, timestamp, request, status_code, bytes]", apache, true],
      // Near misses
      ["[ip=%127\\.0\\.0\\.[1-9]%, user, username, timestamp, request =*.html*, status_code = 4*, bytes]", apache.replace("127.0.0.1", "127.0.0.10"), true],
      ["[ip=%^127\\.0\\.0\\.[1-9]$%, user, username, timestamp, request, status_code, bytes]", apache.replace("127.0.0.1", "127.0.0.10"), false],
      ["[..., request =*.php*, status_code = 4*, bytes]", apache, false],
      ["[ip, user, username, timestamp, request =*.html*, status_code = 403 || status_code = 410, bytes]", apache, false],
      ["[ip, server, username, timestamp, request, status_code, bytes > 2000]", apache, false],
    ]);
  });
  describe("terms in order, with the page's sample events", () => {
    const lines = {
      get: "INFO 09/25/2014 12:00:00 GET /service/resource/67 1200",
      post: "INFO 09/25/2014 12:00:01 POST /service/resource/67/part/111 1310",
      warning: "WARNING 09/25/2014 12:00:02 Invalid user request",
      error: "ERROR 09/25/2014 12:00:02 Failed to process request",
    };
    const table = (pattern: string, expected: readonly (keyof typeof lines)[]): Row[] =>
      (Object.keys(lines) as (keyof typeof lines)[]).map((k) => [pattern, lines[k], expected.includes(k)] as const);
    runTable([
      ...table("[w1=ERROR, w2]", ["error"]),
      ...table("[w1=ERROR || w1=WARNING, w2]", ["error", "warning"]),
      ...table("[w1!=ERROR && w1!=WARNING, w2]", ["get", "post"]),
      ...table("[logLevel, date, time, method, url=%/service/resource/[0-9]+$%, response_time]", ["get"]),
      ...table("[logLevel, date, time, method, url=%/service/resource/[0-9]+/part/[0-9]+$%, response_time]", ["post"]),
    ]);
  });
  test("[w1=ERROR] alone does not match an ERROR line: the page says a blank w2 must follow", () => {
    expect(matches("[w1=ERROR]", "ERROR 09/25/2014 12:00:02 Failed to process request")).toBe(false);
    expect(matches("[w1=ERROR, w2]", "ERROR 09/25/2014 12:00:02 Failed to process request")).toBe(true);
  });
});

describe("space-delimited (archived page)", () => {
  describe("ellipsis forms", () => {
    const apache = '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 1534';
    runTable([
      ["[..., status_code, bytes]", apache, true],
      ["[ip, user, ..., status_code, bytes]", apache, true],
      ["[ip, user, ...]", apache, true],
      ["[ip, user, username, timestamp, request, status_code, bytes > 1000]", apache, true],
      ["[ip, user, username, timestamp, request, status_code = 200, bytes]", apache, true],
      ["[ip, user, username, timestamp, request, status_code = 4*, bytes]", apache, false],
      ["[ip, user, username, timestamp, request = *html*, status_code = 4*, bytes]", apache, false],
      ["[ip, user, username, timestamp, request, status_code = 2* && status_code != 203, bytes]", apache, true],
      ["[ip, user, username, timestamp, request, status_code = 403 || status_code = 404, bytes]", apache, false],
    ]);
  });
  test("[..., request=*.html*, status_code=4*,] ends with an unnamed field, AWS's $7", () => {
    const event = '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534';
    expect(matches("[..., request=*.html*, status_code=4*,]", event)).toBe(true);
    expect(matches("[..., request=*.html*, status_code=4*,]", event.replace(" 1534", ""))).toBe(false);
  });
  test("[ip, user, username, timestamp, request, status_code = 4* && bytes > 1000] is invalid, as AWS reported", () => {
    const pattern = "[ip, user, username, timestamp, request, status_code = 4* && bytes > 1000]";
    expect(rejects(pattern).offset).toBe(pattern.indexOf("bytes"));
  });
  test("[w1=!ERROR&&w1=!WARN, w2] (a typo on the 2018 page) is refused with a hint to write !=", () => {
    expect(rejects("[w1=!ERROR&&w1=!WARN, w2]").reason).toContain("!=");
  });
});
