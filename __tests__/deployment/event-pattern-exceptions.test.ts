/**
 * Exceptions compiled into EventBridge event patterns. The compiled pattern is evaluated with the
 * event-pattern engine on records wrapped as EventBridge delivers them, and compared with the
 * specification (`isExcepted`): a record matches the tuned pattern exactly when the original
 * pattern matches it and no entry excepts it.
 */
import fc from "fast-check";
import { compileEventPattern } from "../../modules/engines/event-pattern";
import { compileEventPatternExceptions, MAX_EXCEPTION_ALTERNATIVES, type EventPattern } from "../../modules/deployment/event-pattern-exceptions";
import { apiCall, consoleLogin, ROLE_IDENTITY, ROOT_IDENTITY } from "../../modules/catalog/examples";
import { securityServiceDisabled } from "../../modules/catalog/events/security-service-disabled";
import { baselineTampered } from "../../modules/catalog/events/baseline-tampered";
import { toEventBridgeEvent } from "../../modules/replay/eventbridge-envelope";
import type { DetectionException } from "../../modules/manifest/schema";
import { exceptionArbitraries } from "../support/exception-arbitraries";
import { isExcepted } from "../support/exception-spec";

/** Every API call (the envelope's detail-type), whatever its fields. */
const ANY_CALL: EventPattern = { "detail-type": ["AWS API Call via CloudTrail"] };
/** A pattern with a top-level `$or`, as the catalog's tamper rules have. */
const WITH_OR: EventPattern = {
  $or: [{ detail: { eventName: ["DescribeInstances"] } }, { detail: { eventSource: ["cloudtrail.amazonaws.com"], eventName: ["StopLogging"] } }],
};
/** Room enough for generated combinations; the quota itself is validate's business (checks.ts). */
const UNLIMITED = { maxPatternLength: 1_000_000 };

const compiled = (pattern: EventPattern, exceptions: DetectionException[]): EventPattern => {
  const result = compileEventPatternExceptions(pattern, exceptions);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value;
};

function expectExact(pattern: EventPattern, exceptions: DetectionException[], records: readonly Record<string, unknown>[]): void {
  const tuned = compileEventPattern(compiled(pattern, exceptions), UNLIMITED);
  const original = compileEventPattern(pattern, UNLIMITED);
  for (const record of records) {
    const event = toEventBridgeEvent(record).event;
    const expected = original(event) && !exceptions.some((e) => isExcepted(e, record));
    if (tuned(event) !== expected) throw new Error(`tuned pattern says ${!expected} for ${JSON.stringify(record)} with ${JSON.stringify(compiled(pattern, exceptions))}`);
  }
}

describe("the compiled pattern", () => {
  test("no exceptions: the pattern itself", () => {
    expect(compiled(ANY_CALL, [])).toBe(ANY_CALL);
  });

  test("one list: 'absent, or anything but' under detail, the original kept", () => {
    expect(compiled(ANY_CALL, [{ reason: "office", sourceIps: ["198.51.100.7", "10.1.0.0/16"] }])).toEqual({
      "detail-type": ["AWS API Call via CloudTrail"],
      detail: { sourceIPAddress: [{ exists: false }, { "anything-but": { wildcard: ["198.51.100.7", "10.1.*"] } }] },
    });
  });

  test("role ARNs compare with the session's issuer, other principals with the identity's ARN", () => {
    expect(compiled(ANY_CALL, [{ reason: "ci", principals: ["arn:aws:iam::111122223333:role/ci", "arn:aws:iam::111122223333:user/bot"] }])).toEqual({
      "detail-type": ["AWS API Call via CloudTrail"],
      detail: {
        userIdentity: {
          arn: [{ exists: false }, { "anything-but": "arn:aws:iam::111122223333:user/bot" }],
          sessionContext: { sessionIssuer: { arn: [{ exists: false }, { "anything-but": "arn:aws:iam::111122223333:role/ci" }] } },
        },
      },
    });
  });

  test("an entry with several lists is a $or under detail; the original's own $or stays on top", () => {
    const out = compiled(WITH_OR, [{ reason: "scanner", userAgents: ["scanner/*"], sourceIps: ["192.0.2.1"] }]);
    expect(out.$or).toEqual(WITH_OR.$or);
    expect(out.detail).toEqual({
      $or: [{ sourceIPAddress: [{ exists: false }, { "anything-but": "192.0.2.1" }] }, { userAgent: [{ exists: false }, { "anything-but": { wildcard: ["scanner/*"] } }] }],
    });
  });

  test("wildcards are written in EventBridge's syntax: backslashes escaped, runs of * collapsed", () => {
    const out = compiled(ANY_CALL, [{ reason: "odd", userAgents: ["a\\b**c", "plain"] }]);
    expect(out.detail).toEqual({ userAgent: [{ exists: false }, { "anything-but": { wildcard: ["plain", "a\\\\b*c"] } }] });
  });

  test("a field both a one-list entry and a multi-list entry constrain is written in the branches only", () => {
    const out = compiled(ANY_CALL, [
      { reason: "office", sourceIps: ["198.51.100.7"] },
      { reason: "scanner", userAgents: ["scanner/*"], sourceIps: ["192.0.2.1"] },
    ]);
    expect(out.detail).toEqual({
      $or: [
        { sourceIPAddress: [{ exists: false }, { "anything-but": ["192.0.2.1", "198.51.100.7"] }] },
        { sourceIPAddress: [{ exists: false }, { "anything-but": "198.51.100.7" }], userAgent: [{ exists: false }, { "anything-but": { wildcard: ["scanner/*"] } }] },
      ],
    });
  });

  test("several multi-list entries multiply out into one $or", () => {
    const out = compiled(ANY_CALL, [
      { reason: "a", userAgents: ["a/*"], sourceIps: ["192.0.2.1"] },
      { reason: "b", userAgents: ["b/*"], sourceIps: ["192.0.2.2"] },
    ]);
    expect((out.detail as { $or: unknown[] }).$or).toHaveLength(4);
  });
});

describe("what cannot be expressed is an issue, at its entry and value", () => {
  test("an IPv6 block", () => {
    expect(compileEventPatternExceptions(ANY_CALL, [{ reason: "v6", sourceIps: ["2001:db8::/32"] }])).toEqual({
      ok: false,
      problems: [{ entry: 0, path: ["sourceIps", 0], message: expect.stringContaining("IPv6 blocks cannot be matched exactly") }],
    });
  });

  test("a field the detection's own pattern already constrains", () => {
    const own = { detail: { userAgent: ["console.amazonaws.com"] } };
    expect(compileEventPatternExceptions(own, [{ reason: "x", userAgents: ["aws-cli/*"] }])).toEqual({
      ok: false,
      problems: [{ entry: 0, path: [], message: expect.stringContaining("already matches on detail.userAgent") }],
    });
  });

  test("an entry with no list, and a control character", () => {
    const result = compileEventPatternExceptions(ANY_CALL, [{ reason: "empty" }, { reason: "bell", userAgents: ["a\u0007"] }]);
    expect(result.ok ? [] : result.problems.map((i) => [i.entry, i.path])).toEqual([
      [0, []],
      [1, ["userAgents", 0]],
    ]);
  });

  test("too many alternatives", () => {
    const entry = (n: number): DetectionException => ({ reason: `${n}`, userAgents: [`a${n}`], sourceIps: [`192.0.2.${n}`] });
    const result = compileEventPatternExceptions(ANY_CALL, [1, 2, 3, 4, 5, 6, 7].map(entry));
    expect(2 ** 7).toBeGreaterThan(MAX_EXCEPTION_ALTERNATIVES);
    expect(result.ok).toBe(false);
  });
});

describe("exactness", () => {
  const EDGE_RECORDS = [
    apiCall(),
    apiCall({ sourceIPAddress: "10.1.200.3" }),
    apiCall({ sourceIPAddress: "10.2.0.1", userAgent: "scanner/1.0" }),
    apiCall({ sourceIPAddress: "192.0.2.1", userAgent: "scanner/1.0" }),
    apiCall({ sourceIPAddress: "192.0.2.1", userAgent: null }),
    apiCall({ sourceIPAddress: "192.0.2.1", userAgent: undefined }),
    apiCall({ userIdentity: ROLE_IDENTITY }),
    apiCall({ userIdentity: ROOT_IDENTITY, eventSource: "cloudtrail.amazonaws.com", eventName: "StopLogging" }),
    apiCall({ userIdentity: { type: "AWSService", invokedBy: "config.amazonaws.com" } }),
    consoleLogin(),
  ];
  const EDGE_EXCEPTIONS: DetectionException[] = [
    { reason: "office", sourceIps: ["10.1.0.0/16"] },
    { reason: "scanner", sourceIps: ["192.0.2.1"], userAgents: ["scanner/*"] },
    { reason: "deployer", principals: ["arn:aws:iam::*:role/deployer", `arn:aws:iam::111122223333:root`] },
  ];

  test("the tuned pattern is exact on edge records", () => {
    expectExact(ANY_CALL, EDGE_EXCEPTIONS, EDGE_RECORDS);
    expectExact(WITH_OR, EDGE_EXCEPTIONS, EDGE_RECORDS);
    expectExact(securityServiceDisabled.eventPattern, EDGE_EXCEPTIONS, [...EDGE_RECORDS, ...securityServiceDisabled.examples.match]);
    expectExact(baselineTampered.eventPattern, EDGE_EXCEPTIONS, [...EDGE_RECORDS, ...baselineTampered.examples.match]);
  });

  test("the tuned pattern is exact on generated records and exceptions", () => {
    const { record, exception } = exceptionArbitraries({ extraAgents: ["back\\slash"] });
    fc.assert(
      fc.property(fc.array(exception, { minLength: 1, maxLength: 3 }), fc.array(record, { minLength: 1, maxLength: 20 }), (exceptions, records) => {
        expectExact(ANY_CALL, exceptions, records);
      }),
      { numRuns: 300 },
    );
  });
});
