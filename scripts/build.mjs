// Compiles the `tripline` command into one JavaScript file: it runs on large log files, so
// start-up must not pay for a TypeScript loader (docs/design.md, "Facts that shape the code").
import { build } from "esbuild";
import { chmod } from "node:fs/promises";

const outfile = "dist/tripline.js";
await build({
  entryPoints: ["modules/cli/main.ts"],
  outfile,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: "linked",
  banner: { js: "#!/usr/bin/env node" },
  logLevel: "warning",
  // DuckDB ships a native binding per platform: resolved from node_modules at run time, not bundled.
  external: ["@duckdb/node-api", "@duckdb/node-bindings"],
});
await chmod(outfile, 0o755);

// Replay's worker thread (modules/replay/workers.ts loads it from next to the command): its own
// small bundle, so that a worker starts without compiling the whole command.
await build({
  entryPoints: ["modules/replay/replay-worker.ts"],
  outfile: "dist/replay-worker.js",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: "linked",
  logLevel: "warning",
});
