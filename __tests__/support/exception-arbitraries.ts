/**
 * Generated records and exception entries for the compilers' property tests (filter patterns and
 * event patterns alike): values chosen to sit on the edges (a user ARN that prefixes another, a
 * role ARN without an account, CIDR blocks on and off octet boundaries, IPv6, quotes), each field
 * sometimes absent and sometimes null.
 */
import fc from "fast-check";
import { apiCall } from "../../modules/catalog/examples";
import type { DetectionException } from "../../modules/manifest/schema";

export interface ArbitraryOptions {
  /** Further user agents, both in records and in exceptions (e.g. a backslash, for event patterns). */
  readonly extraAgents?: readonly string[];
}

export function exceptionArbitraries(options: ArbitraryOptions = {}): { record: fc.Arbitrary<Record<string, unknown>>; exception: fc.Arbitrary<DetectionException> } {
  const extra = options.extraAgents ?? [];
  const ips = ["10.1.2.3", "10.1.2.4", "10.2.0.1", "172.20.1.1", "192.0.2.200", "2001:db8::1", "signin.amazonaws.com"];
  const arns = ["arn:aws:iam::111122223333:user/ci", "arn:aws:iam::111122223333:user/cia", "arn:aws:sts::111122223333:assumed-role/deployer/s1", "arn:aws:iam::111122223333:root"];
  const roles = ["arn:aws:iam::111122223333:role/deployer", "arn:aws:iam::444455556666:role/deployer", "arn:aws:iam::role/deployer"];
  const agents = ["aws-cli/2.15.0", "Boto3/1.34.0", "console.amazonaws.com", 'curl "x"', ...extra];
  const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, fc.constant(undefined), fc.constant(null));
  const record = fc
    .record({ ip: maybe(fc.constantFrom(...ips)), arn: maybe(fc.constantFrom(...arns)), role: maybe(fc.constantFrom(...roles)), agent: maybe(fc.constantFrom(...agents)) })
    .map(({ ip, arn, role, agent }) =>
      apiCall({
        sourceIPAddress: ip,
        userAgent: agent,
        userIdentity: { type: "AssumedRole", ...(arn === undefined ? {} : { arn }), ...(role === undefined ? {} : { sessionContext: { sessionIssuer: { arn: role } } }) },
      }),
    );
  const exception = fc
    .record(
      {
        reason: fc.constant("generated"),
        principals: fc.subarray(["arn:aws:iam::111122223333:user/ci", "arn:aws:iam::*:role/deployer", "arn:aws:sts::111122223333:assumed-role/*", "*:root"], { minLength: 1 }),
        sourceIps: fc.subarray(["10.1.0.0/16", "10.1.2.2/31", "172.16.0.0/12", "192.0.2.200", "2001:db8::1"], { minLength: 1 }),
        userAgents: fc.subarray(["aws-cli/*", "*Boto3*", 'curl "x"', "console.*.com", ...extra], { minLength: 1 }),
      },
      { requiredKeys: ["reason"] },
    )
    .filter((e) => Boolean(e.principals || e.sourceIps || e.userAgents)) as fc.Arbitrary<DetectionException>;
  return { record, exception };
}
