/**
 * Packages the stream detector at synth time: handler.ts bundled by esbuild into one `index.js`
 * (AWS SDK, Powertools, luxon and tripline's engine included, so the package does not depend on
 * the SDK version of the Lambda runtime), beside `config.json`, in a zip written byte for byte
 * the same for the same input (fixed timestamps, sorted entries), so that a synth without changes
 * changes no hash and plans no update. No `archive` provider, no network: esbuild and fflate.
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { zipSync } from "fflate";
import { CONFIG_FILE, type StreamDetectorConfig } from "./config";

/** 1980-01-01, the earliest date a zip entry can carry: a constant, so equal inputs give equal zips. */
const ZIP_ENTRY_TIME = new Date(1980, 0, 1);

/** Node version the bundle targets; the construct deploys `nodejs22.x`, which runs it. */
export const BUNDLE_TARGET = "node20";

const bundles = new Map<string, Buffer>();

/**
 * A function's entry point and everything it imports, minified, once per process (about a
 * second). Every tripline function is packaged this way (the notifier too): `entry` defaults to
 * the stream detector's handler.ts.
 */
export function bundleHandler(entry: string = join(__dirname, "handler.ts")): Buffer {
  const cached = bundles.get(entry);
  if (cached !== undefined) return cached;
  // esbuild is loaded only when a stack with the stream detector is synthesized.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require("esbuild") as typeof import("esbuild");
  const result = esbuild.buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    target: BUNDLE_TARGET,
    format: "cjs",
    minify: true,
    legalComments: "none",
    write: false,
    logLevel: "silent",
  });
  const bundled = Buffer.from(result.outputFiles[0].contents);
  bundles.set(entry, bundled);
  return bundled;
}

export interface FunctionPackage {
  readonly zip: Buffer;
  /** Base64 SHA-256 of the zip: Terraform's `filebase64sha256`, for `source_code_hash`. */
  readonly sha256: string;
}

/** A function's zip: the bundle as `index.js` beside its `config.json`, byte for byte the same for the same input. */
export function packageFunction(bundle: Buffer, configFile: string, config: unknown): FunctionPackage {
  const zip = Buffer.from(zipSync({ [configFile]: Buffer.from(`${JSON.stringify(config, null, 2)}\n`), "index.js": bundle }, { level: 9, mtime: ZIP_ENTRY_TIME }));
  return { zip, sha256: createHash("sha256").update(zip).digest("base64") };
}

/** The function's zip for one configuration. */
export function packageStreamDetector(config: StreamDetectorConfig): FunctionPackage {
  return packageFunction(bundleHandler(), CONFIG_FILE, config);
}
