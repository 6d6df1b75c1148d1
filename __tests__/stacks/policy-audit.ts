/**
 * Finds every IAM policy document in a synthesized stack and audits each statement:
 * - a service principal is granted nothing without a source condition (aws:SourceArn,
 *   aws:SourceAccount, aws:SourceOrgID, aws:SourceOrgPaths, or a KMS encryption-context
 *   condition where AWS documents one) — the confused-deputy guard;
 * - no Allow uses `*` or `<service>:*` actions, `NotAction`, or a partial wildcard AWS has not
 *   documented for the grant;
 * - no Allow opens a principal (`*`, an account wildcard, or an account outside the
 *   organization) without a condition fencing it to the organization or to named accounts.
 * A deliberate exception is listed with its reason, the way cdk-nag wants every suppression.
 */
import type { TerraformJson } from "../support/synth";

export interface FoundPolicy {
  /** `<resource type>.<name>.<attribute path>`, to name the culprit. */
  readonly where: string;
  readonly document: unknown;
}

export interface Finding {
  readonly where: string;
  readonly sid: string;
  readonly rule: "unparseable" | "service-without-source" | "wildcard-action" | "open-principal";
  readonly message: string;
}

export interface AuditOptions {
  /** Accounts of the organization: an AWS principal elsewhere needs an organization fence. */
  readonly accountIds?: ReadonlySet<string>;
}

/** Grants to a service principal that AWS documents without any source condition. */
export const SERVICE_EXEMPTIONS: readonly { service: string; action: string; reason: string }[] = [
  {
    service: "cloudtrail.amazonaws.com",
    action: "sts:AssumeRole",
    reason:
      "CloudTrail's CloudWatch Logs delivery role: AWS documents the trust policy without a condition and adding " +
      "aws:SourceArn/aws:SourceAccount was reported to stop delivery (prowler-cloud/prowler#4714); iam:PassRole guards it",
  },
  {
    service: "ec2.amazonaws.com",
    action: "sts:AssumeRole",
    reason:
      "the SSH instance role (tripline-ssh-instance): EC2 assumes an instance profile's role for the instance, and AWS documents " +
      "that trust policy without a source condition; iam:PassRole guards who attaches the profile to an instance",
  },
];

/** Partial action wildcards AWS documents for a grant; any other wildcard fails. */
export const DOCUMENTED_PARTIAL_WILDCARDS: ReadonlySet<string> = new Set([
  "kms:GenerateDataKey*", // CloudTrail and CloudWatch Logs key policies
  "kms:ReEncrypt*", // CloudWatch Logs key policy
]);

const SOURCE_KEYS = ["aws:sourcearn", "aws:sourceaccount", "aws:sourceorgid", "aws:sourceorgpaths"];
const FENCE_KEYS = ["aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount", "kms:calleraccount"];

/** Every policy document in the stack: JSON strings in any attribute, and policy-document data sources. */
export function collectPolicies(tf: TerraformJson): FoundPolicy[] {
  const found: FoundPolicy[] = [];
  for (const block of ["resource", "data"] as const) {
    for (const [type, byName] of Object.entries(tf[block] ?? {})) {
      for (const [name, config] of Object.entries(byName)) {
        const where = `${block === "data" ? "data." : ""}${type}.${name}`;
        if (block === "data" && type === "aws_iam_policy_document") found.push({ where, document: fromPolicyDocumentData(config) });
        else walk(config, where, found);
      }
    }
  }
  return found;
}

function walk(value: unknown, where: string, found: FoundPolicy[]): void {
  if (typeof value === "string") {
    if (!value.includes("Statement")) return;
    try {
      found.push({ where, document: JSON.parse(value) });
    } catch {
      // A policy built with a Terraform function cannot be read here; it must fail, not pass.
      found.push({ where, document: value });
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => walk(item, `${where}[${index}]`, found));
  } else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) walk(item, `${where}.${key}`, found);
  }
}

type DataStatement = {
  sid?: string;
  effect?: string;
  actions?: string[];
  not_actions?: string[];
  resources?: string[];
  principals?: { type: string; identifiers: string[] }[];
  condition?: { test: string; variable: string; values: string[] }[];
};

/** `data "aws_iam_policy_document"` blocks, in the shape of the JSON they render. */
function fromPolicyDocumentData(config: Record<string, unknown>): unknown {
  const statements = (config.statement ?? []) as DataStatement[];
  return {
    Statement: statements.map((s) => {
      const principal: Record<string, string[]> = {};
      for (const p of s.principals ?? []) principal[p.type] = [...(principal[p.type] ?? []), ...p.identifiers];
      const condition: Record<string, Record<string, string[]>> = {};
      for (const c of s.condition ?? []) condition[c.test] = { ...condition[c.test], [c.variable]: c.values };
      return {
        Sid: s.sid,
        Effect: s.effect ?? "Allow",
        ...(s.principals ? { Principal: principal } : {}),
        ...(s.actions ? { Action: s.actions } : {}),
        ...(s.not_actions ? { NotAction: s.not_actions } : {}),
        Resource: s.resources,
        ...(s.condition ? { Condition: condition } : {}),
      };
    }),
  };
}

type Statement = {
  Sid?: string;
  Effect?: string;
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: unknown;
  NotAction?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
};

const list = (value: unknown): string[] => (value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)]);

export function auditPolicy(found: FoundPolicy, options: AuditOptions = {}): Finding[] {
  const document = found.document as { Statement?: unknown } | string;
  if (typeof document !== "object" || document === null || document.Statement === undefined) {
    return [{ where: found.where, sid: "", rule: "unparseable", message: "a policy that is not literal JSON cannot be audited" }];
  }
  const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
  return statements.flatMap((s, index) => auditStatement(s as Statement, found.where, index, options));
}

function auditStatement(s: Statement, where: string, index: number, options: AuditOptions): Finding[] {
  if (s.Effect !== "Allow") return [];
  const sid = s.Sid ?? `#${index}`;
  const finding = (rule: Finding["rule"], message: string): Finding => ({ where, sid, rule, message });
  const findings: Finding[] = [];
  const actions = list(s.Action);
  const conditions = conditionEntries(s.Condition);

  if (s.NotAction !== undefined) findings.push(finding("wildcard-action", "Allow with NotAction grants everything else"));
  for (const action of actions) {
    if (action === "*" || action.endsWith(":*")) findings.push(finding("wildcard-action", `grants every action: ${action}`));
    else if (action.includes("*") && !DOCUMENTED_PARTIAL_WILDCARDS.has(action)) {
      findings.push(finding("wildcard-action", `undocumented wildcard action ${action}`));
    }
  }

  const principal = principalsOf(s);
  for (const service of principal.services) {
    const sourced = conditions.some(({ key, values, positive }) => positive && isBounded(values) && (SOURCE_KEYS.includes(key) || key.startsWith("kms:encryptioncontext:")));
    const exempt = actions.length > 0 && actions.every((action) => SERVICE_EXEMPTIONS.some((e) => e.service === service && e.action === action));
    if (!sourced && !exempt) findings.push(finding("service-without-source", `${service} is granted ${actions.join(", ")} without a source condition`));
  }

  const fenced = conditions.some(({ key, values, positive }) => positive && isBounded(values) && FENCE_KEYS.includes(key));
  for (const aws of principal.aws) {
    const account = aws === "*" ? "*" : /^\d{12}$/.test(aws) ? aws : (aws.split(":")[4] ?? "*");
    const open = account.includes("*");
    const outside = !open && options.accountIds !== undefined && !options.accountIds.has(account);
    if ((open || outside) && !fenced) {
      findings.push(finding("open-principal", `${aws} is ${open ? "anyone" : "outside the organization"}, with no organization or account condition`));
    }
  }
  if (s.NotPrincipal !== undefined) findings.push(finding("open-principal", "Allow with NotPrincipal grants everyone else"));
  return findings;
}

function principalsOf(s: Statement): { services: string[]; aws: string[] } {
  const principal = s.Principal;
  if (principal === undefined) return { services: [], aws: [] };
  if (principal === "*") return { services: [], aws: ["*"] };
  const p = principal as Record<string, unknown>;
  // Federated and CanonicalUser principals are not used by tripline: treat them as open.
  return { services: list(p.Service), aws: [...list(p.AWS), ...list(p.Federated), ...list(p.CanonicalUser).map(() => "*")] };
}

/** Condition keys, lower-cased, with whether the operator requires a match (not a Not… or Null test). */
function conditionEntries(condition: Statement["Condition"]): { key: string; values: string[]; positive: boolean }[] {
  return Object.entries(condition ?? {}).flatMap(([operator, byKey]) =>
    Object.entries(byKey ?? {}).map(([key, values]) => ({
      key: key.toLowerCase(),
      values: list(values),
      // ForAllValues and …IfExists also match when the key is absent, so they bound nothing.
      positive: !operator.startsWith("ForAllValues:") && !/Not|^Null$|IfExists$/.test(operator.replace(/^ForAnyValue:/, "")),
    })),
  );
}

/** A condition that names something: no value that is only wildcards. */
const isBounded = (values: string[]): boolean => values.length > 0 && values.every((v) => v.replace(/[*?]/g, "").length > 0);

/** Every finding in every policy of a stack, plus how many policies were read. */
export function auditStack(tf: TerraformJson, options: AuditOptions = {}): { policies: number; findings: Finding[] } {
  const policies = collectPolicies(tf);
  return { policies: policies.length, findings: policies.flatMap((p) => auditPolicy(p, options)) };
}
