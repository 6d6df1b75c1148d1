/**
 * The CloudTrail table both dialects read: the columns AWS documents for Athena (docs/aws-facts.md
 * o2, o3), with the names CloudTrail writes in its JSON. Athena's JSON SerDe maps keys to columns
 * case-insensitively; DuckDB reproduces the same columns over local files with explicit types
 * (`duckdb-source.ts`). Every scalar is a string; `requestParameters`, `responseElements`,
 * `additionalEventData` and `serviceEventDetails` are JSON text (o4).
 * https://docs.aws.amazon.com/athena/latest/ug/cloudtrail-logs.html
 */

/** A column, or a field of a struct column. */
export type ColumnType =
  | { readonly kind: "string" }
  /** A JSON value kept as its text: read with JSON path functions. */
  | { readonly kind: "json" }
  | { readonly kind: "struct"; readonly fields: readonly Column[] }
  | { readonly kind: "map" }
  | { readonly kind: "array"; readonly element: ColumnType };

export interface Column {
  /** The key CloudTrail writes (`userIdentity`); the table's column is its lower-case form. */
  readonly name: string;
  readonly type: ColumnType;
}

const string: ColumnType = { kind: "string" };
const json: ColumnType = { kind: "json" };
const col = (name: string, type: ColumnType = string): Column => ({ name, type });
const struct = (...fields: Column[]): ColumnType => ({ kind: "struct", fields });

/** docs/aws-facts.md o2 with o3's two changes (`onBehalfOf`, `webIdFederationData` as a struct). */
export const CLOUDTRAIL_COLUMNS: readonly Column[] = [
  col("eventVersion"),
  col(
    "userIdentity",
    struct(
      col("type"),
      col("principalId"),
      col("arn"),
      col("accountId"),
      col("invokedBy"),
      col("accessKeyId"),
      col("userName"),
      col("onBehalfOf", struct(col("userId"), col("identityStoreArn"))),
      col(
        "sessionContext",
        struct(
          col("attributes", struct(col("mfaAuthenticated"), col("creationDate"))),
          col("sessionIssuer", struct(col("type"), col("principalId"), col("arn"), col("accountId"), col("userName"))),
          col("ec2RoleDelivery"),
          col("webIdFederationData", struct(col("federatedProvider"), col("attributes", { kind: "map" }))),
        ),
      ),
    ),
  ),
  col("eventTime"),
  col("eventSource"),
  col("eventName"),
  col("awsRegion"),
  col("sourceIPAddress"),
  col("userAgent"),
  col("errorCode"),
  col("errorMessage"),
  col("requestParameters", json),
  col("responseElements", json),
  col("additionalEventData", json),
  col("requestID"),
  col("eventID"),
  col("resources", { kind: "array", element: struct(col("arn"), col("accountId"), col("type")) }),
  col("eventType"),
  col("apiVersion"),
  col("readOnly"),
  col("recipientAccountId"),
  col("serviceEventDetails", json),
  col("sharedEventID"),
  col("vpcEndpointId"),
  col("tlsDetails", struct(col("tlsVersion"), col("cipherSuite"), col("clientProvidedHostHeader"))),
];

/** The column's SQL name: Hive lower-cases JSON keys. */
export const columnName = (name: string): string => name.toLowerCase();

/** `struct<type:string,...>`: the Hive/Glue type text of a column (also what DuckDB is told). */
export function hiveType(type: ColumnType): string {
  switch (type.kind) {
    case "string":
    case "json":
      return "string";
    case "map":
      return "map<string,string>";
    case "array":
      return `array<${hiveType(type.element)}>`;
    case "struct":
      return `struct<${type.fields.map((f) => `${columnName(f.name)}:${hiveType(f.type)}`).join(",")}>`;
  }
}

/** Where a CloudTrail field path (`userIdentity.type`, `requestParameters.enable`) lives in the table. */
export type FieldLocation =
  /** A string column or a string field of a struct column: `path` in column names. */
  | { readonly kind: "text"; readonly path: readonly string[] }
  /** Inside a JSON text column: `path` are the JSON keys below it, as written. */
  | { readonly kind: "json"; readonly column: string; readonly path: readonly (string | number)[] };

/**
 * Locates a field by its CloudTrail keys (case-sensitive, as the filter-pattern engine reads them),
 * or says why the table cannot hold it.
 */
export function locateField(steps: readonly (string | number)[]): FieldLocation | { readonly kind: "absent"; readonly reason: string } {
  let columns: readonly Column[] = CLOUDTRAIL_COLUMNS;
  const path: string[] = [];
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    const shown = steps.slice(0, i + 1).join(".");
    if (typeof step === "number") return { kind: "absent", reason: `$.${shown}: an array index into a column of the table` };
    const column = columns.find((c) => c.name === step);
    if (column === undefined) return { kind: "absent", reason: `$.${shown} is not a column of the CloudTrail table (docs/aws-facts.md o2)` };
    path.push(columnName(column.name));
    const type = column.type;
    if (type.kind === "json") return { kind: "json", column: columnName(column.name), path: steps.slice(i + 1) };
    if (type.kind === "string") {
      if (i !== steps.length - 1) return { kind: "absent", reason: `$.${shown} is a string column; nothing is below it` };
      return { kind: "text", path };
    }
    if (type.kind !== "struct") return { kind: "absent", reason: `$.${shown} is a ${type.kind} column, not a value` };
    if (i === steps.length - 1) return { kind: "absent", reason: `$.${shown} is an object, not a value` };
    columns = type.fields;
  }
  return { kind: "absent", reason: "empty field path" };
}
