/**
 * Where the public log corpus is: the copy vendored in `__tests__/corpus` when it is there (a
 * clone has only that), else the shared original in `../shared/corpus` beside the repository.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";

const VENDORED = join(__dirname, "corpus");
const SHARED = join(__dirname, "..", "..", "shared", "corpus");

/** The corpus folder; throws, naming both places, when neither holds it. */
export function corpusRoot(): string {
  for (const dir of [VENDORED, SHARED]) {
    if (existsSync(join(dir, "README.md"))) return dir;
  }
  throw new Error(`the log corpus is in neither ${VENDORED} nor ${SHARED}`);
}

/** A path inside the corpus, e.g. `corpusPath("labels", "ssh")`. */
export const corpusPath = (...parts: readonly string[]): string => join(corpusRoot(), ...parts);
