/**
 * Packages a Lambda function at synth time: its entry point bundled by esbuild into one
 * `index.js` (AWS SDK, Powertools, luxon and tripline's engines included, so the package does not
 * depend on the SDK version of the Lambda runtime), beside the files it reads (its config), in a
 * zip written byte for byte the same for the same input (fixed timestamps, sorted entries), so
 * that a synth without changes changes no hash and plans no update. No `archive` provider, no
 * network: esbuild and fflate. Every function of functions/ packages through here.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { zipSync } from "fflate";

/** 1980-01-01, the earliest date a zip entry can carry: a constant, so equal inputs give equal zips. */
const ZIP_ENTRY_TIME = new Date(1980, 0, 1);

/** Node version the bundles target; the constructs deploy `nodejs22.x`, which runs them. */
export const BUNDLE_TARGET = "node20";

/** The bundle's file inside every package, and the Lambda handler setting that names its export. */
const BUNDLE_ENTRY_FILE = "index.js";
export const BUNDLE_HANDLER = "index.handler";

const bundles = new Map<string, Buffer>();

/** An entry point and everything it imports, minified, once per process (about a second each). */
export function bundleEntryPoint(entryPoint: string): Buffer {
  const cached = bundles.get(entryPoint);
  if (cached !== undefined) return cached;
  // esbuild is loaded only when a stack with a function is synthesized.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require("esbuild") as typeof import("esbuild");
  const result = esbuild.buildSync({
    entryPoints: [entryPoint],
    bundle: true,
    platform: "node",
    target: BUNDLE_TARGET,
    format: "cjs",
    minify: true,
    legalComments: "none",
    write: false,
    logLevel: "silent",
  });
  const bundle = Buffer.from(result.outputFiles[0].contents);
  bundles.set(entryPoint, bundle);
  return bundle;
}

export interface FunctionPackage {
  /** `stream-detector`: names the package file. */
  readonly name: string;
  readonly zip: Buffer;
  /** Base64 SHA-256 of the zip: Terraform's `filebase64sha256`, for `source_code_hash`. */
  readonly sha256: string;
}

/** The function's deterministic zip: the bundled entry point as `index.js`, beside `files`. */
export function packageFunction(name: string, entryPoint: string, files: Readonly<Record<string, string>>): FunctionPackage {
  const entries = Object.fromEntries(Object.entries(files).map(([file, text]) => [file, Buffer.from(text)]));
  const zip = Buffer.from(zipSync({ ...entries, [BUNDLE_ENTRY_FILE]: bundleEntryPoint(entryPoint) }, { level: 9, mtime: ZIP_ENTRY_TIME }));
  return { name, zip, sha256: createHash("sha256").update(zip).digest("base64") };
}

/** Writes the package where TerraformAsset copies it from; named by its hash, so written once. */
export function writeFunctionPackage(pkg: FunctionPackage): string {
  const dir = join(tmpdir(), "tripline-assets");
  const file = join(dir, `${pkg.name}-${Buffer.from(pkg.sha256, "base64").toString("hex").slice(0, 16)}.zip`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, pkg.zip);
  }
  return file;
}
