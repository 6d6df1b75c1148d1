/**
 * The manifest reference in the README, rendered from the JSON Schema (itself from the zod
 * schema), so that the docs cannot drift from what `validate` accepts.
 */
type JsonSchema = {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  enum?: unknown[];
  default?: unknown;
  anyOf?: JsonSchema[];
  pattern?: string;
  format?: string;
};

interface Row {
  readonly field: string;
  readonly type: string;
  readonly required: boolean;
  readonly defaultValue?: unknown;
  readonly description: string;
}

export function renderReference(schema: { anyOf: JsonSchema[] }): string {
  return schema.anyOf
    .map((fileSchema) => {
      const rows = rowsOf(fileSchema, "");
      const table = rows.map(
        (row) =>
          `| \`${row.field}\` | ${row.type} | ${row.required ? "yes" : ""} | ${row.defaultValue === undefined ? "" : `\`${JSON.stringify(row.defaultValue)}\``} | ${row.description} |`,
      );
      return [`#### ${fileSchema.description ?? ""}`, "", "| field | type | required | default | meaning |", "| --- | --- | --- | --- | --- |", ...table].join("\n");
    })
    .join("\n\n");
}

function rowsOf(schema: JsonSchema, prefix: string): Row[] {
  const rows: Row[] = [];
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const field = `${prefix}${name}`;
    rows.push({ field, type: typeOf(property), required: schema.required?.includes(name) ?? false, defaultValue: property.default, description: property.description ?? "" });
    if (property.properties) rows.push(...rowsOf(property, `${field}.`));
    if (property.items?.properties) rows.push(...rowsOf(property.items, `${field}[].`));
    if (typeof property.additionalProperties === "object") {
      const value = property.additionalProperties;
      if (value.properties) rows.push(...rowsOf(value, `${field}.<key>.`));
      if (value.items?.properties) rows.push(...rowsOf(value.items, `${field}.<key>[].`));
    }
  }
  return rows;
}

function typeOf(schema: JsonSchema): string {
  if (schema.enum) return schema.enum.map((value) => `\`${String(value)}\``).join(" \\| ");
  if (schema.type === "array") return `list of ${schema.items ? typeOf(schema.items) : "values"}`;
  if (schema.type === "object") return schema.properties ? "mapping" : "map";
  if (schema.format) return `${String(schema.type)} (${schema.format})`;
  return String(schema.type ?? "value");
}
