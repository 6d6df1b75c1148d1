import { fstatSync } from "node:fs";
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { STDIN } from "./readers";

/**
 * What makes two names one file: device and inode for anything that exists (so `a.log`,
 * `./a.log`, a hard link and a symbolic link to it are one, and so are `-` and `/dev/stdin`),
 * else the absolute path (the read reports the error).
 */
async function identity(file: string): Promise<string> {
  try {
    const s = file === STDIN ? fstatSync(0) : await stat(file);
    return `${s.dev}:${s.ino}`;
  } catch {
    return file === STDIN ? STDIN : `path:${resolve(file)}`;
  }
}

/**
 * The files in the given order, each once: the same file given twice is read once (counting its
 * events twice would double every match and alarm). `repeated` gets each name left out and the
 * name it repeats.
 */
export async function distinctFiles(files: readonly string[], repeated: (file: string, first: string) => void = () => undefined): Promise<string[]> {
  const firstByIdentity = new Map<string, string>();
  const out: string[] = [];
  for (const file of files) {
    const id = await identity(file);
    const first = firstByIdentity.get(id);
    if (first !== undefined) {
      repeated(file, first);
      continue;
    }
    firstByIdentity.set(id, file);
    out.push(file);
  }
  return out;
}
