/**
 * A worker thread of `tripline replay`: evaluates every detection over one byte range of one
 * file and posts what it found (`RangeResult`) to the thread that merges the ranges
 * (`workers.ts`, `ReplayEvaluator.mergeRange`).
 */
import { parentPort, workerData } from "node:worker_threads";
import { ReplayEvaluator } from "./evaluate";
import { readLogRange } from "./readers";
import type { RangeJob } from "./workers";

async function run(job: RangeJob): Promise<void> {
  const evaluator = new ReplayEvaluator(job.profile);
  const lines = await readLogRange(job.file, job.format, job.start, job.end, evaluator, { referenceTime: job.referenceTime, maxLineBytes: job.maxLineBytes });
  parentPort?.postMessage({ result: evaluator.rangeResult(lines) });
}

run(workerData as RangeJob).catch((error: unknown) => {
  parentPort?.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
});
