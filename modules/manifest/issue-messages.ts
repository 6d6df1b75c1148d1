/** Turns zod's issues into sentences that quote the value and say what is allowed. */
import { closest, distance } from "fastest-levenshtein";
import type { z } from "zod";
import { escapeControls, quoteExcerpt } from "./excerpt";
import { formatFieldPath, type FieldPath } from "./locate";

export interface LocatedMessage {
  readonly path: FieldPath;
  /** True when the message is about a key (an unknown key) rather than its value. */
  readonly atKey: boolean;
  readonly message: string;
}

const describeValue = (value: unknown): string => {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return quoteExcerpt(value);
  return `${typeof value} ${String(value)}`;
};

const EXPECTED: Record<string, string> = {
  object: "a mapping",
  array: "a list",
  string: "a string",
  number: "a number",
  boolean: "true or false",
};

/** Keys allowed in the object schema at `path`, for "did you mean". */
export type AllowedKeys = (path: FieldPath) => readonly string[];

export function messagesForIssue(issue: z.core.$ZodIssue, input: unknown, allowedKeys: AllowedKeys): LocatedMessage[] {
  const path = issue.path.filter((key): key is string | number => typeof key !== "symbol");
  const value = valueAt(input, path);
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => ({ path: [...path, key], atKey: true, message: unknownKey(key, allowedKeys(path)) }));
    case "invalid_type":
      if (value === undefined) return [{ path, atKey: false, message: "required field is missing" }];
      if (issue.message && !issue.message.startsWith("Invalid input")) return [{ path, atKey: false, message: issue.message }];
      return [{ path, atKey: false, message: `expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${describeValue(value)}` }];
    case "invalid_value":
      return [{ path, atKey: false, message: `${describeValue(value)} is not one of: ${issue.values.map(String).join(", ")}` }];
    case "invalid_key":
      // A record's key that failed its own schema (a tag key): the key's message, at the key.
      return issue.issues.map((inner) => ({ path, atKey: true, message: escapeControls(inner.message) }));
    case "too_small":
      if (isOwnMessage(issue.message)) return [{ path, atKey: false, message: issue.message }];
      if (Array.isArray(value) && value.length === 0) return [{ path, atKey: false, message: "must not be empty" }];
      return [{ path, atKey: false, message: `${describeValue(value)} is too small (minimum ${String(issue.minimum)})` }];
    case "too_big":
      if (isOwnMessage(issue.message)) return [{ path, atKey: false, message: issue.message }];
      return [{ path, atKey: false, message: `${describeValue(value)} is too large (maximum ${String(issue.maximum)})` }];
    case "invalid_format":
      if (issue.message && !issue.message.startsWith("Invalid")) return [{ path, atKey: false, message: issue.message }];
      return [{ path, atKey: false, message: `${describeValue(value)} is not a valid ${issue.format}` }];
    default:
      return [{ path, atKey: false, message: escapeControls(issue.message) }];
  }
}

/** A message the schema wrote itself, rather than zod's default ("Too big: …", "Invalid input"). */
const isOwnMessage = (message: string | undefined): message is string => Boolean(message) && !/^(Too (big|small)|Invalid)/.test(message!);

function unknownKey(key: string, allowed: readonly string[]): string {
  const quoted = quoteExcerpt(key);
  if (allowed.length === 0) return `unknown key ${quoted}`;
  // Levenshtein over a key of any length is quadratic: only a key of a plausible length is a typo.
  const guess = key.length <= 64 ? closest(key, [...allowed]) : undefined;
  if (guess !== undefined && distance(key, guess) <= Math.max(2, Math.floor(key.length / 3))) return `unknown key ${quoted}; did you mean "${guess}"?`;
  return `unknown key ${quoted}; allowed: ${allowed.join(", ")}`;
}

function valueAt(input: unknown, path: FieldPath): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

export const describePath = formatFieldPath;
