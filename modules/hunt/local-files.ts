/**
 * Local log files as DuckDB will read them: the format told by content exactly as replay tells it
 * (`detectFormat`, the same function), gzip by its magic bytes (decompressed to a private temporary
 * file, since DuckDB's `read_text` reads bytes as they are), and the modification time that dates
 * classic syslog lines (`syslogTime`'s reference).
 */
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, open, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { detectFormat, type LogFormat } from "../replay/readers";

export interface LocalFile {
  /** As given on the command line: the name the report uses. */
  readonly name: string;
  /** What DuckDB reads (the decompressed copy for gzip). */
  readonly path: string;
  readonly format: LogFormat;
  readonly mtimeMs: number;
}

const HEAD_BYTES = 64 * 1024;

async function head(path: string): Promise<Buffer> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Prepared files and a `dispose` that removes the temporary copies. */
export async function prepareLocalFiles(names: readonly string[]): Promise<{ files: LocalFile[]; dispose: () => Promise<void> }> {
  let temp: string | undefined;
  const files: LocalFile[] = [];
  const dispose = async () => {
    if (temp !== undefined) await rm(temp, { recursive: true, force: true });
  };
  try {
    for (const [i, name] of names.entries()) {
      const stats = await stat(name);
      let path = name;
      const magic = await head(name);
      if (magic.length >= 2 && magic[0] === 0x1f && magic[1] === 0x8b) {
        temp ??= await mkdtemp(join(tmpdir(), "tripline-hunt-"));
        path = join(temp, `${i}.txt`);
        await pipeline(createReadStream(name), createGunzip(), createWriteStream(path, { mode: 0o600 }));
      }
      const { format } = detectFormat(path === name ? magic : await head(path));
      files.push({ name, path, format, mtimeMs: stats.mtimeMs });
    }
  } catch (error) {
    await dispose();
    throw error;
  }
  return { files, dispose };
}
