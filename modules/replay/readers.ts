import { constants, createReadStream } from "node:fs";
import { access, open, stat } from "node:fs/promises";
import { pipeline, Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { cloudTrailTime, syslogTime } from "../engines/windows/event-time";
import { JsonArrayScanner } from "./json-array-scanner";
import { LineSplitter, MAX_LINE_BYTES } from "./line-splitter";

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
   * Defaults to the file's modification time (see `syslogTime`), or now for a pipe.
   */
  readonly referenceTime?: number;
  /** Lines (and records of a `{"Records":[...]}` file) longer than this are reported and skipped. */
  readonly maxLineBytes?: number;
  /** What `-` reads; defaults to the process's standard input. */
  readonly stdin?: NodeJS.ReadableStream;
  /** Told the bytes read, as stored (compressed for gzip), for a progress line. */
  readonly onBytes?: (bytes: number) => void;
}

/** The file name that means standard input (docs/design.md contract 2). */
export const STDIN = "-";

/**
 * A gzip member whose content is more than this many times its compressed size is taken for a
 * decompression bomb and not read further. Deflate tops out near 1,032:1 on runs of one byte;
 * CloudTrail JSON compresses about 10–30:1, and the most repetitive logs stay well below 200:1.
 */
export const MAX_GZIP_RATIO = 200;
/** Below this much content the ratio is not judged: tiny files have large ratios and do no harm. */
const GZIP_RATIO_FREE_BYTES = 64 * 1024 * 1024;

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
  /** Lines seen so far (line-based formats; 0 for `{"Records":[...]}`). */
  lines(): number;
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

/** Why a JSON object without a string `eventName` is skipped (hunt's SQL says the same). */
export const notCloudTrail = (noEventTime: boolean): string => `not a CloudTrail record (no eventName${noEventTime ? " and no eventTime" : ""})`;

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
  if (typeof (record as CloudTrailRecord).eventName !== "string") {
    sink.skip({ file: entry.file, line, reason: notCloudTrail((record as CloudTrailRecord).eventTime === undefined) });
    return;
  }
  entry.line = line;
  entry.text = text;
  entry.record = record as CloudTrailRecord;
  entry.time = cloudTrailTime(entry.record);
  sink.entry(entry);
}

/** Blank: empty or only white space (the common line starts with "{" and costs one comparison). */
const isBlank = (text: string): boolean => text.length === 0 || (text.charCodeAt(0) <= 0x20 && text.trim().length === 0);

/** Why a line over the limit is skipped. */
const longLine = (what: string, bytes: number, limit: number): string =>
  `${what} of ${bytes.toLocaleString("en-US")} bytes is longer than the ${limit.toLocaleString("en-US")}-byte limit; skipped`;

function jsonLinesConsumer(entry: MutableEntry, sink: LogSink, maxLineBytes: number): Consumer {
  const lines = new LineSplitter(
    (text, line) => {
      if (!isBlank(text)) deliverJson(entry, sink, text, line);
    },
    (line, bytes) => sink.skip({ file: entry.file, line, reason: longLine("line", bytes, maxLineBytes) }),
    maxLineBytes,
  );
  return {
    push: (chunk) => lines.push(chunk),
    lines: () => lines.lines,
    end: () => lines.end(),
    abort: (reason) => sink.skip({ file: entry.file, line: lines.dropPartialLine(), reason }),
  };
}

/** Why a JSON line in a file read as syslog text is skipped. */
export const SYSLOG_JSON_LINE = "JSON object in a file read as sshd/syslog text (told by its first lines); not evaluated";

/**
 * A program tag (`sshd[4242]: `) near the start: a syslog message whose header is missing or
 * unreadable (journald's text, a custom template) is still evaluated, with no time.
 */
export const SYSLOG_TAG = /^.{0,200}?[A-Za-z][-\w./()]*\[\d+\]: /;

/** Why a line with neither header nor program tag is skipped (Markdown, VPC flow logs, other text). */
export const NOT_SYSLOG = "not a syslog line (no timestamp header such as `Mar  5 10:00:01 host sshd[1]:` or RFC 3339); not evaluated";

/** A syslog header's shape (classic `Mar  5 10:00:01 `, RFC 3339, RFC 5424 `<38>1 `), not yet its value. */
export const SYSLOG_HEADER_SHAPE = /^(?:[A-Z][a-z]{2} [ \d]?\d \d\d:\d\d:\d\d |(?:<\d{1,3}>\d{1,2} )?\d{4}-\d\d-\d\d[Tt])/;

/**
 * The entry the syslog reader hands over. Its time is read from the header only when asked, which
 * replay does for a line a windowed detection matched: most lines of an auth log match nothing,
 * and reading a header costs a third of reading the line.
 */
class SyslogEntry implements LogEntry {
  line = 0;
  text = "";
  readonly record = undefined;
  /** null: not read yet. */
  private cached: number | undefined | null = null;

  constructor(
    readonly file: string,
    private readonly referenceTime: number,
  ) {}

  set(line: number, text: string): void {
    this.line = line;
    this.text = text;
    this.cached = null;
  }

  get time(): number | undefined {
    if (this.cached === null) this.cached = syslogTime(this.text, this.referenceTime);
    return this.cached;
  }
}

function syslogConsumer(file: string, sink: LogSink, referenceTime: number, maxLineBytes: number): Consumer {
  const entry = new SyslogEntry(file, referenceTime);
  const lines = new LineSplitter(
    (text, line) => {
      if (isBlank(text)) return;
      if (text.charCodeAt(0) === 35) {
        // "#": annotations in test fixtures (fail2ban's failJSON), not log lines
        sink.skip({ file, line, reason: "comment line (starts with #), not a log line" });
        return;
      }
      if (isJsonObjectLine(text)) {
        // Told apart from text by the file's first lines (see detectFormat): a record here is not
        // evaluated, so say so rather than match it as text.
        sink.skip({ file, line, reason: SYSLOG_JSON_LINE });
        return;
      }
      if (!SYSLOG_HEADER_SHAPE.test(text) && !SYSLOG_TAG.test(text)) {
        sink.skip({ file, line, reason: NOT_SYSLOG });
        return;
      }
      entry.set(line, text);
      sink.entry(entry);
    },
    (line, bytes) => sink.skip({ file, line, reason: longLine("line", bytes, maxLineBytes) }),
    maxLineBytes,
  );
  return {
    push: (chunk) => lines.push(chunk),
    lines: () => lines.lines,
    end: () => lines.end(),
    abort: (reason) => sink.skip({ file, line: lines.dropPartialLine(), reason }),
  };
}

/**
 * The records of `{"Records":[...]}` documents (or plain JSON arrays), one after another: one
 * S3 object, or several concatenated (`cat` of downloaded objects, or a multi-member gzip).
 * Records are numbered across the whole file.
 */
function jsonArrayConsumer(entry: MutableEntry, sink: LogSink, format: LogFormat, maxLineBytes: number): Consumer {
  const what = format === "cloudtrail-records" ? 'the "Records" array' : "the array";
  const preamble = format === "cloudtrail-records" ? RECORDS_PREAMBLE : ARRAY_PREAMBLE;
  let offset = 0; // records of earlier documents
  const newScanner = () =>
    new JsonArrayScanner(
      (text, index) => deliverJson(entry, sink, text, offset + index),
      (index, bytes) => sink.skip({ file: entry.file, line: offset + index, reason: longLine("record", bytes, maxLineBytes) }),
      maxLineBytes,
    );
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
    lines: () => 0,
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
  ENXIO: "cannot be opened (a socket, not a file or pipe: read it with - instead)",
};

const unreadable = (file: string, error: unknown): unknown => {
  const code = (error as NodeJS.ErrnoException).code;
  return code !== undefined && OPEN_ERRORS[code] !== undefined ? new UnreadableFileError(file, OPEN_ERRORS[code]) : error;
};

/**
 * Why a log file cannot be read, or undefined when it can (checked before a replay starts). It
 * neither opens nor reads the file: opening a named pipe would take its writer's data.
 */
export async function checkLogFile(file: string): Promise<string | undefined> {
  if (file === STDIN) return undefined;
  try {
    const stats = await stat(file);
    if (stats.isDirectory()) return OPEN_ERRORS.EISDIR;
    await access(file, constants.R_OK);
    return undefined;
  } catch (error) {
    const e = unreadable(file, error);
    if (e instanceof UnreadableFileError) return e.reason;
    throw e;
  }
}

/**
 * The raw bytes of a log file, standard input (`-`), a named pipe or a device such as
 * `/dev/stdin`, opened once (a pipe cannot be read twice), and when it was last written to.
 */
async function openLogSource(file: string, options: ReadOptions): Promise<{ stream: AsyncIterable<Buffer>; mtimeMs: number }> {
  if (file === STDIN) return { stream: (options.stdin ?? process.stdin) as AsyncIterable<Buffer>, mtimeMs: Date.now() };
  try {
    const handle = await open(file, "r");
    const stats = await handle.stat();
    if (stats.isDirectory()) {
      await handle.close();
      throw new UnreadableFileError(file, OPEN_ERRORS.EISDIR);
    }
    return { stream: handle.createReadStream({ highWaterMark: READ_CHUNK_BYTES }), mtimeMs: stats.isFile() ? stats.mtimeMs : Date.now() };
  } catch (error) {
    throw unreadable(file, error);
  }
}

/** Thrown inside the read loop when a gzip member inflates past `MAX_GZIP_RATIO`. */
class GzipBombError extends Error {}

/**
 * Reads one log file as a stream, in whichever format its content shows (gzip detected by its
 * magic bytes), and hands every event to `sink.entry` and every unreadable line to `sink.skip`.
 * Memory stays flat in the file's size: only the current chunk and a partial line (at most
 * `maxLineBytes`) are held.
 *
 * Rejects with `UnreadableFileError` only when the file cannot be opened at all (missing, a
 * directory, no permission); a file that breaks off (truncated gzip, read error), an empty file
 * and a gzip bomb are reported through `sink.skip` with the line where it happened.
 */
export async function readLogFile(file: string, sink: LogSink, options: ReadOptions = {}): Promise<FileSummary> {
  const { stream, mtimeMs } = await openLogSource(file, options);
  const referenceTime = options.referenceTime ?? mtimeMs;
  const maxLineBytes = options.maxLineBytes ?? MAX_LINE_BYTES;
  const raw = stream[Symbol.asyncIterator]();
  // The first two bytes tell gzip; a pipe may deliver fewer in its first chunk.
  const first: Buffer[] = [];
  let firstBytes = 0;
  let rawDone = false;
  let readError: unknown;
  try {
    while (firstBytes < 2) {
      const next = await raw.next();
      if (next.done === true) {
        rawDone = true;
        break;
      }
      first.push(next.value);
      firstBytes += next.value.length;
    }
  } catch (error) {
    readError = error;
  }
  const head0 = Buffer.concat(first);
  const gzip = head0.length >= 2 && head0[0] === GZIP_MAGIC_0 && head0[1] === GZIP_MAGIC_1;
  let compressedBytes = 0;
  async function* rawChunks(): AsyncGenerator<Buffer> {
    if (readError !== undefined) throw readError;
    compressedBytes += head0.length;
    options.onBytes?.(head0.length);
    if (head0.length > 0) yield head0;
    if (rawDone) return;
    for (;;) {
      const next = await raw.next();
      if (next.done === true) return;
      compressedBytes += next.value.length;
      options.onBytes?.(next.value.length);
      yield next.value;
    }
  }
  let source: AsyncIterable<Buffer> = rawChunks();
  let gunzip: ReturnType<typeof createGunzip> | undefined;
  if (gzip) {
    gunzip = createGunzip({ chunkSize: READ_CHUNK_BYTES });
    pipeline(Readable.from(source), gunzip, () => undefined); // errors surface on the gunzip side, in the loop below
    source = gunzip;
  }
  const entry: MutableEntry = { file, line: 0, text: "", record: undefined, time: undefined };
  let consumer: Consumer | undefined;
  let format: LogFormat = "syslog";
  let head: Buffer[] = [];
  let headBytes = 0;
  let contentBytes = 0;
  const startConsumer = (): void => {
    const buffered = Buffer.concat(head);
    const detected = detectFormat(buffered);
    format = detected.format;
    consumer =
      format === "syslog"
        ? syslogConsumer(file, sink, referenceTime, maxLineBytes)
        : format === "cloudtrail-json-lines"
          ? jsonLinesConsumer(entry, sink, maxLineBytes)
          : jsonArrayConsumer(entry, sink, format, maxLineBytes);
    head = [];
    consumer.push(buffered.subarray(detected.bodyStart));
  };
  try {
    for await (const chunk of source) {
      contentBytes += chunk.length;
      if (gzip && contentBytes > GZIP_RATIO_FREE_BYTES && contentBytes > MAX_GZIP_RATIO * compressedBytes) {
        throw new GzipBombError(
          `gzip bomb: more than ${MAX_GZIP_RATIO} times its compressed size (${contentBytes.toLocaleString("en-US")} bytes from ${compressedBytes.toLocaleString("en-US")}); the rest of the file is not read`,
        );
      }
      if (consumer !== undefined) {
        consumer.push(chunk);
        continue;
      }
      head.push(chunk);
      headBytes += chunk.length;
      if (headBytes >= FORMAT_HEAD_BYTES) startConsumer();
    }
  } catch (error) {
    gunzip?.destroy();
    if (file !== STDIN) await raw.return?.(); // closes the file
    if (consumer === undefined && headBytes > 0) startConsumer();
    const reason =
      error instanceof GzipBombError
        ? error.message
        : gzip
          ? `broken gzip (${describe(error)}); the rest of the file is unreadable`
          : `read error (${describe(error)})`;
    if (consumer !== undefined) consumer.abort(reason);
    else sink.skip({ file, line: 1, reason });
    return { format, gzip };
  }
  if (contentBytes === 0) {
    sink.skip({ file, line: 1, reason: gzip ? "empty file (the gzip holds nothing); nothing to replay" : "empty file; nothing to replay" });
    return { format, gzip };
  }
  if (consumer === undefined) startConsumer();
  consumer?.end();
  return { format, gzip };
}

/** The message of an error (zlib's errors may come from another realm, so no `instanceof`). */
const describe = (error: unknown): string =>
  typeof error === "object" && error !== null && typeof (error as Error).message === "string" ? (error as Error).message : String(error);

/** What `planSplit` needs to know about a file before splitting it. */
export interface SplittableFile {
  readonly format: "cloudtrail-json-lines" | "syslog";
  readonly size: number;
  readonly mtimeMs: number;
}

/**
 * Whether a file can be read in byte ranges by several threads: a regular, uncompressed file of
 * lines (JSON Lines or syslog text), as its first bytes show. Undefined otherwise (gzip, a
 * `{"Records":[...]}` document, a pipe, an empty file), and the file is read whole.
 */
export async function splittableFile(file: string): Promise<SplittableFile | undefined> {
  if (file === STDIN) return undefined;
  // Looked at before opening: opening a named pipe would take its writer's data.
  const info = await stat(file).catch(() => undefined);
  if (info === undefined || !info.isFile()) return undefined;
  const handle = await open(file, "r").catch(() => undefined);
  if (handle === undefined) return undefined;
  try {
    const stats = await handle.stat();
    if (!stats.isFile() || stats.size === 0) return undefined;
    const head = Buffer.alloc(Math.min(FORMAT_HEAD_BYTES, stats.size));
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    if (bytesRead >= 2 && head[0] === GZIP_MAGIC_0 && head[1] === GZIP_MAGIC_1) return undefined;
    const { format } = detectFormat(head.subarray(0, bytesRead));
    if (format !== "cloudtrail-json-lines" && format !== "syslog") return undefined;
    return { format, size: stats.size, mtimeMs: stats.mtimeMs };
  } finally {
    await handle.close();
  }
}

/**
 * Bytes [start, end) of a file of lines, where `start` is 0 or just after a line feed, read as
 * `format` (told from the whole file's head, not the range's) into `sink`, lines numbered from 1
 * within the range. Returns how many lines the range holds, so that the caller can number the
 * next range's lines.
 */
export async function readLogRange(
  file: string,
  format: SplittableFile["format"],
  start: number,
  end: number,
  sink: LogSink,
  options: ReadOptions & { readonly referenceTime: number },
): Promise<number> {
  const entry: MutableEntry = { file, line: 0, text: "", record: undefined, time: undefined };
  const maxLineBytes = options.maxLineBytes ?? MAX_LINE_BYTES;
  const consumer = format === "syslog" ? syslogConsumer(file, sink, options.referenceTime, maxLineBytes) : jsonLinesConsumer(entry, sink, maxLineBytes);
  if (end > start) {
    try {
      for await (const chunk of createReadStream(file, { start, end: end - 1, highWaterMark: READ_CHUNK_BYTES })) {
        options.onBytes?.((chunk as Buffer).length);
        consumer.push(chunk as Buffer);
      }
    } catch (error) {
      consumer.abort(`read error (${describe(error)})`);
      return consumer.lines() + 1;
    }
  }
  consumer.end();
  return consumer.lines();
}
