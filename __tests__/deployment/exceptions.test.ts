/**
 * Exceptions compiled into filter patterns and Contributor Insights filters. The compiled text is
 * evaluated with the engine and compared with the specification (`isExcepted`): an event is
 * counted by the tuned pattern exactly when the original pattern matches it and no entry
 * excepts it.
 */
import fc from "fast-check";
import { compileContributorRule } from "../../modules/engines/contributor-rule";
import { compileFilterPattern, describeFilterPattern, toLogEvent } from "../../modules/engines/filter-pattern";
import {
  compileContributorExceptions,
  compileFilterExceptions,
  MAX_CIDR_EXPANSION,
  sourceIpValues,
} from "../../modules/deployment/exceptions";
import { success } from "../../modules/result";
import { apiCall, consoleLogin, failedConsoleLogin, ROLE_IDENTITY, ROOT_IDENTITY } from "../../modules/catalog/examples";
import type { DetectionException } from "../../modules/manifest/schema";
import { exceptionArbitraries } from "../support/exception-arbitraries";
import { isExcepted } from "../support/exception-spec";

const ROOT_PATTERN = '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}';
const ANY_CALL = '{ $.eventVersion = "*" }';

const compiled = (pattern: string, exceptions: DetectionException[]): string => {
  const result = compileFilterExceptions(pattern, exceptions);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value;
};

/** The tuned pattern agrees with "original && no entry excepts" on every record given. */
function expectExact(pattern: string, exceptions: DetectionException[], records: readonly Record<string, unknown>[]): void {
  const tuned = compileFilterPattern(compiled(pattern, exceptions));
  const original = compileFilterPattern(pattern);
  for (const record of records) {
    const event = toLogEvent(JSON.stringify(record));
    const expected = original(event) && !exceptions.some((e) => isExcepted(e, record));
    if (tuned(event) !== expected) throw new Error(`tuned pattern says ${!expected} for ${JSON.stringify(record)}`);
  }
}

describe("sourceIps: addresses and CIDR blocks", () => {
  test.each([
    ["203.0.113.7", ["203.0.113.7"]],
    ["10.0.0.0/8", ["10.*"]],
    ["10.1.0.0/16", ["10.1.*"]],
    ["192.0.2.0/24", ["192.0.2.*"]],
    ["192.0.2.9/32", ["192.0.2.9"]],
    ["2001:db8::1", ["2001:db8::1"]],
    ["2001:db8::1/128", ["2001:db8::1"]],
  ])("%s compiles to %j", (entry, values) => {
    expect(sourceIpValues(entry)).toEqual(success(values));
  });

  test("a block off an octet boundary expands into the next boundary's wildcards", () => {
    expect(sourceIpValues("172.16.0.0/12")).toEqual(success(Array.from({ length: 16 }, (_, i) => `172.${16 + i}.*`)));
    expect(sourceIpValues("198.51.100.0/23")).toEqual(success(["198.51.100.*", "198.51.101.*"]));
    expect(sourceIpValues("192.0.2.0/31")).toEqual(success(["192.0.2.0", "192.0.2.1"]));
    expect(sourceIpValues("192.0.2.16/28")).toEqual(success(Array.from({ length: 16 }, (_, i) => `192.0.2.${16 + i}`)));
  });

  test.each([
    ["10.0.0.0/9", `would expand into 128 wildcards of /16 (filter patterns have no CIDR operator); at most ${MAX_CIDR_EXPANSION}`],
    ["10.1.2.3/16", "has host bits set; the block is 10.1.0.0/16"],
    ["0.0.0.0/0", "is every IPv4 address"],
    ["2001:db8::/32", "IPv6 blocks cannot be matched exactly"],
    ["10.1.2", "is not an IP address or CIDR block"],
    ["example.com", "is not an IP address or CIDR block"],
  ])("rejects %s", (entry, message) => {
    const result = sourceIpValues(entry);
    expect(!result.ok && result.problems[0]).toContain(message);
  });
});

describe("filter patterns", () => {
  test("an entry with one list: absent or null fields stay counted, the original keeps its parentheses", () => {
    expect(compiled(ROOT_PATTERN, [{ reason: "break-glass from the office", sourceIps: ["192.0.2.0/24", "198.51.100.7"] }])).toBe(
      '{ ($.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent") && ' +
        '($.sourceIPAddress NOT EXISTS || $.sourceIPAddress IS NULL || $.sourceIPAddress != "192.0.2.*" && $.sourceIPAddress != "198.51.100.7") }',
    );
  });

  test("an entry with several lists excepts only events matching all of them", () => {
    const exceptions: DetectionException[] = [{ reason: "CI from the build subnet", principals: ["arn:aws:iam::111122223333:user/ci"], sourceIps: ["10.1.0.0/16"] }];
    const tuned = compileFilterPattern(compiled(ANY_CALL, exceptions));
    const ci = { type: "IAMUser", arn: "arn:aws:iam::111122223333:user/ci" };
    expect(tuned(toLogEvent(JSON.stringify(apiCall({ userIdentity: ci, sourceIPAddress: "10.1.4.5" }))))).toBe(false);
    expect(tuned(toLogEvent(JSON.stringify(apiCall({ userIdentity: ci, sourceIPAddress: "203.0.113.9" }))))).toBe(true);
    expect(tuned(toLogEvent(JSON.stringify(apiCall({ sourceIPAddress: "10.1.4.5" }))))).toBe(true);
  });

  test("role ARNs compare with the session's issuer, other principals with userIdentity.arn", () => {
    const exceptions: DetectionException[] = [{ reason: "deploy role", principals: ["arn:aws:iam::111122223333:role/deployer"] }];
    const pattern = compiled(ANY_CALL, exceptions);
    expect(pattern).toContain('$.userIdentity.sessionContext.sessionIssuer.arn != "arn:aws:iam::111122223333:role/deployer"');
    const tuned = compileFilterPattern(pattern);
    expect(tuned(toLogEvent(JSON.stringify(apiCall({ userIdentity: ROLE_IDENTITY }))))).toBe(false);
    expect(tuned(toLogEvent(JSON.stringify(apiCall())))).toBe(true);
  });

  test("one inner wildcard becomes starts-with and ends-with, minus the overlapping value", () => {
    const pattern = compiled(ANY_CALL, [{ reason: "any account's break-glass role", principals: ["arn:aws:iam::*:role/break-glass"] }]);
    const issuer = "$.userIdentity.sessionContext.sessionIssuer.arn";
    expect(pattern).toBe(
      `{ ($.eventVersion = "*") && (${issuer} NOT EXISTS || ${issuer} IS NULL || ` +
        `${issuer} != "arn:aws:iam::*" || ${issuer} != "*:role/break-glass" || ${issuer} = "arn:aws:iam::role/break-glass") }`,
    );
    expect(describeFilterPattern(pattern).regexCount).toBe(0);
  });

  test("several inner wildcards, quotes and backslashes become one regex per field", () => {
    const pattern = compiled(ANY_CALL, [{ reason: "scanners", userAgents: ['aws-cli/* scanner/*.py *', 'say "hi"', "Boto3/*"] }]);
    expect(pattern).toContain('$.userAgent != "Boto3/*"');
    expect(pattern).toContain("$.userAgent != %^aws-cli/.*\\x20scanner/.*\\.py\\x20|^say\\x20\\x22hi\\x22$%");
    expect(describeFilterPattern(pattern).regexCount).toBe(1);
  });

  test("single-list entries on the same field merge into one clause", () => {
    const pattern = compiled(ANY_CALL, [
      { reason: "office", sourceIps: ["192.0.2.1"] },
      { reason: "vpn", sourceIps: ["192.0.2.2"] },
    ]);
    expect(pattern.match(/NOT EXISTS/g)).toHaveLength(1);
  });

  test("entries that cannot be compiled are reported with their place", () => {
    const result = compileFilterExceptions(ANY_CALL, [
      { reason: "ok", sourceIps: ["192.0.2.1"] },
      { reason: "bad", sourceIps: ["10.0.0.0/4"], userAgents: ["bot\u0007"] },
      { reason: "nothing listed" },
    ]);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map((i) => [i.entry, i.path])).toEqual([
      [1, ["sourceIps", 0]],
      [1, ["userAgents", 0]],
      [2, []],
    ]);
  });

  test("a pattern that is not JSON takes no exceptions", () => {
    expect(compileFilterExceptions('"Failed password"', [{ reason: "x", sourceIps: ["192.0.2.1"] }]).ok).toBe(false);
  });

  /** Values that sit on the edges: absent, null, the overlap of a split wildcard, block borders. */
  const EDGE_RECORDS = [
    apiCall(),
    apiCall({ sourceIPAddress: undefined, userAgent: undefined }),
    apiCall({ sourceIPAddress: null, userAgent: null }),
    apiCall({ sourceIPAddress: "10.1.255.255" }),
    apiCall({ sourceIPAddress: "10.2.0.0" }),
    apiCall({ sourceIPAddress: "110.1.0.1" }),
    apiCall({ sourceIPAddress: "172.31.9.9" }),
    apiCall({ sourceIPAddress: "172.32.0.1" }),
    apiCall({ sourceIPAddress: "ec2.amazonaws.com" }),
    apiCall({ userIdentity: { type: "AssumedRole", arn: "arn:aws:sts::444455556666:assumed-role/break-glass/x", sessionContext: { sessionIssuer: { arn: "arn:aws:iam::444455556666:role/break-glass" } } } }),
    apiCall({ userIdentity: { type: "AssumedRole", arn: "x", sessionContext: { sessionIssuer: { arn: "arn:aws:iam::role/break-glass" } } } }),
    apiCall({ userIdentity: { type: "AssumedRole", arn: "x", sessionContext: { sessionIssuer: { arn: "arn:aws:iam:::role/break-glass" } } } }),
    apiCall({ userAgent: "aws-cli/2.15.0 scanner/run.py linux" }),
    apiCall({ userAgent: 'say "hi"' }),
    apiCall({ userAgent: "Boto3/1.34.0 md/Botocore#1.34.0" }),
    apiCall({ userIdentity: ROOT_IDENTITY, sourceIPAddress: "10.1.0.9" }),
    consoleLogin({ userIdentity: ROOT_IDENTITY }),
    failedConsoleLogin({ userIdentity: { type: "IAMUser", userName: "HIDDEN_DUE_TO_SECURITY_REASONS", accountId: "111122223333" } }),
  ];
  const EDGE_EXCEPTIONS: DetectionException[] = [
    { reason: "office", sourceIps: ["10.1.0.0/16", "172.16.0.0/12"] },
    { reason: "break-glass", principals: ["arn:aws:iam::*:role/break-glass"], userAgents: ["aws-cli/* scanner/*.py *", 'say "hi"'] },
    { reason: "boto", userAgents: ["Boto3/*"], sourceIps: ["198.51.100.7"] },
  ];

  test("the tuned pattern is exact on edge records", () => {
    expectExact(ANY_CALL, EDGE_EXCEPTIONS, EDGE_RECORDS);
    expectExact(ROOT_PATTERN, EDGE_EXCEPTIONS, EDGE_RECORDS);
  });

  test("the tuned pattern is exact on generated records and exceptions", () => {
    const { record, exception } = exceptionArbitraries();
    fc.assert(
      fc.property(fc.array(exception, { minLength: 1, maxLength: 3 }), fc.array(record, { minLength: 1, maxLength: 20 }), (exceptions, records) => {
        expectExact(ANY_CALL, exceptions, records);
      }),
      { numRuns: 300 },
    );
  });
});

describe("Contributor Insights", () => {
  const RULE = {
    keys: ["$.sourceIPAddress"],
    filters: [
      { Match: "$.eventName", In: ["ConsoleLogin"] },
      { Match: "$.responseElements.ConsoleLogin", In: ["Failure"] },
    ],
  };

  test("exact addresses become one NotIn on the key, merged across entries", () => {
    const result = compileContributorExceptions(RULE, [
      { reason: "office", sourceIps: ["192.0.2.1", "192.0.2.2/32"] },
      { reason: "vpn", sourceIps: ["192.0.2.1", "198.51.100.7"] },
    ]);
    expect(result).toEqual({ ok: true, value: [...RULE.filters, { Match: "$.sourceIPAddress", NotIn: ["192.0.2.1", "192.0.2.2", "198.51.100.7"] }] });
    const count = compileContributorRule({ keys: RULE.keys, filters: result.ok ? result.value : [] });
    expect(count(failedConsoleLogin({ sourceIPAddress: "192.0.2.1" }))).toBeUndefined();
    expect(count(failedConsoleLogin({ sourceIPAddress: "203.0.113.5" }))).toEqual(["203.0.113.5"]);
  });

  test.each<[string, DetectionException, string]>([
    ["a CIDR block", { reason: "x", sourceIps: ["10.0.0.0/8"] }, "is a CIDR block; Contributor Insights compares exact values only"],
    ["a wildcard", { reason: "x", userAgents: ["Mozilla/*"] }, "has a wildcard"],
    ["two lists in one entry", { reason: "x", sourceIps: ["192.0.2.1"], userAgents: ["curl"] }, "ANDs its filters"],
    ["a field events may lack", { reason: "x", principals: ["arn:aws:iam::111122223333:user/alice"] }, "cannot except on userIdentity.arn exactly"],
  ])("rejects %s", (_case, exception, message) => {
    const result = compileContributorExceptions(RULE, [exception]);
    expect(!result.ok && result.problems[0].message).toContain(message);
  });

  test("rejects more than 10 values in one filter and more than 4 filters", () => {
    const many = Array.from({ length: 11 }, (_, i) => `192.0.2.${i}`);
    const values = compileContributorExceptions(RULE, [{ reason: "x", sourceIps: many }]);
    expect(!values.ok && values.problems[0].message).toContain("11 values to except on sourceIPAddress; a Contributor Insights filter holds at most 10");
    const crowded = { keys: ["$.sourceIPAddress", "$.userAgent", "$.userIdentity.arn"], filters: RULE.filters };
    const filters = compileContributorExceptions(crowded, [
      { reason: "a", sourceIps: ["192.0.2.1"] },
      { reason: "b", userAgents: ["curl"] },
      { reason: "c", principals: ["arn:aws:iam::111122223333:user/alice"] },
    ]);
    expect(!filters.ok && filters.problems[0]).toMatchObject({ entry: 2, message: expect.stringContaining("would need 5 filters") });
  });
});

describe("the specification", () => {
  test("an entry excepts an event that matches all its lists, each by any value", () => {
    const entry: DetectionException = { reason: "x", principals: ["arn:aws:iam::*:user/ci"], sourceIps: ["10.0.0.0/8", "192.0.2.1"] };
    const ci = { type: "IAMUser", arn: "arn:aws:iam::111122223333:user/ci" };
    expect(isExcepted(entry, apiCall({ userIdentity: ci, sourceIPAddress: "10.9.9.9" }))).toBe(true);
    expect(isExcepted(entry, apiCall({ userIdentity: ci, sourceIPAddress: "192.0.2.1" }))).toBe(true);
    expect(isExcepted(entry, apiCall({ userIdentity: ci, sourceIPAddress: "11.0.0.1" }))).toBe(false);
    expect(isExcepted(entry, apiCall({ sourceIPAddress: "10.9.9.9" }))).toBe(false);
  });
});
