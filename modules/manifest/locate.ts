/** Maps a field path in a parsed YAML document back to its line and column. */
import { EXCERPT_LENGTH } from "./excerpt";
import { isMap, isNode, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from "yaml";

export type FieldPath = readonly (string | number)[];

export interface Position {
  readonly line: number;
  readonly col: number;
}

/**
 * `["regions", 1]` → `regions[1]`; `["notifications", "slack"]` → `notifications.slack`. A key
 * from the input longer than an excerpt is cut: the path names a place, it does not echo a file.
 */
export const formatFieldPath = (path: FieldPath): string =>
  path.reduce<string>((text, key) => {
    if (typeof key === "number") return `${text}[${key}]`;
    const name = key.length > EXCERPT_LENGTH ? `${key.slice(0, EXCERPT_LENGTH)}…` : key;
    return text ? `${text}.${name}` : name;
  }, "");

/**
 * The position of the node at `path`; for a key (`atKey`), of the key itself. A path that does
 * not exist (a missing required field) resolves to the deepest node that does, so the message
 * points at the mapping that lacks the field.
 */
export function locate(doc: Document, lineCounter: LineCounter, path: FieldPath, atKey = false): Position {
  let node: Node | null = doc.contents;
  let found: Node | null = node;
  for (const [index, key] of path.entries()) {
    const isLast = index === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === key);
      if (!pair) break;
      if (isLast && atKey && isNode(pair.key)) {
        found = pair.key;
        break;
      }
      node = isNode(pair.value) ? pair.value : null;
    } else if (isSeq(node) && typeof key === "number") {
      const item = node.items[key];
      node = isNode(item) ? item : null;
    } else {
      break;
    }
    if (!node) break;
    found = node;
  }
  const offset = found?.range?.[0] ?? 0;
  const { line, col } = lineCounter.linePos(offset);
  return { line, col };
}
