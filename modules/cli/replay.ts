import { replayFiles, type ReplayResult } from "../replay/evaluate";
import { defaultReplayProfile, type ReplayProfile } from "../deployment/profile";
import { checkLogFile, UnreadableFileError, type ReadOptions } from "../replay/readers";
import { formatTextSummary, writeJsonReport } from "../replay/report";
import { defaultWorkers } from "../replay/workers";
import { startProgress } from "../replay/progress";
import { EXIT, UserInputError } from "../manifest/problem";

export interface ReplayIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

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
  /** Progress line timing (tests draw it at once). */
  readonly progress?: Parameters<typeof startProgress>[1];
}

export const REPLAY_USAGE = "usage: tripline replay [--accounts DIR] [--json] [--workers N] FILE...";

interface ReplayOptions {
  readonly accounts: string | undefined;
  readonly json: boolean;
  readonly files: readonly string[];
  readonly help: boolean;
  /** Threads for large files (`replay/workers.ts`); default one per core. */
  readonly workers: number | undefined;
}

/** An option error: printed with the usage line, exit 1. */
class OptionError extends Error {}

function parseOptions(argv: readonly string[]): ReplayOptions {
  let accounts: string | undefined;
  let json = false;
  let help = false;
  let workers: number | undefined;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      files.push(...argv.slice(i + 1));
      break;
    }
    if (arg === "--json") {
      json = true;
    } else if (arg === "-h" || arg === "--help") {
      help = true;
    } else if (arg === "--accounts" || arg.startsWith("--accounts=")) {
      const value = arg === "--accounts" ? argv[++i] : arg.slice("--accounts=".length);
      if (value === undefined || value === "" || (arg === "--accounts" && value.startsWith("-"))) {
        throw new OptionError("--accounts needs a directory, e.g. --accounts accounts");
      }
      if (accounts !== undefined) throw new OptionError("--accounts is given twice");
      accounts = value;
    } else if (arg === "--workers" || arg.startsWith("--workers=")) {
      const value = arg === "--workers" ? argv[++i] : arg.slice("--workers=".length);
      if (value === undefined || !/^[1-9][0-9]?$/.test(value) || Number(value) > 64) throw new OptionError("--workers needs a number of threads from 1 to 64, e.g. --workers 2");
      workers = Number(value);
    } else if (arg.startsWith("-") && arg !== "-") {
      throw new OptionError(`unknown option ${JSON.stringify(arg)}; replay takes --accounts DIR, --json and --workers N`);
    } else {
      files.push(arg);
    }
  }
  if (!help && files.length === 0) throw new OptionError("no log files given");
  return { accounts, json, files, help, workers };
}

/** With `--json`, matched events that could not be placed in windows are noted on stderr. */
function noteUnwindowed(result: ReplayResult, stderr: ReplayIo["stderr"]): void {
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
export async function runReplay(argv: readonly string[], io: ReplayIo, deps: ReplayDependencies = {}): Promise<number> {
  try {
    let options: ReplayOptions;
    try {
      options = parseOptions(argv);
    } catch (error) {
      if (!(error instanceof OptionError)) throw error;
      io.stderr.write(`tripline replay: ${error.message}\n${REPLAY_USAGE}\n`);
      return EXIT.invalidInput;
    }
    if (options.help) {
      io.stdout.write(`${REPLAY_USAGE}\n`);
      return EXIT.ok;
    }
    const unreadable: string[] = [];
    for (const file of options.files) {
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
    const progress = startProgress(io.stderr, deps.progress);
    let result: ReplayResult;
    try {
      result = await replayFiles(options.files, profile, {
        workers: options.workers ?? defaultWorkers(),
        ...deps.readOptions,
        onFile: progress.onFile,
        onBytes: progress.onBytes,
        onRepeatedFile: (file, first) => io.stderr.write(`note: ${file} is the same file as ${first}; read once\n`),
      });
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
        io.stdout.write(formatTextSummary(result, options.files));
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
