/**
 * Reads a manifest folder: every YAML file parsed with source positions and checked against the
 * schema. Collects every problem; never throws for a user's mistake.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { allowedKeysAt } from "./schema-keys";
import { messagesForIssue } from "./issue-messages";
import { formatFieldPath, locate, type FieldPath } from "./locate";
import type { Problem } from "./problem";
import { AccountFile, OrganizationFile } from "./schema";
import { findLiteralWebhookUrls } from "./webhook-urls";

export const ORGANIZATION_FILE = "organization.yaml";

/** A manifest file that parsed and matched its schema, with what is needed to locate its fields. */
export interface ParsedFile<T> {
  readonly file: string;
  readonly data: T;
  /** Position of a field, for problems found after schema validation (cross-file checks). */
  readonly locate: (path: FieldPath, atKey?: boolean) => { line: number; col: number };
}

export interface LoadedManifests {
  readonly organization?: ParsedFile<OrganizationFile>;
  readonly accounts: readonly ParsedFile<AccountFile>[];
  readonly problems: readonly Problem[];
}

export function loadManifests(dir: string): LoadedManifests {
  const names = listYamlFiles(dir);
  if (typeof names === "string") return { accounts: [], problems: [wholeFileProblem(dir, names)] };

  const problems: Problem[] = [];
  const accounts: ParsedFile<AccountFile>[] = [];
  let organization: ParsedFile<OrganizationFile> | undefined;
  for (const name of names) {
    const file = join(dir, name);
    if (name === ORGANIZATION_FILE) organization = parseFile(file, OrganizationFile, problems);
    else {
      const account = parseFile(file, AccountFile, problems);
      if (account) accounts.push(account);
    }
  }
  if (!names.includes(ORGANIZATION_FILE) && !names.includes("organization.yml")) {
    problems.push(wholeFileProblem(join(dir, ORGANIZATION_FILE), "missing: every manifest folder needs its organization file"));
  }
  if (names.includes("organization.yml")) {
    problems.push(wholeFileProblem(join(dir, "organization.yml"), `rename to ${ORGANIZATION_FILE}`));
  }
  return { organization, accounts, problems };
}

function listYamlFiles(dir: string): string[] | string {
  try {
    if (!statSync(dir).isDirectory()) return "not a folder";
    return readdirSync(dir)
      .filter((name) => /\.ya?ml$/.test(name))
      .sort();
  } catch {
    return "no such folder";
  }
}

function parseFile<S extends z.ZodType>(file: string, schema: S, problems: Problem[]): ParsedFile<z.infer<S>> | undefined {
  const bytes = readFileSync(file);
  if (bytes.includes(0) || !isUtf8(bytes)) {
    problems.push(wholeFileProblem(file, "is not a text file (binary content)"));
    return undefined;
  }
  const text = bytes.toString("utf8");
  if (text.trim() === "" || /^(\s*#.*\n?)*\s*$/.test(text)) {
    problems.push(wholeFileProblem(file, "is empty"));
    return undefined;
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const { line, col } = lineCounter.linePos(syntaxErrorOffset(text, error.code, error.message, error.pos[0]));
      problems.push({ file, line, col, field: "", message: `YAML syntax: ${firstLine(error.message)}` });
    }
    return undefined;
  }
  const input: unknown = doc.toJS({ maxAliasCount: 100 });
  const at = (path: FieldPath, atKey = false) => locate(doc, lineCounter, path, atKey);
  const literalUrls = findLiteralWebhookUrls(doc, lineCounter, file);
  problems.push(...literalUrls);
  const result = schema.safeParse(input, { reportInput: true });
  if (!result.success) {
    // A literal URL where a secret reference belongs is one mistake: said once, with how to store it.
    const said = new Set(literalUrls.map((p) => p.field));
    for (const issue of result.error.issues) {
      for (const { path, atKey, message } of messagesForIssue(issue, input, (p) => allowedKeysAt(schema, p))) {
        const field = formatFieldPath(path);
        if (!said.has(field)) problems.push({ file, ...at(path, atKey), field, message });
      }
    }
    return undefined;
  }
  return literalUrls.length > 0 ? undefined : { file, data: result.data, locate: at };
}

/**
 * `yaml` reports an unclosed quote where the file ends; the opening quote is where the mistake is
 * (an unclosed scalar holds no other quote of its kind, or it would have closed).
 */
function syntaxErrorOffset(text: string, code: string, message: string, offset: number): number {
  const quote = /Missing closing (["'])quote/.exec(message)?.[1];
  if (code !== "MISSING_CHAR" || !quote) return offset;
  const opening = text.lastIndexOf(quote, offset - 1);
  return opening >= 0 ? opening : offset;
}

const wholeFileProblem = (file: string, message: string): Problem => ({ file, line: 0, col: 0, field: "", message });

const firstLine = (message: string): string => message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export const fileBaseName = (file: string): string => basename(file).replace(/\.ya?ml$/, "");
