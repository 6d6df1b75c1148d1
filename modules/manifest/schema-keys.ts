/** The keys a zod object schema allows at a path: the candidates for "did you mean". */
import type { z } from "zod";
import type { FieldPath } from "./locate";

type Def = { type: string; shape?: Record<string, z.ZodType>; innerType?: z.ZodType; element?: z.ZodType; valueType?: z.ZodType; in?: z.ZodType };

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Unwraps optional, default, nullable and pipes down to the schema that does the work. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    const inner = def.innerType ?? (def.type === "pipe" ? def.in : undefined);
    if (!inner) return current;
    current = inner;
  }
}

export function allowedKeysAt(schema: z.ZodType, path: FieldPath): readonly string[] {
  let current: z.ZodType | undefined = unwrap(schema);
  for (const key of path) {
    const def = defOf(current);
    if (def.type === "object" && typeof key === "string") current = def.shape?.[key];
    else if (def.type === "array") current = def.element;
    else if (def.type === "record") current = def.valueType;
    else current = undefined;
    if (!current) return [];
    current = unwrap(current);
  }
  const def = defOf(current);
  return def.type === "object" && def.shape ? Object.keys(def.shape) : [];
}
