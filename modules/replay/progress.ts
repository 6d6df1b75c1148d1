/**
 * A progress line for long replays: on a terminal only, on stderr (never in the report on stdout,
 * so `--json` output stays one JSON object), rewritten in place, and only once a replay has run
 * for a second (short replays print nothing).
 */

/** What the progress line shows, read when it is drawn. */
export interface ProgressSource {
  /** The file being read, 1-based, and how many there are. */
  readonly file: string;
  readonly fileNumber: number;
  readonly fileCount: number;
  readonly events: () => number;
}

const MB = 1024 * 1024;

/** `[2/5] trail.jsonl  123.4 MB  1,234,567 events  45,678 events/s` */
export function formatProgress(source: ProgressSource, bytes: number, elapsedMs: number): string {
  const events = source.events();
  const rate = elapsedMs > 0 ? Math.round((events * 1000) / elapsedMs) : 0;
  return `[${source.fileNumber}/${source.fileCount}] ${source.file}  ${(bytes / MB).toFixed(1)} MB  ${events.toLocaleString("en-US")} events  ${rate.toLocaleString("en-US")} events/s`;
}

export interface Progress {
  /** A new file is being read. */
  readonly onFile: (source: ProgressSource) => void;
  /** Bytes read (of the files as stored: compressed for gzip). */
  readonly onBytes: (bytes: number) => void;
  /** Clears the line. */
  readonly stop: () => void;
}

const NO_PROGRESS: Progress = { onFile: () => undefined, onBytes: () => undefined, stop: () => undefined };

export function startProgress(
  stderr: NodeJS.WritableStream & { isTTY?: boolean },
  options: { readonly delayMs?: number; readonly intervalMs?: number; readonly now?: () => number } = {},
): Progress {
  if (stderr.isTTY !== true) return NO_PROGRESS;
  const now = options.now ?? Date.now;
  const delayMs = options.delayMs ?? 1000;
  const started = now();
  let current: ProgressSource | undefined;
  let bytes = 0;
  let shown = false;
  const timer = setInterval(() => {
    const elapsed = now() - started;
    if (current === undefined || elapsed < delayMs) return;
    shown = true;
    stderr.write(`\r\x1b[K${formatProgress(current, bytes, elapsed)}`);
  }, options.intervalMs ?? 250);
  timer.unref();
  return {
    onFile: (source) => {
      current = source;
    },
    onBytes: (n) => {
      bytes += n;
    },
    stop: () => {
      clearInterval(timer);
      if (shown) stderr.write("\r\x1b[K");
    },
  };
}
