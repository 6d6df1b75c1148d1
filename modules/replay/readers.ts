import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { pipeline } from "node:stream";
import { createGunzip } from "node:zlib";
import { cloudTrailTime, syslogTime } from "../engines/windows/event-time";
import { JsonArrayScanner } from "./json-array-scanner";
import { LineSplitter } from "./line-splitter";

/** A parsed CloudTrail record. */
export type CloudTrailRecord = Readonly<Record<string, unknown>>;

/**
 * One event read from a log file. Readers hand the same object to the sink again and again,
 * updated in place (the hot loop allocates nothing but the parse): copy what you keep.
 */
export interface LogEntry {
  readonly file: string;
  /** 1-based line in the file; in a `{"Records":[...]}` file, the 1-based index of the record. */
  readonly line: number;
  /**
   * The text as found: a JSON Lines line, a record's own slice of a `{"Records":[...]}` file, or a
   * syslog line. Filter patterns run on this, never on a re-serialization.
   */
  readonly text: string;
  /** The parsed record for CloudTrail input; undefined for syslog lines. */
  readonly record: CloudTrailRecord | undefined;
  /** Event time, ms since the epoch; undefined when the event has no time we can read exactly. */
  readonly time: number | undefined;
}

/** A line (or record) that was not evaluated, and why. docs/design.md contract 5, `skipped`. */
export interface SkippedLine {
  readonly file: string;
  readonly line: number;
  readonly reason: string;
}

/** Where a reader delivers what it reads. */
export interface LogSink {
  entry(entry: LogEntry): void;
  skip(skipped: SkippedLine): void;
}

/** The formats replay tells apart by their content. */
export type LogFormat = "cloudtrail-json-lines" | "cloudtrail-records" | "cloudtrail-json-array" | "syslog";

export interface ReadOptions {
  /**
   * For classic syslog lines, which carry no year: the moment the log was last written to, in ms.
   * Defaults to the file's modification time (see `syslogTime`).
   */
  readonly referenceTime?: number;
}

export interface FileSummary {
  readonly format: LogFormat;
  readonly gzip: boolean;
}

const READ_CHUNK_BYTES = 1 << 20;
/** Bytes of (decompressed) content looked at to tell the format. */
const FORMAT_HEAD_BYTES = 64 * 1024;
/** Bytes looked at after a closed `{"Records":[...]}` document to tell whether another follows. */
const NEXT_DOCUMENT_BYTES = 4096;
const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;
const OPEN_BRACE = 0x7b;

const RECORDS_PREAMBLE = /^\s*\{\s*"Records"\s*:\s*\[/;
const ARRAY_PREAMBLE = /^\s*\[(?=\s*[{\]])/;
/** A line whose first non-blank character opens a JSON object. */
const JSON_OBJECT_LINE = /^\s*\{/;

/**
 * Whether a line of text is a JSON object rather than a log line (by its first non-blank
 * character; the common case, `{` in the first column, costs no regex).
 */
const isJsonObjectLine = (text: string): boolean => {
  const c0 = text.charCodeAt(0);
  return c0 === OPEN_BRACE || ((c0 === 0x20 || c0 === 0x09) && JSON_OBJECT_LINE.test(text));
};

/**
 * Tells the format from the first bytes of (decompressed) content, not from the file name, and
 * where its body starts (after a `{"Records":[` or `[`). Give it `FORMAT_HEAD_BYTES` bytes, or the
 * whole content when it is shorter.
 *
 * A file that starts with a `{"Records":[` object or a `[` array is one of those. Otherwise the
 * lines of the head vote, so that one odd line does not decide for the whole file: it is JSON
 * Lines when some line opens a JSON object and such lines are at least as many as lines with a
 * syslog header (`Feb 22 16:45:20 `, RFC 3339, `<38>1 `); else syslog text. A stray first line
 * (`garbage`, a shell prompt, a truncated record) before CloudTrail records thus reads as JSON
 * Lines and is reported as invalid JSON, and a JSON line inside an sshd log is reported by the
 * syslog reader; neither makes the other lines vanish.
 */
export function detectFormat(head: Buffer): { format: LogFormat; bodyStart: number } {
  let text = head.toString("latin1", 0, Math.min(head.length, FORMAT_HEAD_BYTES)); // a char per byte: offsets are byte offsets
  const bom = text.startsWith("\xef\xbb\xbf") ? 3 : 0;
  if (bom) text = text.slice(bom);
  const records = RECORDS_PREAMBLE.exec(text);
  if (records) return { format: "cloudtrail-records", bodyStart: bom + records[0].length };
  const array = ARRAY_PREAMBLE.exec(text);
  if (array) return { format: "cloudtrail-json-array", bodyStart: bom + array[0].length };
  let jsonLines = 0;
  let syslogLines = 0;
  // The last line may be cut off at the head's end; its start still shows what it is.
  for (const line of text.split("\n")) {
    if (isJsonObjectLine(line)) jsonLines++;
    else if (syslogTime(line, 0) !== undefined) syslogLines++; // any reference time: only whether a header is there counts
  }
  return { format: jsonLines > 0 && jsonLines >= syslogLines ? "cloudtrail-json-lines" : "syslog", bodyStart: 0 };
}

/** Turns decompressed bytes into entries and skips for one format. */
interface Consumer {
  push(chunk: Buffer): void;
  /** The content ended normally. */
  end(): void;
  /** The content broke off (broken gzip, read error): report where, drop the partial event. */
  abort(reason: string): void;
}

/** Reused per file: see `LogEntry`. */
interface MutableEntry {
  file: string;
  line: number;
  text: string;
  record: CloudTrailRecord | undefined;
  time: number | undefined;
}

/** Parses one JSON record and delivers it; reports it when it is not a JSON object. */
function deliverJson(entry: MutableEntry, sink: LogSink, text: string, line: number): void {
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch {
    sink.skip({ file: entry.file, line, reason: "invalid JSON" });
    return;
  }
  if (record === null || typeof record !== "object" || Array.isArray(record)) {
    sink.skip({ file: entry.file, line, reason: "not a JSON object" });
    return;
  }
  entry.line = line;
  entry.text = text;
  entry.record = record as CloudTrailRecord;
  entry.time = cloudTrailTime(entry.record);
  sink.entry(entry);
}

const isBlank = (text: string): boolean => text.length === 0 || text.trim().length === 0;

function jsonLinesConsumer(entry: MutableEntry, sink: LogSink): Consumer {
  const lines = new LineSplitter((text, line) => {
    if (!isBlank(text)) deliverJson(entry, sink, text, line);
  });
  return {
    push: (chunk) => lines.push(chunk),
    end: () => lines.end(),
    abort: (reason) => sink.skip({ file: entry.file, line: lines.dropPartialLine(), reason }),
  };
}

/** Why a JSON line in a file read as syslog text is skipped. */
const SYSLOG_JSON_LINE = "JSON object in a file read as sshd/syslog text (told by its first lines); not evaluated";

function syslogConsumer(entry: MutableEntry, sink: LogSink, referenceTime: number): Consumer {
  const lines = new LineSplitter((text, line) => {
    if (isBlank(text)) return;
    if (text.charCodeAt(0) === 35) {
      // "#": annotations in test fixtures (fail2ban's failJSON), not log lines
      sink.skip({ file: entry.file, line, reason: "comment line (starts with #), not a log line" });
      return;
    }
    if (isJsonObjectLine(text)) {
      // Told apart from text by the file's first lines (see detectFormat): a record here is not
      // evaluated, so say so rather than match it as text.
      sink.skip({ file: entry.file, line, reason: SYSLOG_JSON_LINE });
      return;
    }
    entry.line = line;
    entry.text = text;
    entry.time = syslogTime(text, referenceTime);
    sink.entry(entry);
  });
  return {
    push: (chunk) => lines.push(chunk),
    end: () => lines.end(),
    abort: (reason) => sink.skip({ file: entry.file, line: lines.dropPartialLine(), reason }),
  };
}

/**
 * The records of `{"Records":[...]}` documents (or plain JSON arrays), one after another: one
 * S3 object, or several concatenated (`cat` of downloaded objects, or a multi-member gzip).
 * Records are numbered across the whole file.
 */
function jsonArrayConsumer(entry: MutableEntry, sink: LogSink, format: LogFormat): Consumer {
  const what = format === "cloudtrail-records" ? 'the "Records" array' : "the array";
  const preamble = format === "cloudtrail-records" ? RECORDS_PREAMBLE : ARRAY_PREAMBLE;
  let offset = 0; // records of earlier documents
  const newScanner = () => new JsonArrayScanner((text, index) => deliverJson(entry, sink, text, offset + index));
  let scanner = newScanner();
  /** Bytes after a closed array, until they show another document (or not). */
  let between: Buffer[] = [];
  let betweenBytes = 0;
  let done = false;
  const lineAfter = () => offset + scanner.elements + 1;
  const reportTrailing = () => {
    done = true;
    sink.skip({ file: entry.file, line: lineAfter(), reason: `unexpected content after ${what}` });
  };
  /** Looks at the bytes after a closed document: white space and its closing brace, then another document or nothing. */
  const settleBetween = (complete: boolean): void => {
    const tail = Buffer.concat(between);
    const text = tail.toString("latin1", 0, Math.min(tail.length, NEXT_DOCUMENT_BYTES));
    const rest = /^[\s}]*/.exec(text)?.[0].length ?? 0;
    if (rest === text.length) {
      between = [];
      betweenBytes = 0;
      return; // only white space and braces so far
    }
    if (!complete && tail.length - rest < 64) return; // wait for enough bytes to tell
    const next = preamble.exec(text.slice(rest));
    if (next === null) return reportTrailing();
    offset += scanner.elements;
    scanner = newScanner();
    between = [];
    betweenBytes = 0;
    push(tail.subarray(rest + next[0].length));
  };
  const push = (chunk: Buffer): void => {
    if (done || chunk.length === 0) return;
    if (!scanner.isClosed) {
      const used = scanner.push(chunk);
      if (used === chunk.length) return;
      chunk = chunk.subarray(used);
    }
    between.push(chunk);
    betweenBytes += chunk.length;
    settleBetween(false);
  };
  return {
    push,
    end: () => {
      if (done) return;
      if (betweenBytes > 0) settleBetween(true);
      if (done) return;
      if (scanner.isInsideElement) {
        sink.skip({ file: entry.file, line: offset + scanner.elements, reason: `truncated record: the file ends inside ${what}` });
      } else if (!scanner.isClosed) {
        sink.skip({ file: entry.file, line: lineAfter(), reason: `truncated file: ${what} is not closed` });
      }
    },
    abort: (reason) => {
      if (done) return;
      done = true;
      const line = scanner.isInsideElement ? offset + scanner.elements : lineAfter();
      sink.skip({ file: entry.file, line, reason });
    },
  };
}

/** A log file that cannot be read at all: missing, a directory, no permission. */
export class UnreadableFileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = "UnreadableFileError";
  }
}

const OPEN_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: "no such file",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EISDIR: "is a directory, not a log file",
  ENOTDIR: "no such file (a parent is not a directory)",
  ELOOP: "too many symbolic links",
};

/** Opens the file to read its first bytes: gzip or not, and when it was last written to. */
async function openLogFile(file: string): Promise<{ gzip: boolean; mtimeMs: number }> {
  try {
    const handle = await open(file, "r");
    try {
      const stats = await handle.stat();
      if (stats.isDirectory()) throw new UnreadableFileError(file, OPEN_ERRORS.EISDIR);
      const magic = Buffer.alloc(2);
      const { bytesRead } = await handle.read(magic, 0, 2, 0);
      return { gzip: bytesRead === 2 && magic[0] === GZIP_MAGIC_0 && magic[1] === GZIP_MAGIC_1, mtimeMs: stats.mtimeMs };
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof UnreadableFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== undefined && OPEN_ERRORS[code] !== undefined) throw new UnreadableFileError(file, OPEN_ERRORS[code]);
    throw error;
  }
}

/** Why a log file cannot be read, or undefined when it can (checked before a replay starts). */
export async function checkLogFile(file: string): Promise<string | undefined> {
  try {
    await openLogFile(file);
    return undefined;
  } catch (error) {
    if (error instanceof UnreadableFileError) return error.reason;
    throw error;
  }
}

/**
 * Reads one log file as a stream, in whichever format its content shows (gzip detected by its
 * magic bytes), and hands every event to `sink.entry` and every unreadable line to `sink.skip`.
 * Memory stays flat in the file's size: only the current chunk and a partial line are held.
 *
 * Rejects with `UnreadableFileError` only when the file cannot be opened at all (missing, a
 * directory, no permission); a file that breaks off (truncated gzip, read error) is reported through `sink.skip` with the line
 * where it broke.
 */
export async function readLogFile(file: string, sink: LogSink, options: ReadOptions = {}): Promise<FileSummary> {
  const { gzip, mtimeMs } = await openLogFile(file);
  const referenceTime = options.referenceTime ?? mtimeMs;
  const raw = createReadStream(file, { highWaterMark: READ_CHUNK_BYTES });
  let source: NodeJS.ReadableStream = raw;
  if (gzip) {
    const gunzip = createGunzip({ chunkSize: READ_CHUNK_BYTES });
    pipeline(raw, gunzip, () => undefined); // errors surface on the gunzip side, in the loop below
    source = gunzip;
  }
  const entry: MutableEntry = { file, line: 0, text: "", record: undefined, time: undefined };
  let consumer: Consumer | undefined;
  let format: LogFormat = "syslog";
  let head: Buffer[] = [];
  let headBytes = 0;
  const startConsumer = (): void => {
    const buffered = Buffer.concat(head);
    const detected = detectFormat(buffered);
    format = detected.format;
    consumer =
      format === "syslog"
        ? syslogConsumer(entry, sink, referenceTime)
        : format === "cloudtrail-json-lines"
          ? jsonLinesConsumer(entry, sink)
          : jsonArrayConsumer(entry, sink, format);
    head = [];
    consumer.push(buffered.subarray(detected.bodyStart));
  };
  try {
    for await (const chunk of source) {
      if (consumer !== undefined) {
        consumer.push(chunk as Buffer);
        continue;
      }
      head.push(chunk as Buffer);
      headBytes += (chunk as Buffer).length;
      if (headBytes >= FORMAT_HEAD_BYTES) startConsumer();
    }
  } catch (error) {
    if (consumer === undefined && headBytes > 0) startConsumer();
    const reason = gzip ? `broken gzip (${describe(error)}); the rest of the file is unreadable` : `read error (${describe(error)})`;
    if (consumer !== undefined) consumer.abort(reason);
    else sink.skip({ file, line: 1, reason });
    return { format, gzip };
  }
  if (consumer === undefined) startConsumer();
  consumer?.end();
  return { format, gzip };
}

/** The message of an error (zlib's errors may come from another realm, so no `instanceof`). */
const describe = (error: unknown): string =>
  typeof error === "object" && error !== null && typeof (error as Error).message === "string" ? (error as Error).message : String(error);
