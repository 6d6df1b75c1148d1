/**
 * Every reference in the repository resolves inside it: each `docs/aws-facts.md <id>` names a fact
 * or section that docs/aws-facts.md defines, each `docs/design.md contract N` a contract and each
 * `docs/design.md "<title>"` a heading of docs/design.md, and production code cites nothing outside
 * the repository (a clone has no `../shared`). The grammar is in ./citations.ts.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { citationsIn, contractNumbers, factIds, headings, readRepoFile, REPO, repositoryFiles } from "./citations";

const facts = factIds(readRepoFile("docs/aws-facts.md"));
const design = readRepoFile("docs/design.md");
const contracts = contractNumbers(design);
const sections = headings(design);

const files = repositoryFiles([".ts", ".mjs", ".md", ".yaml"]);
const citations = files.flatMap((file) => citationsIn(file, readRepoFile(file)));
const where = (c: { file: string; line: number }) => `${c.file}:${c.line}`;

/** Production code: what ships or builds what ships. Tests and docs may mention the documents freely. */
const isProduction = (file: string) => /^(modules|functions|scripts)\//.test(file) || file === "main.ts";

describe("the reference documents", () => {
  test("define their anchors: the facts of sections a to q and pricing, contracts 1 to 8", () => {
    for (const id of ["a", "a1", "a12", "e6", "f5", "k", "l1", "m13", "n8", "o14", "p10", "q11", "pricing"]) expect(facts).toContain(id);
    expect([...contracts].sort()).toEqual(["1", "2", "3", "4", "5", "6", "7", "8"]);
  });

  // Where ../shared exists beside the repository (a developer's machine, CI), the repository's
  // copy keeps every id of the original fact lists, which other branches cite.
  const shared = join(REPO, "..", "shared");
  (existsSync(join(shared, "AWS-FACTS.md")) ? test : test.skip)("keep every fact id of ../shared/AWS-FACTS*.md", () => {
    const original = ["AWS-FACTS.md", "AWS-FACTS-wave2.md"].filter((f) => existsSync(join(shared, f)));
    const ids = original.flatMap((f) => {
      const text = readRepoFile(join("..", "shared", f));
      return [...text.matchAll(/^\| ([a-z][0-9]+) \|/gm), ...text.matchAll(/^## ([a-z])\. /gm)].map((m) => m[1]);
    });
    expect(ids.filter((id) => !facts.has(id))).toEqual([]);
  });
});

describe("citations in the repository", () => {
  test("the scan sees the files that cite (a grammar that matched nothing would pass vacuously)", () => {
    expect(citations.filter((c) => c.form === "ids").length).toBeGreaterThan(20);
    expect(citations.filter((c) => c.form === "contracts").length).toBeGreaterThan(10);
  });

  test("every docs/aws-facts.md id exists", () => {
    const broken = citations
      .filter((c) => c.target === "aws-facts")
      .flatMap((c) => c.ids.filter((id) => !facts.has(id)).map((id) => `${where(c)}: docs/aws-facts.md has no ${id}`));
    expect(broken).toEqual([]);
  });

  test("every docs/design.md contract and section exists", () => {
    const broken = citations
      .filter((c) => c.target === "design")
      .flatMap((c) => {
        if (c.form === "contracts") return c.ids.filter((n) => !contracts.has(n)).map((n) => `${where(c)}: docs/design.md has no contract ${n}`);
        if (c.form === "section") return sections.has(c.ids[0]) ? [] : [`${where(c)}: docs/design.md has no section "${c.ids[0]}"`];
        return [];
      });
    expect(broken).toEqual([]);
  });

  test("production code names what it cites (an id, a contract or a quoted section)", () => {
    const bare = citations.filter((c) => c.form === "mention" && isProduction(c.file));
    expect(bare.map((c) => `${where(c)}: docs/${c.target}.md without an id, contract or "section"`)).toEqual([]);
  });

  test("production code cites nothing outside the repository", () => {
    const old = /\.\.\/shared|AWS-FACTS|DESIGN\.md/;
    const found = files.filter(isProduction).flatMap((file) =>
      readRepoFile(file)
        .split("\n")
        .map((text, i) => ({ file, line: i + 1, text }))
        // Scripts that vendor the corpus name where it comes from.
        .filter(({ file, text }) => old.test(text) && !(file.startsWith("scripts/") && !old.test(text.replace(/\.\.\/shared\/corpus/g, "")))),
    );
    expect(found.map((f) => `${where(f)}: ${f.text.trim()}`)).toEqual([]);
  });

  test("every repository path the Markdown names in backticks exists", () => {
    const top = /^(accounts|bench|docs|examples|functions|modules|schema|scripts|__tests__|\.ci)\/[\w./-]*$/;
    const missing = files
      .filter((file) => file.endsWith(".md"))
      .flatMap((file) =>
        readRepoFile(file)
          .split("\n")
          .flatMap((text, i) => [...text.matchAll(/`([^`\s]+)`/g)].map((m) => ({ file, line: i + 1, path: m[1] }))),
      )
      .filter(({ path }) => top.test(path) && !existsSync(join(REPO, path)));
    expect(missing.map((m) => `${where(m)}: ${m.path}`)).toEqual([]);
  });
});
