import {
  compileContributorRule,
  ContributorRuleError,
  type ContributorFilter,
} from "../../../modules/engines/contributor-rule";

const event = {
  eventName: "ConsoleLogin",
  eventSource: "signin.amazonaws.com",
  sourceIPAddress: "198.51.100.7",
  responseElements: { ConsoleLogin: "Failure" },
  userIdentity: { type: "IAMUser", arn: "arn:aws:iam::111122223333:user/alice", sessionContext: { attributes: {} } },
  resources: [{ ARN: "arn:aws:s3:::bucket-a" }, { ARN: "arn:aws:s3:::bucket-b" }],
  statusCode: 403,
  bytes: 0,
  readOnly: false,
  errorCode: null,
  tags: ["a", "b"],
};

type FilterCase = readonly [name: string, filter: ContributorFilter, expected: boolean];

describe("compileContributorRule: one filter", () => {
  const cases: readonly FilterCase[] = [
    ["In matches an equal string", { Match: "$.eventName", In: ["ConsoleLogin"] }, true],
    ["In is case-sensitive", { Match: "$.eventName", In: ["consolelogin"] }, false],
    ["In ORs its values", { Match: "$.eventName", In: ["GetObject", "ConsoleLogin"] }, true],
    ["In is exact, not a substring", { Match: "$.eventName", In: ["Console"] }, false],
    ["In compares a number by its text", { Match: "$.statusCode", In: ["403"] }, true],
    ["In with a number value matches the number", { Match: "$.statusCode", In: [403] }, true],
    ["In compares a boolean by its text", { Match: "$.readOnly", In: ["false"] }, true],
    ["In on an absent field does not match", { Match: "$.errorMessage", In: ["Failed authentication"] }, false],
    ["In on JSON null does not match", { Match: "$.errorCode", In: ["null"] }, false],
    ["In on an object does not match", { Match: "$.responseElements", In: ["Failure"] }, false],
    ["In on an array does not match", { Match: "$.tags", In: ["a"] }, false],
    ["In follows nested paths", { Match: "$.responseElements.ConsoleLogin", In: ["Failure"] }, true],
    ["In follows array indexes", { Match: "$.resources[1].ARN", In: ["arn:aws:s3:::bucket-b"] }, true],
    ["an index past the end is absent", { Match: "$.resources[2].ARN", In: ["arn:aws:s3:::bucket-b"] }, false],
    ["NotIn matches a different value", { Match: "$.eventName", NotIn: ["GetObject"] }, true],
    ["NotIn rejects a listed value", { Match: "$.eventName", NotIn: ["GetObject", "ConsoleLogin"] }, false],
    ["NotIn on an absent field does not match", { Match: "$.errorMessage", NotIn: ["x"] }, false],
    ["NotIn on JSON null does not match", { Match: "$.errorCode", NotIn: ["x"] }, false],
    ["StartsWith matches a prefix", { Match: "$.eventSource", StartsWith: ["ec2", "signin"] }, true],
    ["StartsWith is case-sensitive", { Match: "$.eventSource", StartsWith: ["Signin"] }, false],
    ["StartsWith needs a string", { Match: "$.statusCode", StartsWith: ["40"] }, false],
    ["GreaterThan", { Match: "$.statusCode", GreaterThan: 400 }, true],
    ["GreaterThan is strict", { Match: "$.statusCode", GreaterThan: 403 }, false],
    ["LessThan", { Match: "$.statusCode", LessThan: 500 }, true],
    ["EqualTo", { Match: "$.statusCode", EqualTo: 403 }, true],
    ["EqualTo zero", { Match: "$.bytes", EqualTo: 0 }, true],
    ["NotEqualTo", { Match: "$.statusCode", NotEqualTo: 200 }, true],
    ["NotEqualTo on an absent field does not match", { Match: "$.missing", NotEqualTo: 200 }, false],
    ["numeric operators ignore strings", { Match: "$.eventName", GreaterThan: 0 }, false],
    ["IsPresent true on a present leaf", { Match: "$.sourceIPAddress", IsPresent: true }, true],
    ["IsPresent true on JSON null (present, a leaf)", { Match: "$.errorCode", IsPresent: true }, true],
    ["IsPresent true on an absent field", { Match: "$.errorMessage", IsPresent: true }, false],
    ["IsPresent false on an absent field", { Match: "$.errorMessage", IsPresent: false }, true],
    ["IsPresent false on a present leaf", { Match: "$.sourceIPAddress", IsPresent: false }, false],
    ["IsPresent true on an object (not a leaf)", { Match: "$.userIdentity", IsPresent: true }, false],
    ["IsPresent false on an object (not a leaf)", { Match: "$.userIdentity.sessionContext", IsPresent: false }, false],
  ];

  test.each(cases)("%s", (_name, filter, expected) => {
    const contributor = compileContributorRule({ keys: ["$.sourceIPAddress"], filters: [filter] });
    expect(contributor(event) !== undefined).toBe(expected);
  });
});

describe("compileContributorRule: keys and AND", () => {
  test("returns the key values in key order", () => {
    const contributor = compileContributorRule({ keys: ["$.userIdentity.arn", "$.sourceIPAddress"], filters: [] });
    expect(contributor(event)).toEqual(["arn:aws:iam::111122223333:user/alice", "198.51.100.7"]);
  });

  test("a rule without filters counts every event that has the keys", () => {
    expect(compileContributorRule({ keys: ["$.eventName"], filters: [] })({ eventName: "X" })).toEqual(["X"]);
  });

  test("filters are AND-ed: one failing filter drops the event", () => {
    const contributor = compileContributorRule({
      keys: ["$.sourceIPAddress"],
      filters: [
        { Match: "$.eventName", In: ["ConsoleLogin"] },
        { Match: "$.responseElements.ConsoleLogin", In: ["Success"] },
      ],
    });
    expect(contributor(event)).toBeUndefined();
  });

  type KeyCase = readonly [name: string, record: unknown, expected: readonly string[] | undefined];
  const keyCases: readonly KeyCase[] = [
    ["a string key", { ip: "192.0.2.1" }, ["192.0.2.1"]],
    ["a number key is its text", { ip: 42 }, ["42"]],
    ["a boolean key is its text", { ip: true }, ["true"]],
    ["an empty string is a value", { ip: "" }, [""]],
    ["an absent key: no contributor", { other: 1 }, undefined],
    ["a null key: no contributor", { ip: null }, undefined],
    ["an object key: no contributor", { ip: { v4: "192.0.2.1" } }, undefined],
    ["an array key: no contributor", { ip: ["192.0.2.1"] }, undefined],
    ["not an object at all", "a line of text", undefined],
    ["null record", null, undefined],
  ];
  test.each(keyCases)("%s", (_name, record, expected) => {
    expect(compileContributorRule({ keys: ["$.ip"], filters: [] })(record)).toEqual(expected);
  });

  test("property names are case-sensitive", () => {
    expect(compileContributorRule({ keys: ["$.IP"], filters: [] })({ ip: "192.0.2.1" })).toBeUndefined();
  });

  test("does not read inherited properties", () => {
    expect(compileContributorRule({ keys: ["$.toString"], filters: [] })({})).toBeUndefined();
  });
});

describe("compileContributorRule: invalid rules", () => {
  test("throws ContributorRuleError listing every violation", () => {
    const build = () =>
      compileContributorRule({
        keys: ["$.a", "$.b", "$.c", "$.d", "$.e"],
        filters: [{ Match: "$.x", In: ["a"], NotIn: ["b"] }],
      });
    expect(build).toThrow(ContributorRuleError);
    try {
      build();
    } catch (e) {
      expect((e as ContributorRuleError).violations.map((v) => v.field)).toEqual(["keys", "filters[0]"]);
    }
  });
});
