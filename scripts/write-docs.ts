// Regenerates schema/tripline.schema.json and the README's manifest reference from the zod
// schema. `npm run docs`; a test fails when either is stale.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { manifestJsonSchema } from "../modules/manifest/json-schema";
import { renderReference } from "../modules/manifest/reference";
import { REFERENCE_BEGIN, REFERENCE_END, SCHEMA_FILE } from "./docs-paths";

const schema = manifestJsonSchema();
mkdirSync("schema", { recursive: true });
writeFileSync(SCHEMA_FILE, `${JSON.stringify(schema, null, 2)}\n`);

const readme = readFileSync("README.md", "utf8");
const start = readme.indexOf(REFERENCE_BEGIN);
const end = readme.indexOf(REFERENCE_END);
if (start < 0 || end < start) throw new Error(`README.md lacks the ${REFERENCE_BEGIN} … ${REFERENCE_END} markers`);
const reference = renderReference(schema as { anyOf: never[] });
writeFileSync("README.md", `${readme.slice(0, start + REFERENCE_BEGIN.length)}\n${reference}\n${readme.slice(end)}`);
