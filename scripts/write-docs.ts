// Regenerates schema/tripline.schema.json, schema/summary.schema.json, the README's manifest reference, its detection
// table, its example pull-request summary from their single sources (the zod schema, the catalog). `npm run docs`; a test fails
// when any of them is stale.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { catalog } from "../modules/catalog";
import { renderDetectionReference } from "../modules/deployment/detection-table";
import { manifestJsonSchema } from "../modules/manifest/json-schema";
import { renderReference } from "../modules/manifest/reference";
import { summaryJsonSchema } from "../modules/summary/report";
import { SUMMARY_EXAMPLE_BEGIN, SUMMARY_EXAMPLE_END, summaryExample } from "./summary-example";
import { DETECTIONS_BEGIN, DETECTIONS_END, REFERENCE_BEGIN, REFERENCE_END, SCHEMA_FILE, SUMMARY_SCHEMA_FILE } from "./docs-paths";

const schema = manifestJsonSchema();
mkdirSync("schema", { recursive: true });
writeFileSync(SCHEMA_FILE, `${JSON.stringify(schema, null, 2)}\n`);
writeFileSync(SUMMARY_SCHEMA_FILE, `${JSON.stringify(summaryJsonSchema(), null, 2)}\n`);

let readme = readFileSync("README.md", "utf8");
readme = replaceBetween(readme, REFERENCE_BEGIN, REFERENCE_END, renderReference(schema as { anyOf: never[] }));
readme = replaceBetween(readme, DETECTIONS_BEGIN, DETECTIONS_END, renderDetectionReference(catalog));
readme = replaceBetween(readme, SUMMARY_EXAMPLE_BEGIN, SUMMARY_EXAMPLE_END, summaryExample());
writeFileSync("README.md", readme);

function replaceBetween(text: string, begin: string, end: string, content: string): string {
  const start = text.indexOf(begin);
  const stop = text.indexOf(end);
  if (start < 0 || stop < start) throw new Error(`README.md lacks the ${begin} … ${end} markers`);
  return `${text.slice(0, start + begin.length)}\n${content}\n${text.slice(stop)}`;
}
