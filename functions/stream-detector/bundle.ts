/**
 * Packages the stream detector at synth time: handler.ts bundled by esbuild into one `index.js`
 * (AWS SDK, Powertools, luxon and tripline's engine included, so the package does not depend on
 * the SDK version of the Lambda runtime), beside `config.json`, in a zip written byte for byte
 * the same for the same input (fixed timestamps, sorted entries), so that a synth without changes
 * changes no hash and plans no update. No `archive` provider, no network: esbuild and zlib only.
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { deflateRawSync } from "node:zlib";
import { CONFIG_FILE, type StreamDetectorConfig } from "./config";

/** Node version the bundle targets; the construct deploys `nodejs22.x`, which runs it. */
export const BUNDLE_TARGET = "node20";

let bundled: Buffer | undefined;

/** handler.ts and everything it imports, minified, once per process (about a second). */
export function bundleHandler(): Buffer {
  if (bundled !== undefined) return bundled;
  // esbuild is loaded only when a stack with the stream detector is synthesized.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require("esbuild") as typeof import("esbuild");
  const result = esbuild.buildSync({
    entryPoints: [join(__dirname, "handler.ts")],
    bundle: true,
    platform: "node",
    target: BUNDLE_TARGET,
    format: "cjs",
    minify: true,
    legalComments: "none",
    write: false,
    logLevel: "silent",
  });
  bundled = Buffer.from(result.outputFiles[0].contents);
  return bundled;
}

export interface FunctionPackage {
  readonly zip: Buffer;
  /** Base64 SHA-256 of the zip: Terraform's `filebase64sha256`, for `source_code_hash`. */
  readonly sha256: string;
}

/** The function's zip for one configuration. */
export function packageStreamDetector(config: StreamDetectorConfig): FunctionPackage {
  const zip = zipFiles([
    { name: CONFIG_FILE, data: Buffer.from(`${JSON.stringify(config, null, 2)}\n`) },
    { name: "index.js", data: bundleHandler() },
  ]);
  return { zip, sha256: createHash("sha256").update(zip).digest("base64") };
}

// ---------------------------------------------------------------------------------------------
// A minimal zip writer (PKWARE APPNOTE 6.3.10: local headers, deflate, central directory).

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** 1980-01-01 00:00, the earliest DOS date: a constant, so equal inputs give equal zips. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
/** rw-r--r-- regular file, in the upper half of the external attributes (Unix "version made by"). */
const UNIX_FILE_MODE = (0o100644 << 16) >>> 0;

export function zipFiles(files: readonly { readonly name: string; readonly data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of [...files].sort((a, b) => a.name.localeCompare(b.name))) {
    const name = Buffer.from(file.name, "utf8");
    const compressed = deflateRawSync(file.data, { level: 9 });
    const crc = crc32(file.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(file.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, 2.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(file.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(UNIX_FILE_MODE, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
