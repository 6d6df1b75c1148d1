/**
 * An event as event-ruler sees it (Event.java): a list of leaf values, each under its keys joined
 * with "." (`detail.userIdentity.type`), arrays crushed out so that every element counts as a value
 * of the field. Each leaf remembers which element of which array it sits in (its "array
 * membership"), so that a match can refuse to combine fields from different elements of the same
 * array (event-ruler README, "JSON Array Matching": rulesForJSONEvent is array-consistent).
 */
import { MAX_NESTING } from "./json-text";

/** A JSON scalar as it appears in the event. */
export type Scalar = string | number | boolean | null;

/** A leaf value and its array membership, as flat pairs [arrayId, index, arrayId, index, …]. */
export interface Leaf {
  readonly value: Scalar;
  readonly membership: readonly number[];
}

/** The keys a pattern reads, and every dot-prefix of them, so that traversal skips the rest. */
export interface FieldIndex {
  readonly keys: ReadonlySet<string>;
  readonly prefixes: ReadonlySet<string>;
}

export function indexFields(keys: Iterable<string>): FieldIndex {
  const all = new Set(keys);
  const prefixes = new Set<string>();
  for (const key of all) {
    prefixes.add(key);
    for (let i = key.indexOf("."); i >= 0; i = key.indexOf(".", i + 1)) prefixes.add(key.slice(0, i));
  }
  return { keys: all, prefixes };
}

const isScalar = (v: unknown): v is Scalar =>
  v === null || typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v));

interface Frame {
  readonly value: unknown;
  /** Joined keys so far; null at the root, where a key starts the path without a dot. */
  readonly path: string | null;
  readonly membership: readonly number[];
  readonly depth: number;
}

/**
 * The leaves of `event` under the fields in `index`, or undefined when the event is not a JSON
 * object or nests deeper than a JSON parser would accept (then EventBridge could not have
 * received it). Iterative, so a deep event cannot overflow the stack; never throws.
 */
export function collectLeaves(event: unknown, index: FieldIndex): Map<string, Leaf[]> | undefined {
  if (typeof event !== "object" || event === null || Array.isArray(event)) return undefined;
  const leaves = new Map<string, Leaf[]>();
  const stack: Frame[] = [{ value: event, path: null, membership: [], depth: 0 }];
  let arrays = 0;
  while (stack.length > 0) {
    const { value, path, membership, depth } = stack.pop()!;
    if (depth > MAX_NESTING) return undefined;
    if (Array.isArray(value)) {
      const id = arrays++;
      for (let i = value.length - 1; i >= 0; i--) {
        const element: unknown = value[i];
        if (typeof element === "object" && element !== null) {
          // Objects and arrays inside an array carry their element index; scalars do not.
          stack.push({ value: element, path, membership: [...membership, id, i], depth: depth + 1 });
        } else if (path !== null && isScalar(element) && index.keys.has(path)) {
          push(leaves, path, { value: element, membership });
        }
      }
      continue;
    }
    if (typeof value !== "object" || value === null) continue;
    for (const key of Object.keys(value)) {
      const child = path === null ? key : `${path}.${key}`;
      if (!index.prefixes.has(child)) continue;
      const v: unknown = (value as Record<string, unknown>)[key];
      if (typeof v === "object" && v !== null) stack.push({ value: v, path: child, membership, depth: depth + 1 });
      else if (isScalar(v) && index.keys.has(child)) push(leaves, child, { value: v, membership });
    }
  }
  return leaves;
}

function push(leaves: Map<string, Leaf[]>, key: string, leaf: Leaf): void {
  const list = leaves.get(key);
  if (list) list.push(leaf);
  else leaves.set(key, [leaf]);
}
