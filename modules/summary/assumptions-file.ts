/** `--assumptions FILE`: prices and volumes that replace the defaults, YAML or JSON, checked. */
import { existsSync, readFileSync, statSync } from "node:fs";
import { LineCounter, parseDocument } from "yaml";
import { formatFieldPath, locate } from "../manifest/locate";
import { UserInputError, type Problem } from "../manifest/problem";
import { AssumptionOverrides, withOverrides, type Assumptions } from "./prices";

/** An assumptions file is a few lines; a larger one is not one. */
const MAX_BYTES = 1024 * 1024;

export function loadAssumptions(file: string): Assumptions {
  const whole = (message: string): Problem => ({ file, line: 0, col: 0, field: "", message });
  if (!existsSync(file) || !statSync(file).isFile()) throw new UserInputError([whole("no such file")]);
  if (statSync(file).size > MAX_BYTES) throw new UserInputError([whole(`larger than ${MAX_BYTES / 1024} KiB; not an assumptions file`)]);
  const lineCounter = new LineCounter();
  // YAML is a superset of JSON: one parser for both; aliases are bounded against expansion bombs.
  const doc = parseDocument(readFileSync(file, "utf8"), { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new UserInputError(doc.errors.map((e) => ({ file, line: e.linePos?.[0].line ?? 0, col: e.linePos?.[0].col ?? 0, field: "", message: e.message.split("\n")[0] })));
  }
  const parsed = AssumptionOverrides.safeParse(doc.toJS({ maxAliasCount: 100 }) ?? {});
  if (!parsed.success) {
    throw new UserInputError(
      parsed.error.issues.map((issue) => {
        const path = issue.path.filter((k): k is string | number => typeof k !== "symbol");
        const field = issue.code === "unrecognized_keys" ? formatFieldPath([...path, issue.keys[0]]) : formatFieldPath(path);
        const at = locate(doc, lineCounter, issue.code === "unrecognized_keys" ? [...path, issue.keys[0]] : path, issue.code === "unrecognized_keys");
        return { file, line: at.line, col: at.col, field, message: issue.message };
      }),
    );
  }
  return withOverrides(parsed.data);
}
