import { open } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { ReplayProfile } from "../deployment/profile";
import type { RangeResult } from "./evaluate";
import type { SplittableFile } from "./readers";

/** Files smaller than this are read by one thread: starting a worker costs more than it saves. */
export const MIN_SPLIT_BYTES = 32 * 1024 * 1024;

/** How many threads replay uses by default: one per core, at most 8. */
export const defaultWorkers = (): number => Math.max(1, Math.min(8, availableParallelism()));

/** What a worker thread is given (structured clone). */
export interface RangeJob {
  readonly file: string;
  readonly format: SplittableFile["format"];
  readonly start: number;
  readonly end: number;
  readonly profile: ReplayProfile;
  readonly referenceTime: number;
  readonly maxLineBytes: number | undefined;
}

const LF = 0x0a;
const WORKER_YOUNG_GENERATION_MB = 8;
const PROBE_BYTES = 64 * 1024;

/**
 * Up to `parts` byte ranges of a file, each starting at 0 or just after a line feed and together
 * covering the file, so that no line is cut. A split point moves forward to the next line feed;
 * a line longer than a part swallows the split points it covers.
 */
export async function planSplit(file: string, size: number, parts: number): Promise<{ start: number; end: number }[]> {
  const handle = await open(file, "r");
  try {
    const starts = [0];
    const probe = Buffer.alloc(PROBE_BYTES);
    for (let k = 1; k < parts; k++) {
      let at = Math.max(Math.floor((size * k) / parts), starts[starts.length - 1]);
      let found = -1;
      while (found < 0 && at < size) {
        const { bytesRead } = await handle.read(probe, 0, PROBE_BYTES, at);
        if (bytesRead === 0) break;
        const lf = probe.subarray(0, bytesRead).indexOf(LF);
        if (lf >= 0) found = at + lf + 1;
        else at += bytesRead;
      }
      if (found > starts[starts.length - 1] && found < size) starts.push(found);
    }
    return starts.map((start, i) => ({ start, end: i + 1 < starts.length ? starts[i + 1] : size }));
  } finally {
    await handle.close();
  }
}

/**
 * The worker script: next to this module, compiled (`dist/replay-worker.js`, see
 * scripts/build.mjs) or, when tripline runs from its TypeScript sources (tests, `tsx`), the
 * source registered with tsx's require hook (a worker does not inherit the loader).
 */
function workerScript(): { script: string; eval: boolean } {
  if (!__filename.endsWith(".ts")) return { script: join(__dirname, "replay-worker.js"), eval: false };
  return { script: `require("tsx/cjs"); require(${JSON.stringify(join(__dirname, "replay-worker.ts"))});`, eval: true };
}

/** Replays one byte range in a worker thread. */
export function replayRangeInWorker(job: RangeJob): Promise<RangeResult> {
  const { script, eval: isCode } = workerScript();
  return new Promise((resolve, reject) => {
    // A smaller young generation than the default keeps the worker's footprint small (replay's
    // memory target, bench/replay.ts) at little cost: its garbage is one record at a time.
    const worker = new Worker(script, { eval: isCode, workerData: job, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
    let settled = false;
    worker.once("message", (message: { result?: RangeResult; error?: string }) => {
      settled = true;
      if (message.result !== undefined) resolve(message.result);
      else reject(new Error(`replay worker for ${job.file} [${job.start}, ${job.end}): ${message.error ?? "no result"}`));
    });
    worker.once("error", (error) => {
      settled = true;
      reject(error);
    });
    worker.once("exit", (code) => {
      if (!settled) reject(new Error(`replay worker for ${job.file} [${job.start}, ${job.end}) exited with ${code} before reporting`));
    });
  });
}
