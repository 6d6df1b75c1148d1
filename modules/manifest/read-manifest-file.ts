/**
 * Reads one manifest file, or says why it will not. A manifest folder arrives through pull
 * requests: a `*.yaml` that is a symbolic link (to a token file, to /dev/zero), a FIFO (which
 * blocks a reader for ever), a device or a folder is refused by its name alone, never opened;
 * a file over MAX_MANIFEST_BYTES is refused before it is read.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, type Stats } from "node:fs";

/** The largest manifest file tripline reads (README, Manifest files); a real one is a few KB. */
export const MAX_MANIFEST_BYTES = 1024 * 1024;

export type ManifestFileRead = { readonly bytes: Buffer } | { readonly refused: string };

export function readManifestFile(file: string, maxBytes = MAX_MANIFEST_BYTES): ManifestFileRead {
  let stats: Stats;
  try {
    stats = lstatSync(file);
  } catch {
    return { refused: "cannot be read" };
  }
  const kind = notRegular(stats);
  if (kind) return { refused: `is ${kind}, not a regular file; manifest files are regular files only` };
  if (stats.size > maxBytes) return { refused: tooLarge(stats.size, maxBytes) };
  // The file may be swapped for a link or a FIFO between lstat and open: open without following
  // links and without blocking, then check again what was opened.
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return { refused: "cannot be read (it changed while being read, or is not a regular file)" };
  }
  try {
    const opened = fstatSync(fd);
    const openedKind = notRegular(opened);
    if (openedKind) return { refused: `is ${openedKind}, not a regular file; manifest files are regular files only` };
    // Read at most one byte past the limit: a file that grew since fstat is still refused.
    const buffer = Buffer.alloc(Math.min(opened.size, maxBytes) + 1);
    let length = 0;
    for (let n = -1; n !== 0 && length < buffer.length; length += n) n = readSync(fd, buffer, length, buffer.length - length, null);
    if (length > maxBytes) return { refused: tooLarge(length, maxBytes) };
    return { bytes: buffer.subarray(0, length) };
  } finally {
    closeSync(fd);
  }
}

function notRegular(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isSymbolicLink()) return "a symbolic link";
  if (stats.isDirectory()) return "a folder";
  if (stats.isFIFO()) return "a named pipe (FIFO)";
  if (stats.isSocket()) return "a socket";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "a device";
  return "not a regular file";
}

const tooLarge = (size: number, max: number): string =>
  `is ${size} bytes; manifest files are at most ${max} bytes (${max / 1024 / 1024} MiB)`;
