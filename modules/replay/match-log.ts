import { randomUUID } from "node:crypto";
import { closeSync, openSync, readSync, rmSync, unlinkSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** One record a detection's pattern matched. */
export interface ReplayMatch {
  /** Index of the detection in the profile. */
  readonly detection: number;
  readonly file: string;
  readonly line: number;
  /** The CloudTrail record's eventID; undefined for sshd lines and records without one. */
  readonly eventID: string | undefined;
}

/** JSON text of a string in ASCII only, so that reading the file back in chunks never cuts a character. */
const asciiJson = (text: string): string => {
  const json = JSON.stringify(text);
  return /[^\x20-\x7e]/.test(json) ? json.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`) : json;
};

/** Matches kept in memory before older ones go to a temporary file. */
const IN_MEMORY_MATCHES = 1 << 16;
const READ_CHUNK_BYTES = 1 << 20;

/**
 * Every match of a replay, in the order found. The report must list them all, and a trail of
 * millions of records matches hundreds of thousands of times: past `IN_MEMORY_MATCHES`, they are
 * appended to a temporary file (one short text line each) and read back when iterated, so memory
 * stays flat however large the input. The file is unlinked as soon as it is opened where the
 * system allows it (nothing is left behind, even on a crash), else removed by `dispose`. Iterate
 * once at a time (the file is read back from its start each time).
 */
export class MatchLog {
  private detections: number[] = [];
  private fileIndexes: number[] = [];
  private lines: number[] = [];
  private eventIDs: (string | undefined)[] = [];
  private readonly files: string[] = [];
  private readonly perDetection: number[] = [];
  private spilled = 0;
  private spill: { fd: number; path: string; unlinked: boolean; bytes: number } | undefined;

  constructor(private readonly inMemory = IN_MEMORY_MATCHES) {}

  get length(): number {
    return this.spilled + this.lines.length;
  }

  /** The files added so far, by index. */
  get fileList(): readonly string[] {
    return this.files;
  }

  /** Files are added in the order they are read; `fileIndex` is the value returned here. */
  addFile(file: string): number {
    this.files.push(file);
    return this.files.length - 1;
  }

  add(detection: number, fileIndex: number, line: number, eventID: string | undefined): void {
    this.detections.push(detection);
    this.fileIndexes.push(fileIndex);
    this.lines.push(line);
    this.eventIDs.push(eventID);
    this.perDetection[detection] = (this.perDetection[detection] ?? 0) + 1;
    if (this.lines.length >= this.inMemory) this.spillToFile();
  }

  /** How many records the detection at `detection` matched. */
  countFor(detection: number): number {
    return this.perDetection[detection] ?? 0;
  }

  /** In the order they were found: file by file, line by line, then the profile's detection order. */
  *[Symbol.iterator](): IterableIterator<ReplayMatch> {
    if (this.spill !== undefined) yield* this.readSpilled(this.spill.fd, this.spill.bytes);
    for (let i = 0; i < this.lines.length; i++) {
      yield { detection: this.detections[i], file: this.files[this.fileIndexes[i]], line: this.lines[i], eventID: this.eventIDs[i] };
    }
  }

  /** Closes and removes the temporary file, if any. */
  dispose(): void {
    if (this.spill === undefined) return;
    closeSync(this.spill.fd);
    if (!this.spill.unlinked) rmSync(this.spill.path, { force: true });
    this.spill = undefined;
  }

  /** `detection,fileIndex,line,eventID-as-ASCII-JSON-or-nothing` a line. */
  private spillToFile(): void {
    if (this.spill === undefined) {
      const path = join(tmpdir(), `tripline-matches-${process.pid}-${randomUUID()}`);
      const fd = openSync(path, "wx+", 0o600);
      let unlinked = true;
      try {
        unlinkSync(path);
      } catch {
        unlinked = false; // Windows keeps an open file; dispose() removes it
      }
      this.spill = { fd, path, unlinked, bytes: 0 };
    }
    let text = "";
    for (let i = 0; i < this.lines.length; i++) {
      const id = this.eventIDs[i];
      text += `${this.detections[i]},${this.fileIndexes[i]},${this.lines[i]},${id === undefined ? "" : asciiJson(id)}\n`;
    }
    const bytes = Buffer.from(text);
    writeSync(this.spill.fd, bytes, 0, bytes.length, this.spill.bytes);
    this.spill.bytes += bytes.length;
    this.spilled += this.lines.length;
    this.detections = [];
    this.fileIndexes = [];
    this.lines = [];
    this.eventIDs = [];
  }

  private *readSpilled(fd: number, total: number): IterableIterator<ReplayMatch> {
    const buffer = Buffer.alloc(READ_CHUNK_BYTES);
    let position = 0;
    let rest = "";
    while (position < total) {
      const n = readSync(fd, buffer, 0, Math.min(buffer.length, total - position), position);
      position += n;
      const text = rest + buffer.toString("utf8", 0, n);
      const lastNewline = text.lastIndexOf("\n");
      rest = text.slice(lastNewline + 1);
      let start = 0;
      while (start < lastNewline) {
        const end = text.indexOf("\n", start);
        const c1 = text.indexOf(",", start);
        const c2 = text.indexOf(",", c1 + 1);
        const c3 = text.indexOf(",", c2 + 1);
        yield {
          detection: Number(text.slice(start, c1)),
          file: this.files[Number(text.slice(c1 + 1, c2))],
          line: Number(text.slice(c2 + 1, c3)),
          eventID: c3 + 1 === end ? undefined : (JSON.parse(text.slice(c3 + 1, end)) as string),
        };
        start = end + 1;
      }
    }
  }
}
