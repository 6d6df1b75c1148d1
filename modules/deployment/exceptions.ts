/**
 * Exceptions (allow-lists) from the manifest, compiled into what AWS runs, so that what is
 * deployed and what replay and the tests evaluate are one text (docs/design.md "Detections are data").
 *
 * Semantics (docs/exceptions.md): an entry lists one or more of `principals`, `sourceIps`,
 * `userAgents`; it excepts an event that matches ALL the lists it has, and an event matches a
 * list when it matches ANY value in it. Entries are alternatives: an event excepted by one entry
 * is excepted. So a tuned pattern is `original && !entry1 && !entry2 …`, and `!entry` is "some
 * listed field does not match":
 *
 * - principals compare with `userIdentity.arn`, except role ARNs (`arn:aws:iam::…:role/…`), which
 *   compare with the role a session was assumed from (`userIdentity.sessionContext.sessionIssuer.arn`):
 *   a role ARN never appears in `userIdentity.arn`;
 * - sourceIps compare with `sourceIPAddress`: addresses exactly, IPv4 CIDR blocks as octet
 *   wildcards (`10.1.*` is 10.1.0.0/16; other prefix lengths expand into at most
 *   `MAX_CIDR_EXPANSION` wildcards of the next octet boundary); AWS has no CIDR operator (docs/aws-facts.md e);
 * - userAgents compare with `userAgent`;
 * - `*` is any run of characters. Metric filters only know a leading and a trailing `*`; one
 *   inner `*` (`arn:aws:iam::*:role/ci`) compiles to "starts with … and ends with …", minus the
 *   few values where the two overlap, which is exact; anything else becomes a `%regex%`.
 *
 * `!=` on an absent field does not match in AWS (docs/aws-facts.md e), so "does not match the list" is
 * written `($.f NOT EXISTS || $.f IS NULL || $.f != "a" && …)`: an event without the field (or
 * with null) cannot match the entry, and stays counted. This is exact for fields that, when they
 * hold a value, hold a string, as CloudTrail writes these four.
 */
import { isIPv4, isIPv6 } from "node:net";
import type { DetectionException } from "../manifest/schema";
import type { ContributorFilter } from "../catalog/detection";
import { failure, success, type Result } from "../result";
import { MAX_FILTERS, MAX_VALUES_PER_FILTER } from "../engines/contributor-rule";

/** JSON paths an exception compares with, as CloudTrail names the fields. */
export const EXCEPTION_PATHS = {
  principal: "$.userIdentity.arn",
  role: "$.userIdentity.sessionContext.sessionIssuer.arn",
  sourceIp: "$.sourceIPAddress",
  userAgent: "$.userAgent",
} as const;

/** A CIDR block that is not on an octet boundary expands into at most this many wildcards. */
export const MAX_CIDR_EXPANSION = 16;

export type ExceptionList = "principals" | "sourceIps" | "userAgents";
const LISTS: readonly ExceptionList[] = ["principals", "sourceIps", "userAgents"];

/** Why an exception cannot be compiled: `entry` indexes the list given, `path` is inside it. */
export interface ExceptionIssue {
  readonly entry: number;
  /** `["sourceIps", 2]`; empty for the entry as a whole. */
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** A compiled value, or why the exceptions cannot compile. */
export type Compiled<T> = Result<T, ExceptionIssue>;

/** A role's ARN (not a session's): compared with the session issuer. */
export const isRoleArn = (arn: string): boolean => /^arn:[^:]+:iam::[^:]*:role\//.test(arn);

/** The field a list's value is compared with: a role ARN with the session's issuer, not its own ARN. */
export const exceptionPath = (list: ExceptionList, value: string): string =>
  list === "sourceIps" ? EXCEPTION_PATHS.sourceIp : list === "userAgents" ? EXCEPTION_PATHS.userAgent : isRoleArn(value) ? EXCEPTION_PATHS.role : EXCEPTION_PATHS.principal;

// ---------------------------------------------------------------------------------------------
// Values → matchers

/** How one allow-listed value is matched in a filter pattern. */
type Matcher =
  /** An exact value, or one with a leading and/or trailing `*` (the filter-pattern wildcard). */
  | { readonly kind: "glob"; readonly text: string }
  /** `prefix*suffix`: starts with prefix and ends with suffix, except the values in `overlaps`. */
  | { readonly kind: "split"; readonly prefix: string; readonly suffix: string; readonly overlaps: readonly string[] }
  /** A CloudWatch Logs regex body, anchored as needed. */
  | { readonly kind: "regex"; readonly source: string };

/** A value, or the one sentence that says why not. */
type Parsed<T> = Result<T, string>;

/** Characters AWS's regex subset takes as they are (regex-expressions.html). */
const REGEX_LITERAL = /[A-Za-z0-9:_#=@/;,-]/;
/** Operators: a backslash makes them literal. */
const REGEX_OPERATORS = "^$?[]{}|\\*+.";

/** A literal string as a CloudWatch Logs regex; undefined when a character cannot be written (multibyte). */
function regexLiteral(text: string): string | undefined {
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (REGEX_LITERAL.test(ch)) out += ch;
    else if (REGEX_OPERATORS.includes(ch)) out += `\\${ch}`;
    else if (code < 0x80) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else return undefined;
  }
  return out;
}

/** Values `prefix*suffix` would seem to match by "starts with and ends with" although too short. */
function overlapsOf(prefix: string, suffix: string): string[] {
  const out: string[] = [];
  for (let k = 1; k <= Math.min(prefix.length, suffix.length); k++) {
    if (prefix.endsWith(suffix.slice(0, k))) out.push(prefix + suffix.slice(k));
  }
  return out;
}

/** A value with `*` wildcards (any run of characters) → how a filter pattern matches it. */
function wildcardMatcher(value: string): Parsed<Matcher> {
  if (/[\u0000-\u001f\u007f]/.test(value)) return failure(`${JSON.stringify(value)} contains a control character`);
  const collapsed = value.replace(/\*{2,}/g, "*");
  const leading = collapsed.startsWith("*");
  const trailing = collapsed.length > 1 && collapsed.endsWith("*");
  const core = collapsed.slice(leading ? 1 : 0, trailing ? -1 : undefined);
  const pieces = core.split("*");
  // A double quote or a backslash cannot be written inside a quoted filter-pattern string
  // (AWS documents no escapes there); a regex reaches them with \x22 and \x5c.
  const quotable = !/["\\]/.test(value);
  if (quotable && pieces.length === 1) return success({ kind: "glob", text: collapsed });
  if (quotable && pieces.length === 2 && !leading && !trailing) {
    return success({ kind: "split", prefix: pieces[0], suffix: pieces[1], overlaps: overlapsOf(pieces[0], pieces[1]) });
  }
  const literals = pieces.map(regexLiteral);
  if (literals.some((l) => l === undefined)) {
    return failure(`${JSON.stringify(value)} needs a regex (it has several * or a quote), and a CloudWatch Logs regex cannot hold its non-ASCII characters`);
  }
  return success({ kind: "regex", source: `${leading ? "" : "^"}${literals.join(".*")}${trailing ? "" : "$"}` });
}

const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/**
 * An address or CIDR block → the values `sourceIPAddress` is compared with: the address itself,
 * or octet-boundary wildcards (`10.1.*`), which match exactly the dotted-decimal addresses of the
 * block because CloudTrail writes IPv4 addresses without leading zeros.
 */
export function sourceIpValues(entry: string): Parsed<string[]> {
  if (isIPv4(entry) || isIPv6(entry)) return success([entry]);
  const cidr = IPV4_CIDR.exec(entry);
  if (cidr === null) {
    if (/^[0-9a-fA-F:.]+\/\d{1,3}$/.test(entry) && isIPv6(entry.split("/")[0])) {
      const [address, bits] = entry.split("/");
      if (bits === "128") return success([address]);
      return failure(`${JSON.stringify(entry)}: IPv6 blocks cannot be matched exactly (an address has several spellings and filter patterns have no CIDR operator); list addresses`);
    }
    return failure(`${JSON.stringify(entry)} is not an IP address or CIDR block`);
  }
  const octets = cidr.slice(1, 5).map(Number);
  const bits = Number(cidr[5]);
  if (!isIPv4(cidr.slice(1, 5).join(".")) || bits > 32) return failure(`${JSON.stringify(entry)} is not an IPv4 CIDR block`);
  const address = octets.reduce((a, o) => a * 256 + o, 0);
  const size = 2 ** (32 - bits);
  if (address % size !== 0) {
    const network = Math.floor(address / size) * size;
    return failure(`${JSON.stringify(entry)} has host bits set; the block is ${dotted(network)}/${bits}`);
  }
  if (bits === 0) return failure(`${JSON.stringify(entry)} is every IPv4 address; an exception that broad turns the detection off (use enabled: false)`);
  if (bits === 32) return success([dotted(address)]);
  const boundary = Math.ceil(bits / 8) * 8;
  const count = 2 ** (boundary - bits);
  if (count > MAX_CIDR_EXPANSION) {
    return failure(
      `${JSON.stringify(entry)} would expand into ${count} wildcards of /${boundary} (filter patterns have no CIDR operator); at most ${MAX_CIDR_EXPANSION}: split it into /${boundary - Math.log2(MAX_CIDR_EXPANSION)} blocks or use octet boundaries (/8, /16, /24)`,
    );
  }
  const step = 2 ** (32 - boundary);
  const kept = boundary / 8;
  const values: string[] = [];
  for (let i = 0; i < count; i++) {
    const network = dotted(address + i * step);
    // A /25–/31 block expands into single addresses; shorter ones into octet wildcards.
    values.push(boundary === 32 ? network : `${network.split(".").slice(0, kept).join(".")}.*`);
  }
  return success(values);
}

const dotted = (n: number): string => [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");

// ---------------------------------------------------------------------------------------------
// Filter patterns

/** Boolean structure of the text we add; rendered with the fewest parentheses (`&&` binds tighter). */
type Expr = { readonly op: "and" | "or"; readonly items: readonly Expr[] } | { readonly leaf: string };

const leaf = (text: string): Expr => ({ leaf: text });
const and = (items: Expr[]): Expr => (items.length === 1 ? items[0] : { op: "and", items });
const or = (items: Expr[]): Expr => (items.length === 1 ? items[0] : { op: "or", items });

function render(expr: Expr, inside?: "and" | "or"): string {
  if ("leaf" in expr) return expr.leaf;
  const text = expr.items.map((item) => render(item, expr.op)).join(expr.op === "and" ? " && " : " || ");
  return inside === "and" && expr.op === "or" ? `(${text})` : text;
}

const quoted = (text: string): string => `"${text}"`;

/** "The field at `path` matches none of `matchers`", true when the field is absent or null. */
function matchesNone(path: string, matchers: readonly Matcher[]): Expr {
  const conditions: Expr[] = [];
  const regexes: string[] = [];
  for (const m of matchers) {
    if (m.kind === "glob") conditions.push(leaf(`${path} != ${quoted(m.text)}`));
    else if (m.kind === "split") {
      conditions.push(
        or([
          leaf(`${path} != ${quoted(`${m.prefix}*`)}`),
          leaf(`${path} != ${quoted(`*${m.suffix}`)}`),
          ...m.overlaps.map((o) => leaf(`${path} = ${quoted(o)}`)),
        ]),
      );
    } else regexes.push(m.source);
  }
  // One regex per field, alternatives joined: AWS allows two regexes per pattern (docs/aws-facts.md e6).
  if (regexes.length > 0) conditions.push(leaf(`${path} != %${regexes.join("|")}%`));
  return or([leaf(`${path} NOT EXISTS`), leaf(`${path} IS NULL`), and(conditions)]);
}

/** The matchers of one entry, by JSON path, with its issues. */
interface EntryFields {
  /** For each list the entry has: the paths it compares with and their matchers (any path matching = the list matches). */
  readonly lists: Map<ExceptionList, Map<string, Matcher[]>>;
  readonly issues: ExceptionIssue[];
}

function entryFields(exception: DetectionException, entry: number): EntryFields {
  const lists = new Map<ExceptionList, Map<string, Matcher[]>>();
  const issues: ExceptionIssue[] = [];
  const add = (list: ExceptionList, path: string, matcher: Matcher) => {
    const byPath = lists.get(list) ?? new Map<string, Matcher[]>();
    lists.set(list, byPath);
    byPath.set(path, [...(byPath.get(path) ?? []), matcher]);
  };
  for (const list of LISTS) {
    (exception[list] ?? []).forEach((value, index) => {
      const at = [list, index];
      if (list === "sourceIps") {
        const ips = sourceIpValues(value);
        if (!ips.ok) issues.push(...ips.problems.map((message) => ({ entry, path: at, message })));
        else for (const ip of ips.value) add(list, exceptionPath(list, value), { kind: "glob", text: ip });
        return;
      }
      const matcher = wildcardMatcher(value);
      if (!matcher.ok) issues.push(...matcher.problems.map((message) => ({ entry, path: at, message })));
      else add(list, exceptionPath(list, value), matcher.value);
    });
  }
  if (lists.size === 0 && issues.length === 0) {
    issues.push({ entry, path: [], message: "lists none of principals, sourceIps, userAgents: it would except every event; use enabled: false to turn the detection off" });
  }
  return { lists, issues };
}

/** "This entry does not apply": some listed field matches none of its values. */
const entryDoesNotApply = (lists: ReadonlyMap<ExceptionList, ReadonlyMap<string, readonly Matcher[]>>): Expr =>
  or([...lists.values()].map((byPath) => and([...byPath].map(([path, matchers]) => matchesNone(path, matchers)))));

/**
 * Compiles exceptions into a JSON filter pattern: `{ (original) && !entry1 && … }`. Entries that
 * list a single field are merged per field (one "absent, null or none of" clause instead of one
 * per entry). The result still has to pass AWS's limits (length, regex count): the caller checks
 * it with the engine's `describeFilterPattern`.
 */
export function compileFilterExceptions(pattern: string, exceptions: readonly DetectionException[]): Compiled<string> {
  if (exceptions.length === 0) return success(pattern);
  const trimmed = pattern.trim();
  if (!trimmed.startsWith("{") || !trimmed.endsWith("}")) {
    return failure({ entry: 0, path: [], message: "exceptions compile into JSON filter patterns only; this detection's pattern is not one" });
  }
  const issues: ExceptionIssue[] = [];
  const merged = new Map<ExceptionList, Map<string, Matcher[]>>();
  const clauses: Expr[] = [];
  exceptions.forEach((exception, entry) => {
    const fields = entryFields(exception, entry);
    issues.push(...fields.issues);
    if (fields.issues.length > 0) return;
    if (fields.lists.size === 1) {
      const [list, byPath] = [...fields.lists][0];
      const into = merged.get(list) ?? new Map<string, Matcher[]>();
      merged.set(list, into);
      for (const [path, matchers] of byPath) into.set(path, [...(into.get(path) ?? []), ...matchers]);
    } else {
      clauses.push(entryDoesNotApply(fields.lists));
    }
  });
  if (issues.length > 0) return failure(...issues);
  for (const [list, byPath] of merged) clauses.unshift(entryDoesNotApply(new Map([[list, dedupe(byPath)]])));
  const inner = trimmed.slice(1, -1).trim();
  return success(`{ (${inner}) && ${clauses.map((c) => render(c, "and")).join(" && ")} }`);
}

const dedupe = (byPath: Map<string, Matcher[]>): Map<string, Matcher[]> =>
  new Map([...byPath].map(([path, matchers]) => [path, [...new Map(matchers.map((m) => [JSON.stringify(m), m])).values()]]));

// ---------------------------------------------------------------------------------------------
// Contributor Insights

/**
 * Compiles exceptions into a Contributor Insights rule's filters: one `NotIn` per field, exact
 * values only (no wildcard, no CIDR: the rule syntax has neither, docs/aws-facts.md d2). Filters are
 * AND-ed, so only entries with a single list can be written (`!(a && b)` is an OR), and `NotIn`
 * does not match an absent field, so the field must be one every counted event has: a key of the
 * rule (an event without it has no contributor) or a field another filter already requires.
 */
export function compileContributorExceptions(
  rule: { readonly keys: readonly string[]; readonly filters: readonly ContributorFilter[] },
  exceptions: readonly DetectionException[],
): Compiled<ContributorFilter[]> {
  const filters: ContributorFilter[] = rule.filters.map((f) => ({ ...f }));
  if (exceptions.length === 0) return success(filters);
  const issues: ExceptionIssue[] = [];
  const present = new Set([...rule.keys, ...rule.filters.filter((f) => f.IsPresent !== false).map((f) => f.Match)]);
  const notIn = new Map<string, { values: string[]; lastEntry: number }>();
  exceptions.forEach((exception, entry) => {
    const lists = LISTS.filter((list) => (exception[list] ?? []).length > 0);
    if (lists.length !== 1) {
      issues.push({
        entry,
        path: [],
        message:
          lists.length === 0
            ? "lists none of principals, sourceIps, userAgents"
            : `lists ${lists.join(" and ")}; a Contributor Insights rule ANDs its filters, so it cannot except "all of these together": give each list its own entry`,
      });
      return;
    }
    const list = lists[0];
    (exception[list] ?? []).forEach((value, index) => {
      const at = [list, index];
      let exact: string | undefined = value;
      if (list === "sourceIps") {
        const ips = sourceIpValues(value);
        if (!ips.ok) {
          issues.push(...ips.problems.map((message) => ({ entry, path: at, message })));
          return;
        }
        exact = ips.value.length === 1 && !ips.value[0].endsWith("*") ? ips.value[0] : undefined;
        if (exact === undefined) {
          issues.push({ entry, path: at, message: `${JSON.stringify(value)} is a CIDR block; Contributor Insights compares exact values only (NotIn), list addresses` });
          return;
        }
      } else if (value.includes("*")) {
        issues.push({ entry, path: at, message: `${JSON.stringify(value)} has a wildcard; Contributor Insights compares exact values only (NotIn)` });
        return;
      }
      const path = exceptionPath(list, value);
      if (!present.has(path)) {
        issues.push({
          entry,
          path: at,
          message: `Contributor Insights cannot except on ${path.slice(2)} exactly: NotIn also drops events without that field, and the rule's filters cannot say "absent or not in"; only ${[...present].map((p) => p.slice(2)).join(", ")} can be excepted`,
        });
        return;
      }
      const slot = notIn.get(path) ?? { values: [], lastEntry: entry };
      if (!slot.values.includes(exact)) slot.values.push(exact);
      slot.lastEntry = entry;
      notIn.set(path, slot);
    });
  });
  if (issues.length > 0) return failure(...issues);
  for (const [path, { values, lastEntry }] of notIn) {
    const existing = filters.findIndex((f) => f.Match === path && f.NotIn !== undefined);
    const all = existing >= 0 ? [...new Set([...(filters[existing].NotIn ?? []).map(String), ...values])] : values;
    if (all.length > MAX_VALUES_PER_FILTER) {
      issues.push({ entry: lastEntry, path: [], message: `${all.length} values to except on ${path.slice(2)}; a Contributor Insights filter holds at most ${MAX_VALUES_PER_FILTER}` });
    }
    if (existing >= 0) filters[existing] = { Match: path, NotIn: all };
    else filters.push({ Match: path, NotIn: all });
  }
  if (filters.length > MAX_FILTERS) {
    const last = Math.max(...[...notIn.values()].map((s) => s.lastEntry));
    issues.push({
      entry: last,
      path: [],
      message: `the rule would need ${filters.length} filters (${rule.filters.length} of its own, one per excepted field); Contributor Insights allows ${MAX_FILTERS}`,
    });
  }
  return issues.length > 0 ? failure(...issues) : success(filters);
}
