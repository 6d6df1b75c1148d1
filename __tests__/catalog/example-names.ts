/**
 * Test support: a name for each example event that says what it shows, so a failing case reads
 * "stays quiet on CreateAccessKey by IAMUser" rather than "near miss 2". An sshd line is named by
 * its message; a CloudTrail record by its call, identity and outcome, and where two examples of one
 * list would share a name, by the fields in which they differ.
 */
import type { ExampleEvent } from "../../modules/catalog/detection";

type Json = Readonly<Record<string, unknown>>;

const MAX_LENGTH = 100;

const isObject = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);

/** Leaf values by dotted path, so records can be compared field by field. */
function leaves(value: unknown, prefix = "", out = new Map<string, string>()): Map<string, string> {
  if (isObject(value)) for (const [key, inner] of Object.entries(value)) leaves(inner, prefix ? `${prefix}.${key}` : key, out);
  else if (Array.isArray(value)) value.forEach((inner, i) => leaves(inner, `${prefix}[${i}]`, out));
  else out.set(prefix, JSON.stringify(value));
  return out;
}

const shorten = (text: string): string => (text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH - 1)}…` : text);

const CLASSIC = /^[A-Z][a-z]{2}\s+\d+\s+\d\d:\d\d:\d\d\s+\S+\s+([^\s[]+)\[\d+\]:\s?(.*)$/;
const RFC_3339 = /^\d{4}-\d\d-\d\dT\S+\s+\S+\s+([^\s[]+)\[\d+\]:\s?(.*)$/;

/** A syslog line as `program: message`, its header noted only when it is RFC 3339. */
function describeLine(line: string): string {
  const classic = CLASSIC.exec(line);
  if (classic) return `${classic[1]}: ${classic[2]}`;
  const rfc = RFC_3339.exec(line);
  return rfc ? `${rfc[1]}: ${rfc[2]} (RFC 3339 header)` : line;
}

function describeRecord(record: Json): string {
  const get = (path: string): unknown => path.split(".").reduce<unknown>((v, key) => (isObject(v) ? v[key] : undefined), record);
  const parts = [String(get("eventName") ?? get("eventType") ?? "record")];
  const labelled: readonly (readonly [path: string, label: string])[] = [
    ["userIdentity.type", "by "],
    ["userIdentity.invokedBy", "via "],
    ["responseElements.ConsoleLogin", ""],
    ["errorCode", "error "],
  ];
  for (const [path, label] of labelled) {
    const value = get(path);
    if (value !== undefined) parts.push(`${label}${String(value)}`);
  }
  return parts.join(" ");
}

/**
 * Names for a detection's examples, in order. A record whose name another example (of either
 * list) shares gets the one or two fields in which it differs from the closest of those, so a
 * near miss says what keeps it quiet; names are unique within each list.
 */
export function exampleNames(examples: {
  readonly match: readonly ExampleEvent[];
  readonly miss: readonly ExampleEvent[];
}): { match: string[]; miss: string[] } {
  const all = [...examples.match, ...examples.miss];
  const base = all.map((e) => (typeof e === "string" ? describeLine(e) : describeRecord(e)));
  const fields = all.map((e) => (typeof e === "string" ? new Map<string, string>() : leaves(e)));
  const named = base.map((name, i) => {
    const twins = base.flatMap((other, j) => (other === name && j !== i ? [j] : []));
    if (twins.length === 0 || typeof all[i] === "string") return name;
    // Against the twin it is closest to: what sets a near miss apart from the match it imitates.
    const own = fields[i];
    const differences = (j: number) =>
      [...new Set([...own.keys(), ...fields[j].keys()])].filter((path) => fields[j].get(path) !== own.get(path));
    const closest = twins.map(differences).reduce((a, b) => (b.length < a.length ? b : a));
    const differing = closest
      .sort((a, b) => a.length - b.length || a.localeCompare(b))
      .slice(0, 2)
      .map((path) => `${path}=${own.get(path) ?? "absent"}`);
    return differing.length === 0 ? name : `${name} (${differing.join(", ")})`;
  });
  const unique = (names: readonly string[]) =>
    names.map((name, i) => {
      const earlier = names.slice(0, i).filter((other) => other === name).length;
      return shorten(earlier === 0 ? name : `${name} #${earlier + 1}`);
    });
  return { match: unique(named.slice(0, examples.match.length)), miss: unique(named.slice(examples.match.length)) };
}
