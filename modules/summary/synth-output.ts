/**
 * Reads a synth output folder as cdktf writes it (docs/design.md contract 1): `manifest.json`
 * naming each stack and its `stacks/<name>/cdk.tf.json`. Everything here is input: a missing
 * folder, a folder that is not a synth output, or corrupt JSON is a Problem naming the file, never
 * a stack trace.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { z } from "zod";
import { UserInputError, type Problem } from "../manifest/problem";

/** A Terraform JSON document as cdktf writes it; only the parts the summary reads are typed. */
export interface TerraformJson {
  readonly provider?: Record<string, unknown>;
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly [key: string]: unknown;
}

export interface SynthStack {
  readonly name: string;
  /** The stack file as the user would name it (relative to the working directory when inside it). */
  readonly file: string;
  readonly json: TerraformJson;
}

export interface SynthOutput {
  readonly dir: string;
  readonly stacks: readonly SynthStack[];
}

/** Stack files larger than this are refused rather than read into memory. */
export const MAX_STACK_BYTES = 256 * 1024 * 1024;
/** Nesting deeper than this is no Terraform JSON cdktf writes, and would exhaust the stack of the recursive comparisons. */
export const MAX_DEPTH = 64;

const Manifest = z.object({
  stacks: z.record(z.string(), z.object({ name: z.string().optional(), synthesizedStackPath: z.string() })),
});


const problem = (file: string, message: string, field = "", line = 0, col = 0): Problem => ({ file, line, col, field, message });

/** Reads every stack of a synth output, or throws a UserInputError listing every problem. */
export function readSynthOutput(dir: string): SynthOutput {
  const shown = (path: string) => (isAbsolute(dir) ? path : relative(process.cwd(), resolve(path)) || ".");
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UserInputError([problem(dir, "no such folder; run `npm run synth` first (cdktf writes cdktf.out), or name the synth output with --out/--base")]);
  }
  const manifestFile = join(dir, "manifest.json");
  if (!existsSync(manifestFile)) {
    throw new UserInputError([problem(shown(manifestFile), "missing: this folder is not a cdktf synth output (it has no manifest.json)")]);
  }
  const manifest = Manifest.safeParse(parseJsonFile(shown(manifestFile), manifestFile));
  if (!manifest.success) {
    throw new UserInputError([problem(shown(manifestFile), "not a cdktf synth manifest: it needs a `stacks` object whose entries name their `synthesizedStackPath`", "stacks")]);
  }
  const problems: Problem[] = [];
  const stacks: SynthStack[] = [];
  for (const [name, entry] of Object.entries(manifest.data.stacks).sort(([a], [b]) => a.localeCompare(b))) {
    const path = resolve(dir, entry.synthesizedStackPath);
    const file = shown(path);
    if (relative(resolve(dir), path).startsWith("..")) {
      problems.push(problem(shown(manifestFile), `${JSON.stringify(entry.synthesizedStackPath)} points outside the synth output`, `stacks.${name}.synthesizedStackPath`));
      continue;
    }
    if (!existsSync(path)) {
      problems.push(problem(file, `missing: manifest.json names stack ${JSON.stringify(name)} but its file is not there`));
      continue;
    }
    if (statSync(path).size > MAX_STACK_BYTES) {
      problems.push(problem(file, `larger than ${MAX_STACK_BYTES / 1024 / 1024} MiB; not a stack tripline synthesized`));
      continue;
    }
    try {
      const json = parseJsonFile(file, path);
      if (depthOf(json, MAX_DEPTH) > MAX_DEPTH) {
        problems.push(problem(file, `nested deeper than ${MAX_DEPTH} levels; not a stack tripline synthesized`));
        continue;
      }
      const misshapen = shapeProblem(json);
      if (misshapen) {
        problems.push(problem(file, `not a Terraform JSON stack: ${misshapen.message}`, misshapen.field));
        continue;
      }
      stacks.push({ name, file, json: json as TerraformJson });
    } catch (error) {
      if (!(error instanceof UserInputError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new UserInputError(problems);
  return { dir, stacks };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * What the summary relies on: `resource` maps types to names to argument objects, `provider`
 * is an object. Checked by hand: a schema library walking a thousand stacks costs seconds.
 */
function shapeProblem(json: unknown): { field: string; message: string } | undefined {
  if (!isObject(json)) return { field: "", message: "expected an object" };
  if (json.provider !== undefined && !isObject(json.provider)) return { field: "provider", message: "expected an object" };
  if (json.resource === undefined) return undefined;
  if (!isObject(json.resource)) return { field: "resource", message: "expected an object of resource types" };
  for (const [type, byName] of Object.entries(json.resource)) {
    if (!isObject(byName)) return { field: `resource.${type}`, message: "expected an object of resources by name" };
    for (const [name, body] of Object.entries(byName)) if (!isObject(body)) return { field: `resource.${type}.${name}`, message: "expected an object of arguments" };
  }
  return undefined;
}

/** How deeply a parsed JSON value nests, counted without recursion and only up to just past `limit`. */
function depthOf(value: unknown, limit: number): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop() as [unknown, number];
    if (typeof node !== "object" || node === null) continue;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(node) ? node : Object.values(node)) if (typeof child === "object" && child !== null) pending.push([child, depth + 1]);
  }
  return deepest;
}

/** JSON.parse with the failure placed at its line and column. */
function parseJsonFile(shownAs: string, path: string): unknown {
  const text = readFileSync(path, "utf8");
  try {
    return JSON.parse(text);
  } catch (error) {
    // Node's message quotes the text around the mistake; keep only its first clause.
    const message = (error as Error).message;
    const at = /position (\d+)/.exec(message);
    const reason = message.split(/ in JSON at position|, "|\n/)[0].slice(0, 120);
    if (!at) return failWith(problem(shownAs, `corrupt JSON: ${reason}`));
    const before = text.slice(0, Number(at[1]));
    const line = before.split("\n").length;
    const col = before.length - before.lastIndexOf("\n");
    return failWith(problem(shownAs, `corrupt JSON: ${reason}`, "", line, col));
  }
}

function failWith(p: Problem): never {
  throw new UserInputError([p]);
}
