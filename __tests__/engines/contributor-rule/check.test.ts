import {
  checkContributorRule,
  parseJsonPath,
  type ContributorRule,
} from "../../../modules/engines/contributor-rule";

const ten = Array.from({ length: 10 }, (_, i) => `v${i}`);
const eleven = [...ten, "v10"];

type RuleCase = readonly [name: string, rule: unknown, fields: readonly string[]];

describe("checkContributorRule", () => {
  const cases: readonly RuleCase[] = [
    ["accepts one key and no filters", { keys: ["$.sourceIPAddress"], filters: [] }, []],
    ["accepts four keys", { keys: ["$.a", "$.b", "$.c", "$.d"], filters: [] }, []],
    ["rejects five keys", { keys: ["$.a", "$.b", "$.c", "$.d", "$.e"], filters: [] }, ["keys"]],
    ["rejects no keys", { keys: [], filters: [] }, ["keys"]],
    ["rejects a key listed twice", { keys: ["$.a", "$.a"], filters: [] }, ["keys[1]"]],
    ["rejects a key that is not a JSON path", { keys: ["sourceIPAddress"], filters: [] }, ["keys[0]"]],
    ["rejects a path with a wildcard", { keys: ["$.resources[*].ARN"], filters: [] }, ["keys[0]"]],
    ["rejects a bare $", { keys: ["$"], filters: [] }, ["keys[0]"]],
    ["accepts four filters", { keys: ["$.a"], filters: [1, 2, 3, 4].map((n) => ({ Match: `$.f${n}`, IsPresent: true })) }, []],
    ["rejects five filters", { keys: ["$.a"], filters: [1, 2, 3, 4, 5].map((n) => ({ Match: `$.f${n}`, IsPresent: true })) }, ["filters"]],
    ["accepts ten values in In", { keys: ["$.a"], filters: [{ Match: "$.b", In: ten }] }, []],
    ["rejects eleven values in In", { keys: ["$.a"], filters: [{ Match: "$.b", In: eleven }] }, ["filters[0].In"]],
    ["rejects eleven values in NotIn", { keys: ["$.a"], filters: [{ Match: "$.b", NotIn: eleven }] }, ["filters[0].NotIn"]],
    ["rejects eleven values in StartsWith", { keys: ["$.a"], filters: [{ Match: "$.b", StartsWith: eleven }] }, ["filters[0].StartsWith"]],
    ["rejects an empty In", { keys: ["$.a"], filters: [{ Match: "$.b", In: [] }] }, ["filters[0].In"]],
    ["rejects a number in StartsWith", { keys: ["$.a"], filters: [{ Match: "$.b", StartsWith: [4] }] }, ["filters[0].StartsWith[0]"]],
    ["rejects In that is not an array", { keys: ["$.a"], filters: [{ Match: "$.b", In: "x" }] }, ["filters[0].In"]],
    ["rejects two operators in one filter", { keys: ["$.a"], filters: [{ Match: "$.b", In: ["x"], NotIn: ["y"] }] }, ["filters[0]"]],
    ["rejects a filter without an operator", { keys: ["$.a"], filters: [{ Match: "$.b" }] }, ["filters[0]"]],
    ["rejects a filter without Match", { keys: ["$.a"], filters: [{ In: ["x"] }] }, ["filters[0].Match"]],
    ["rejects an unknown operator", { keys: ["$.a"], filters: [{ Match: "$.b", Equals: "x" }] }, ["filters[0].Equals", "filters[0]"]],
    ["rejects a string for GreaterThan", { keys: ["$.a"], filters: [{ Match: "$.b", GreaterThan: "5" }] }, ["filters[0].GreaterThan"]],
    ["rejects a string for IsPresent", { keys: ["$.a"], filters: [{ Match: "$.b", IsPresent: "true" }] }, ["filters[0].IsPresent"]],
    ["rejects a bad Match path", { keys: ["$.a"], filters: [{ Match: "$.b..c", In: ["x"] }] }, ["filters[0].Match"]],
    ["collects every violation at once", { keys: [], filters: [{ Match: "x", In: [] }] }, ["keys", "filters[0].Match", "filters[0].In"]],
  ];

  test.each(cases)("%s", (_name, rule, fields) => {
    expect(checkContributorRule(rule as ContributorRule).map((v) => v.field)).toEqual(fields);
  });

  test("every violation carries a sentence", () => {
    for (const v of checkContributorRule({ keys: [], filters: [{ Match: "$.a", In: eleven }] })) {
      expect(v.message.length).toBeGreaterThan(10);
    }
  });
});

describe("parseJsonPath", () => {
  test.each([
    ["$.a", ["a"]],
    ["$.a.b", ["a", "b"]],
    ["$.a[0]", ["a", 0]],
    ["$.users[1].name", ["users", 1, "name"]],
    ["$.a[1][0]", ["a", 1, 0]],
    ["$.c-count", ["c-count"]],
    ["$.x_y", ["x_y"]],
  ] as const)("parses %s", (path, segments) => {
    expect(parseJsonPath(path)).toEqual(segments);
  });

  test.each(["a.b", "$", "$.", "$[0]", "$.a[]", "$.a[x]", "$.a.", "$.a b", "$.a[-1]"])("rejects %s", (path) => {
    expect(typeof parseJsonPath(path)).toBe("string");
  });
});
