import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const VENDORED = join(__dirname, "..", "corpus");
const SHARED = join(__dirname, "..", "..", "..", "shared", "corpus");

const sums = (dir: string) =>
  readFileSync(join(dir, "SHA256SUMS"), "utf8")
    .trim()
    .split("\n")
    .map((line) => {
      const [sum, path] = line.split(/\s+/);
      return { sum, path };
    });

describe("the vendored corpus", () => {
  test.each(sums(VENDORED))("$path matches its SHA256SUMS entry", ({ sum, path }) => {
    expect(createHash("sha256").update(readFileSync(join(VENDORED, path))).digest("hex")).toBe(sum);
  });

  test("keeps its README and licenses", () => {
    for (const file of ["README.md", "licenses/Apache-2.0.txt", "licenses/Elastic-License-2.0.txt", "licenses/NOTICE-stratus-red-team.txt"]) {
      expect(existsSync(join(VENDORED, file))).toBe(true);
    }
  });

  // Only where ../shared exists (a developer's machine, CI): a fresh clone has just the copy.
  (existsSync(SHARED) ? test : test.skip)("is the same as ../shared/corpus (else run scripts/vendor-corpus.sh)", () => {
    expect(readFileSync(join(VENDORED, "SHA256SUMS"), "utf8")).toBe(readFileSync(join(SHARED, "SHA256SUMS"), "utf8"));
    expect(readFileSync(join(VENDORED, "README.md"), "utf8")).toBe(readFileSync(join(SHARED, "README.md"), "utf8"));
  });
});
