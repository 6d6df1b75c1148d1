import { readFileSync } from "node:fs";
import { manifestJsonSchema } from "../../modules/manifest/json-schema";
import { renderReference } from "../../modules/manifest/reference";
import { REFERENCE_BEGIN, REFERENCE_END, SCHEMA_FILE } from "../../scripts/docs-paths";

describe("generated docs are current (run `npm run docs` when this fails)", () => {
  const schema = manifestJsonSchema();

  test("schema/tripline.schema.json is what `tripline schema` prints", () => {
    expect(JSON.parse(readFileSync(SCHEMA_FILE, "utf8"))).toEqual(schema);
  });

  test("the README's manifest reference is rendered from the schema", () => {
    const readme = readFileSync("README.md", "utf8");
    const section = readme.slice(readme.indexOf(REFERENCE_BEGIN) + REFERENCE_BEGIN.length, readme.indexOf(REFERENCE_END)).trim();
    expect(section).toBe(renderReference(schema as { anyOf: never[] }));
  });

  test("every schema field is documented", () => {
    const undocumented = [...renderReference(schema as { anyOf: never[] }).matchAll(/^\| `([^`]+)` .* \|  \|$/gm)].map((m) => m[1]);
    expect(undocumented).toEqual([]);
  });
});
