import { readFileSync } from "node:fs";
import { manifestJsonSchema } from "../../modules/manifest/json-schema";
import { renderReference } from "../../modules/manifest/reference";
import { catalog } from "../../modules/catalog";
import { renderDetectionReference } from "../../modules/deployment/detection-table";
import { DETECTIONS_BEGIN, DETECTIONS_END, REFERENCE_BEGIN, REFERENCE_END, SCHEMA_FILE } from "../../scripts/docs-paths";

const sectionOf = (text: string, begin: string, end: string) => text.slice(text.indexOf(begin) + begin.length, text.indexOf(end)).trim();

describe("generated docs are current (run `npm run docs` when this fails)", () => {
  const schema = manifestJsonSchema();

  test("schema/tripline.schema.json is what `tripline schema` prints", () => {
    expect(JSON.parse(readFileSync(SCHEMA_FILE, "utf8"))).toEqual(schema);
  });

  test("the README's manifest reference is rendered from the schema", () => {
    const readme = readFileSync("README.md", "utf8");
    expect(sectionOf(readme, REFERENCE_BEGIN, REFERENCE_END)).toBe(renderReference(schema as { anyOf: never[] }));
  });

  test("the README's detection table is rendered from the catalog", () => {
    const readme = readFileSync("README.md", "utf8");
    expect(sectionOf(readme, DETECTIONS_BEGIN, DETECTIONS_END)).toBe(renderDetectionReference(catalog));
  });

  test("every schema field is documented", () => {
    const undocumented = [...renderReference(schema as { anyOf: never[] }).matchAll(/^\| `([^`]+)` .* \|  \|$/gm)].map((m) => m[1]);
    expect(undocumented).toEqual([]);
  });
});
