import { replayFiles, type ReplayResult } from "../replay/evaluate";
import { defaultReplayProfile, type ReplayProfile } from "../deployment/profile";
import { checkLogFile, UnreadableFileError, type ReadOptions } from "../replay/readers";
import { formatTextSummary, writeJsonReport } from "../replay/report";
import { EXIT, UserInputError } from "../manifest/problem";
import type { CommandIo } from "./io";
import { ACCOUNTS_OPTION, readCommandLine, type CommandSpec, type FlagOption, type ValueOption } from "./options";

/** What `runReplay` needs from the rest of tripline; main.ts wires it. */
export interface ReplayDependencies {
  /**
   * `--accounts DIR` → exactly what that organization deploys (docs/design.md contract 6). Throws
   * `UserInputError` for invalid manifests. main.ts passes the manifest loader here.
   */
  readonly loadProfile?: (dir: string) => ReplayProfile | Promise<ReplayProfile>;
  /** Without `--accounts`; defaults to the whole catalog with its defaults. */
  readonly defaultProfile?: () => ReplayProfile;
  /** Reader options (tests pin the reference time of year-less syslog stamps). */
  readonly readOptions?: ReadOptions;
}

export const REPLAY_COMMAND: CommandSpec<{ accounts: ValueOption; json: FlagOption }> = {
  name: "replay",
  usage: "usage: tripline replay [--accounts DIR] [--json] FILE...",
  options: { accounts: ACCOUNTS_OPTION, json: { type: "flag" } },
  operands: { missing: "no log files given" },
};

/** Progress on stderr, only on a terminal and only once a replay has run for a second. */
function startProgress(stderr: CommandIo["stderr"]): { onFile: (p: { file: string; events: () => number }) => void; stop: () => void } {
  if (stderr.isTTY !== true) return { onFile: () => undefined, stop: () => undefined };
  const started = Date.now();
  let current: { file: string; events: () => number } | undefined;
  let shown = false;
  const timer = setInterval(() => {
    if (current === undefined || Date.now() - started < 1000) return;
    shown = true;
    stderr.write(`\r\x1b[K${current.file}: ${current.events().toLocaleString("en-US")} events…`);
  }, 250);
  timer.unref();
  return {
    onFile: (p) => {
      current = p;
    },
    stop: () => {
      clearInterval(timer);
      if (shown) stderr.write("\r\x1b[K");
    },
  };
}

/** With `--json`, matched events that could not be placed in windows are noted on stderr. */
function noteUnwindowed(result: ReplayResult, stderr: CommandIo["stderr"]): void {
  const n = result.unwindowed.length;
  if (n === 0) return;
  const shown = result.unwindowed.slice(0, 5).map((u) => `${u.file}:${u.line}`);
  stderr.write(
    `note: ${n} matched ${n === 1 ? "event has" : "events have"} no usable time and ${n === 1 ? "was" : "were"} not placed in alarm windows: ${shown.join(", ")}${n > 5 ? ", …" : ""}\n`,
  );
}

/**
 * `tripline replay [--accounts DIR] [--json] FILE...` (docs/design.md contracts 2, 3, 5, 6). Returns
 * the exit code: 0 when every line was evaluated, 1 for invalid options or files or when lines were
 * skipped, 2 for a bug of ours (with its stack trace).
 */
export async function runReplay(argv: readonly string[], io: CommandIo, deps: ReplayDependencies = {}): Promise<number> {
  try {
    const line = readCommandLine(REPLAY_COMMAND, argv, io);
    if (typeof line === "number") return line;
    const files = line.operands;
    const options = { accounts: line.options.accounts, json: line.options.json === true };
    const unreadable: string[] = [];
    for (const file of files) {
      const reason = await checkLogFile(file);
      if (reason !== undefined) unreadable.push(`${file}: ${reason}`);
    }
    if (unreadable.length > 0) {
      io.stderr.write(`${unreadable.join("\n")}\n`);
      return EXIT.invalidInput;
    }
    let profile: ReplayProfile;
    if (options.accounts !== undefined) {
      if (deps.loadProfile === undefined) {
        throw new Error("runReplay: --accounts needs deps.loadProfile; modules/cli/main.ts must pass the manifest loader");
      }
      profile = await deps.loadProfile(options.accounts);
    } else {
      profile = (deps.defaultProfile ?? defaultReplayProfile)();
    }
    const progress = startProgress(io.stderr);
    let result: ReplayResult;
    try {
      result = await replayFiles(files, profile, { ...deps.readOptions, onFile: progress.onFile });
    } finally {
      progress.stop();
    }
    const code = result.skipped.length > 0 ? EXIT.invalidInput : EXIT.ok;
    // A reader that goes away (`| head`) is not an error of ours: stop writing, keep the exit code.
    const closedPipe = (error: unknown) => ["EPIPE", "ERR_STREAM_DESTROYED"].includes((error as NodeJS.ErrnoException)?.code ?? "");
    io.stdout.on("error", () => undefined); // failures surface through the writes below
    try {
      if (options.json) {
        await writeJsonReport(result, io.stdout);
        noteUnwindowed(result, io.stderr);
      } else {
        io.stdout.write(formatTextSummary(result, files));
      }
    } catch (error) {
      if (!closedPipe(error)) throw error;
    } finally {
      result.matches.dispose();
    }
    return code;
  } catch (error) {
    if (error instanceof UserInputError || error instanceof UnreadableFileError) {
      io.stderr.write(`${error.message}\n`);
      return EXIT.invalidInput;
    }
    io.stderr.write(`tripline replay: internal error, a bug in tripline; please report it with this trace:\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.internal;
  }
}
