/**
 * Reads a manifest folder: every YAML file parsed with source positions and checked against the
 * schema. Collects every problem; never throws for a user's mistake.
 */
import { readdirSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { LineCounter, parseDocument, type Document } from "yaml";
import type { z } from "zod";
import { allowedKeysAt } from "./schema-keys";
import { messagesForIssue } from "./issue-messages";
import { escapeControls } from "./excerpt";
import { formatFieldPath, locate, type FieldPath } from "./locate";
import type { Problem } from "./problem";
import { AccountFile, OrganizationFile } from "./schema";
import { MAX_MANIFEST_BYTES, readManifestFile } from "./read-manifest-file";
import { terraformTemplateMessages } from "./terraform-templates";
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

/** Alias expansions one file may make: a few anchors are useful, a billion laughs is not. */
export const MAX_ALIAS_COUNT = 100;
/** Syntax errors reported per file: after the first few, the rest are usually their echo. */
const MAX_SYNTAX_ERRORS = 10;

/** `maxBytes` only for the benchmark, which measures the parser beyond the limit. */
export function loadManifests(dir: string, maxBytes = MAX_MANIFEST_BYTES): LoadedManifests {
  const names = listYamlFiles(dir);
  if (typeof names === "string") return { accounts: [], problems: [wholeFileProblem(dir, names)] };

  const problems: Problem[] = [];
  const accounts: ParsedFile<AccountFile>[] = [];
  let organization: ParsedFile<OrganizationFile> | undefined;
  for (const name of names) {
    const file = join(dir, name);
    if (name === ORGANIZATION_FILE) organization = parseFile(file, OrganizationFile, problems, maxBytes);
    else if (isOrganizationFileName(name)) continue;
    else {
      const account = parseFile(file, AccountFile, problems, maxBytes);
      if (account) accounts.push(account);
    }
  }
  const misnamed = names.filter((name) => name !== ORGANIZATION_FILE && isOrganizationFileName(name));
  if (!names.includes(ORGANIZATION_FILE) && misnamed.length === 0) {
    problems.push(wholeFileProblem(join(dir, ORGANIZATION_FILE), "missing: every manifest folder needs its organization file"));
  }
  for (const name of misnamed) problems.push(wholeFileProblem(join(dir, name), `rename to ${ORGANIZATION_FILE}`));
  return { organization, accounts, problems };
}

/** `.yaml` and `.yml` in any case: a file meant as a manifest is read or refused, never skipped. */
const YAML_NAME = /\.ya?ml$/i;
const isOrganizationFileName = (name: string): boolean => /^organization\.ya?ml$/i.test(name);

function listYamlFiles(dir: string): string[] | string {
  try {
    if (!statSync(dir).isDirectory()) return "not a folder";
    return readdirSync(dir)
      .filter((name) => YAML_NAME.test(name))
      .sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === "ENOENT" ? "no such folder" : `cannot be read (${code ?? "error"})`;
  }
}

function parseFile<S extends z.ZodType>(file: string, schema: S, problems: Problem[], maxBytes: number): ParsedFile<z.infer<S>> | undefined {
  const read = readManifestFile(file, maxBytes);
  if ("refused" in read) {
    problems.push(wholeFileProblem(file, read.refused));
    return undefined;
  }
  const { bytes } = read;
  if (bytes.includes(0) || !isUtf8(bytes)) {
    problems.push(wholeFileProblem(file, "is not a text file (binary content)"));
    return undefined;
  }
  const text = bytes.toString("utf8");
  if (isBlankOrComments(text)) {
    problems.push(wholeFileProblem(file, "is empty"));
    return undefined;
  }
  const lineCounter = new LineCounter();
  const parsed = parseYaml(text, lineCounter);
  if ("failure" in parsed) {
    problems.push({ file, line: 0, col: 0, field: "", message: parsed.failure });
    return undefined;
  }
  const { doc } = parsed;
  if (doc.errors.length > 0) {
    for (const error of doc.errors.slice(0, MAX_SYNTAX_ERRORS)) {
      const { line, col } = lineCounter.linePos(syntaxErrorOffset(text, error.code, error.message, error.pos[0]));
      problems.push({ file, line, col, field: "", message: `YAML syntax: ${firstLine(error.message)}` });
    }
    const more = doc.errors.length - MAX_SYNTAX_ERRORS;
    if (more > 0) problems.push(wholeFileProblem(file, `${more} more YAML syntax error${more === 1 ? "" : "s"}`));
    return undefined;
  }
  const input = parsed.input;
  const at = (path: FieldPath, atKey = false) => locate(doc, lineCounter, path, atKey);
  const templates = terraformTemplateMessages(input);
  if (templates.length > 0) {
    for (const { path, atKey, message } of templates) problems.push({ file, ...at(path, atKey), field: formatFieldPath(path), message });
    return undefined;
  }
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

/** Blank, or comments only: checked line by line (a regex over the whole text backtracks exponentially). */
const isBlankOrComments = (text: string): boolean => text.split("\n").every((line) => /^\s*(#.*)?$/.test(line));

type ParsedYaml = { readonly doc: Document; readonly input: unknown } | { readonly failure: string };

/**
 * Parses and expands a document. Alias expansion is bounded (an alias bomb is refused), and a
 * document nested deeper than the parser's stack is refused, not a crash.
 */
function parseYaml(text: string, lineCounter: LineCounter): ParsedYaml {
  try {
    const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length > 0) return { doc, input: undefined };
    return { doc, input: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (error) {
    if (error instanceof RangeError) return { failure: "YAML nesting too deep to read" };
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      return { failure: `YAML aliases expand too much (more than ${MAX_ALIAS_COUNT} expansions, an "alias bomb"); write the values out` };
    }
    throw error;
  }
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

const firstLine = (message: string): string => {
  const line = message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
  return escapeControls(line.length > 200 ? `${line.slice(0, 200)}…` : line);
};

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export const fileBaseName = (file: string): string => basename(file).replace(YAML_NAME, "");
