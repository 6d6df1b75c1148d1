/**
 * STYLE §1's import direction, checked on the source: the engines import nothing of ours, the
 * Lambdas never import the offline tool, and only the CDK layer imports cdktf (so the core stays
 * fast, testable and movable).
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";

const ROOT = resolve(__dirname, "../..");

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

/** Every module specifier a file imports or re-exports, type-only and dynamic imports included. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(join(ROOT, file), "utf8"), true, true);
  return info.importedFiles.map((f) => f.fileName);
}

/** A relative specifier as a repository path (`modules/catalog/detection`); a package stays as it is. */
const target = (file: string, specifier: string): string =>
  specifier.startsWith(".") ? relative(ROOT, resolve(ROOT, dirname(file), specifier)).split(sep).join("/") : specifier;

const violations = (files: readonly string[], allowed: (target: string, specifier: string) => boolean): string[] =>
  files.flatMap((file) => importsOf(file).filter((s) => !allowed(target(file, s), s)).map((s) => `${file} imports ${s}`));

describe("import direction (STYLE §1)", () => {
  it("finds the imports it checks", () => {
    expect(importsOf("modules/engines/windows/distinct-count.ts")).toContain("./alarm-window");
    expect(target("modules/engines/windows/off-hours.ts", "../../deployment/profile")).toBe("modules/deployment/profile");
  });

  it("engines import nothing of ours outside modules/engines", () => {
    const engines = sourceFiles("modules/engines");
    expect(engines.length).toBeGreaterThan(10);
    expect(violations(engines, (t, s) => !s.startsWith(".") || t.startsWith("modules/engines/"))).toEqual([]);
  });

  it("functions never import replay or the command line", () => {
    const functions = sourceFiles("functions");
    expect(functions.length).toBeGreaterThan(3);
    expect(violations(functions, (t) => !t.startsWith("modules/replay") && !t.startsWith("modules/cli"))).toEqual([]);
  });

  it("only stacks/, constructs/ and main.ts import cdktf", () => {
    const isCdktf = (s: string): boolean => s === "cdktf" || s.startsWith("cdktf/") || s.startsWith("@cdktf/");
    const core = [...sourceFiles("modules"), ...sourceFiles("functions")].filter(
      (f) => !f.startsWith(`modules${sep}stacks${sep}`) && !f.startsWith(`modules${sep}constructs${sep}`),
    );
    expect(core.length).toBeGreaterThan(50);
    expect(violations(core, (_t, s) => !isCdktf(s))).toEqual([]);
  });
});
