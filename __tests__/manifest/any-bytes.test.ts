/**
 * Any byte string as a manifest yields problems or a model: never a throw, and (inputs being
 * bounded) always an answer. Bytes, YAML-shaped text, and a valid manifest with text spliced in.
 */
import fc from "fast-check";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { catalog } from "../../modules/catalog/index";
import { loadCheckedOrganization } from "../../modules/deployment/load-organization";
import { loadOrganization } from "../../modules/manifest/model";
import { formatProblem } from "../../modules/manifest/problem";
import { manifestFolder, VALID_ORGANIZATION } from "../support/manifest-folder";

const IDS = new Set(catalog.map((d) => d.id));
const dir = manifestFolder();
const APP = VALID_ORGANIZATION["app.yaml"] as string;
const ORG = VALID_ORGANIZATION["organization.yaml"] as string;

/** Loads the folder with `content` as one file; the result must be a model or at least one problem. */
function loadWith(file: string, content: Uint8Array | string): void {
  writeFileSync(join(dir, file), content);
  try {
    const result = loadCheckedOrganization(dir);
    if (!result.ok) {
      expect(result.problems.length).toBeGreaterThan(0);
      // Every problem prints, one line each: no raw control character reaches the terminal.
      for (const line of result.problems.map(formatProblem)) expect(line).not.toMatch(/[\u0000-\u001f\u007f]/);
    }
  } finally {
    writeFileSync(join(dir, "app.yaml"), APP);
    writeFileSync(join(dir, "organization.yaml"), ORG);
  }
}

const YAML_TEXT = fc.string({
  unit: fc.constantFrom(..."abc:-[]{}&*!|>'\"#%@`, \n\t?\u0000\u001b\u202e$".split(""), "${", "%{", "<<", "---", "...", "&a", "*a", "!!str", "id: ", "  "),
  maxLength: 400,
});

test("any bytes as an account file", () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => loadWith("app.yaml", bytes)), { numRuns: 300 });
});

test("YAML-shaped text as the organization file", () => {
  fc.assert(fc.property(YAML_TEXT, (text) => loadWith("organization.yaml", text)), { numRuns: 300 });
});

test("a valid account file with text spliced in anywhere", () => {
  fc.assert(
    fc.property(fc.nat({ max: APP.length }), YAML_TEXT, (at, text) => loadWith("app.yaml", `${APP.slice(0, at)}${text}${APP.slice(at)}`)),
    { numRuns: 300 },
  );
});

test("the schema alone (no catalog) answers the same way", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 500 }), (bytes) => {
      writeFileSync(join(dir, "app.yaml"), bytes);
      const result = loadOrganization(dir, IDS);
      expect(result.ok || result.problems.length > 0).toBe(true);
    }),
    { numRuns: 100 },
  );
  writeFileSync(join(dir, "app.yaml"), APP);
});
