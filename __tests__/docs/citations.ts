/**
 * How the repository cites its own reference documents, as one grammar the cited-ids test applies
 * to every tracked file:
 *
 * - `docs/aws-facts.md <id>[, <id>]...` where an id is a fact (`a1`, `q11`), a section letter
 *   (`e`, `k`) or `pricing`. The list is comma-separated and on the same line as the path.
 * - `docs/design.md contract <N>` or `docs/design.md contracts <N>, <N>[ and <N>]`.
 * - `docs/design.md "<section title>"` (a comma may come first), naming a heading of
 *   docs/design.md.
 *
 * A citation may wrap: when the path ends its line, the tail is read from the next line, without
 * its comment markers (`*`, `//`, `#`).
 *
 * Anything else after the path (end of line, a word) is a mention, not a citation: fine in prose
 * and tests, refused in production code, where every reference must say what it points at.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const REPO = join(__dirname, "..", "..");

export interface Citation {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  readonly target: "aws-facts" | "design";
  /** Fact or section ids, contract numbers as strings, or one quoted section title. */
  readonly ids: readonly string[];
  readonly form: "ids" | "contracts" | "section" | "mention";
}

const FACT_ID = String.raw`(?:pricing|[a-z][0-9]*)(?![A-Za-z0-9_-])`;
const FACT_LIST = new RegExp(String.raw`^ (${FACT_ID}(?:, ${FACT_ID})*)`);
const CONTRACTS = /^ contracts? (\d+(?:(?:, | and |, and )\d+)*)(?![0-9])/;
const SECTION = /^,? "([^"<]+)"/;

/** Every citation and mention of the two documents in one file's text. */
export function citationsIn(file: string, text: string): Citation[] {
  const found: Citation[] = [];
  const lines = text.split("\n");
  lines.forEach((lineText, index) => {
    const line = index + 1;
    for (const match of lineText.matchAll(/docs\/(aws-facts|design)\.md/g)) {
      const sameLine = lineText.slice((match.index ?? 0) + match[0].length);
      const rest = sameLine.trim() === "" ? ` ${(lines[index + 1] ?? "").replace(/^\s*(\*|\/\/|#)?\s*/, "")}` : sameLine;
      const target = match[1] === "design" ? "design" : "aws-facts";
      found.push({ file, line, target, ...readTail(target, rest) });
    }
  });
  return found;
}

function readTail(target: Citation["target"], rest: string): Pick<Citation, "ids" | "form"> {
  if (target === "aws-facts") {
    const list = FACT_LIST.exec(rest);
    return list ? { ids: list[1].split(", "), form: "ids" } : { ids: [], form: "mention" };
  }
  const contracts = CONTRACTS.exec(rest);
  if (contracts) return { ids: contracts[1].split(/, and |, | and /), form: "contracts" };
  const section = SECTION.exec(rest);
  return section ? { ids: [section[1]], form: "section" } : { ids: [], form: "mention" };
}

/** Fact and section ids of docs/aws-facts.md: `## e. Title` headings and `- **e6**` list items. */
export function factIds(markdown: string): Set<string> {
  const ids = new Set<string>();
  for (const m of markdown.matchAll(/^## ([a-z]+)\. /gm)) ids.add(m[1]);
  for (const m of markdown.matchAll(/^- \*\*([a-z]+[0-9]*)\*\* /gm)) ids.add(m[1]);
  return ids;
}

/** Contract numbers of docs/design.md: `### Contract 6: title` headings. */
export function contractNumbers(markdown: string): Set<string> {
  return new Set([...markdown.matchAll(/^### Contract (\d+): /gm)].map((m) => m[1]));
}

/** Every heading title of a Markdown document. */
export function headings(markdown: string): Set<string> {
  return new Set([...markdown.matchAll(/^#+ (.+?)\s*$/gm)].map((m) => m[1]));
}

/** Tracked and new (not ignored) files of the repository with one of the given extensions. */
export function repositoryFiles(extensions: readonly string[]): string[] {
  const listed = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: REPO, encoding: "utf8" });
  return listed
    .split("\n")
    .filter((path) => extensions.some((ext) => path.endsWith(ext)))
    .filter((path) => !path.startsWith("node_modules/") && !path.startsWith("__tests__/corpus/"))
    .filter((path) => existsSync(join(REPO, path)));
}

export const readRepoFile = (path: string): string => readFileSync(join(REPO, path), "utf8");
