/**
 * The table columns a plan reads. DuckDB's `json_transform` parses every field of the type it is
 * given, so the local source asks only for these (with a 45-field CloudTrail type, parsing is
 * most of a hunt's time).
 */
import type { Expr, HuntPlan, ValueRef } from "./ir";
import { CLOUDTRAIL_COLUMNS, columnName, type Column } from "./table-layout";

/** The column path a value reads (lower-case, dotted; a JSON text column as a whole). */
function columnOf(ref: ValueRef): string | undefined {
  switch (ref.kind) {
    case "text":
      return ref.path.join(".");
    case "json":
      return ref.column;
    case "eventbridge-source":
      return "eventsource";
    case "message":
      return undefined;
  }
}

function visit(e: Expr, out: Set<string>): void {
  switch (e.kind) {
    case "and":
    case "or":
      e.operands.forEach((o) => visit(o, out));
      return;
    case "not":
      visit(e.operand, out);
      return;
    case "constant":
      return;
    default: {
      const c = columnOf(e.value);
      if (c !== undefined) out.add(c);
    }
  }
}

/** Lower-case column paths (`useridentity.type`), `eventid` and `eventtime` always included. */
export function usedColumns(plan: HuntPlan): ReadonlySet<string> {
  const out = new Set<string>(["eventid", "eventtime"]);
  for (const q of plan.queries) {
    visit(q.test, out);
    const w = q.window;
    const refs: ValueRef[] =
      w.kind === "contributor" ? w.keys.map((k) => k.value) : w.kind === "distinct" ? [...w.keys.map((k) => k.value), ...w.values] : w.kind === "instant" ? [w.key.value] : [];
    for (const r of refs) {
      const c = columnOf(r);
      if (c !== undefined) out.add(c);
    }
  }
  return out;
}

/** The table's columns cut down to the paths read: struct columns keep only the fields on a path. */
export function prunedColumns(paths: ReadonlySet<string>, columns: readonly Column[] = CLOUDTRAIL_COLUMNS, prefix = ""): Column[] {
  const kept: Column[] = [];
  for (const column of columns) {
    const path = `${prefix}${columnName(column.name)}`;
    if (paths.has(path)) {
      kept.push(column);
      continue;
    }
    if (column.type.kind !== "struct" || ![...paths].some((p) => p.startsWith(`${path}.`))) continue;
    kept.push({ name: column.name, type: { kind: "struct", fields: prunedColumns(paths, column.type.fields, `${path}.`) } });
  }
  return kept;
}
