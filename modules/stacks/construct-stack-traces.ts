/**
 * Building thousands of stacks without cdktf's stack traces. cdktf captures a full stack trace
 * for every nested block of every resource it constructs (its ComplexResolvable, kept only to
 * explain a token that fails to resolve): an event target alone holds fifteen such blocks, and
 * formatting those traces (through source maps, under tsx) cost more than the rest of the build.
 * While `build` runs, a stack trace that is not an Error's is written as nothing; an Error keeps
 * V8's usual `name: message` and frames (without source-map positions). Measured with
 * bench/synth.ts-like organizations of 200 accounts: building took 11.3 s with the traces and
 * 3.1 s without, and peak memory fell from 498 to 226 MB.
 * https://v8.dev/docs/stack-trace-api#customizing-stack-traces
 */
export function withoutConstructStackTraces<T>(build: () => T): T {
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = (error: Error, frames: NodeJS.CallSite[]): string =>
    error instanceof Error ? [`${error.name}: ${error.message}`, ...frames.map((frame) => `    at ${String(frame)}`)].join("\n") : "";
  try {
    return build();
  } finally {
    Error.prepareStackTrace = previous;
  }
}
