/**
 * A dot-notation field path (`userIdentity.arn`) compiled once into a reader of a record's value
 * as text: strings as they are, numbers and booleans as JSON writes them, anything else (missing,
 * null, objects, arrays) undefined.
 */
export function compileFieldPath(path: string): (record: Readonly<Record<string, unknown>>) => string | undefined {
  const steps = path.replace(/^\$\./, "").split(".");
  return (record) => {
    let value: unknown = record;
    for (const step of steps) {
      if (value === null || typeof value !== "object") return undefined;
      value = (value as Record<string, unknown>)[step];
    }
    if (typeof value === "string") return value;
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    return undefined;
  };
}
