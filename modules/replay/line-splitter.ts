import { BoundedParts } from "./bounded-parts";

const LF = 0x0a;
const CR = 0x0d;

/** Lines longer than this many bytes are reported and skipped (`LineSplitter`'s default). */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

/**
 * Splits a byte stream into lines on LF, one trailing CR removed, decoded as UTF-8. Only the
 * current partial line is kept between chunks, so memory does not grow with the file; a line
 * longer than `maxLineBytes` is not kept at all: its bytes are dropped as they come and
 * `onLongLine` gets its number and length, so that one 200 MB line costs no more than the limit
 * and the lines after it are still read.
 */
export class LineSplitter {
  /** The current partial line. */
  private readonly pending: BoundedParts;
  private lineNo = 0;

  constructor(
    private readonly onLine: (text: string, line: number) => void,
    private readonly onLongLine: (line: number, bytes: number) => void = () => undefined,
    private readonly maxLineBytes = MAX_LINE_BYTES,
  ) {
    this.pending = new BoundedParts(maxLineBytes);
  }

  /** Lines completed so far. */
  get lines(): number {
    return this.lineNo;
  }

  /** Whether a partial line (no LF yet) is waiting for more bytes. */
  get hasPartialLine(): boolean {
    return !this.pending.isEmpty;
  }

  push(chunk: Buffer): void {
    let start = 0;
    let lf = chunk.indexOf(LF, 0);
    if (lf >= 0 && this.hasPartialLine) {
      if (this.pending.isOverLimit) {
        this.long(this.pending.bytes + lf);
        this.pending.clear();
      } else {
        this.emit(this.pending.take(chunk.subarray(0, lf)), 0, -1);
      }
      start = lf + 1;
      lf = chunk.indexOf(LF, start);
    }
    while (lf >= 0) {
      this.emit(chunk, start, lf);
      start = lf + 1;
      lf = chunk.indexOf(LF, start);
    }
    if (start < chunk.length) this.pending.add(chunk.subarray(start));
  }

  /** The last line when the file does not end with LF. */
  end(): void {
    if (this.pending.isOverLimit) this.long(this.pending.bytes);
    else if (!this.pending.isEmpty) this.emit(this.pending.take(Buffer.alloc(0)), 0, -1);
    this.pending.clear();
  }

  /** Forget the partial line (its bytes are known to be cut off); returns its line number. */
  dropPartialLine(): number {
    this.pending.clear();
    return this.lineNo + 1;
  }

  private long(bytes: number): void {
    this.lineNo++;
    this.onLongLine(this.lineNo, bytes);
  }

  private emit(buf: Buffer, start: number, end: number): void {
    let stop = end < 0 ? buf.length : end;
    if (stop - start > this.maxLineBytes) {
      this.lineNo++;
      this.onLongLine(this.lineNo, stop - start);
      return;
    }
    if (stop > start && buf[stop - 1] === CR) stop--;
    this.lineNo++;
    this.onLine(buf.toString("utf8", start, stop), this.lineNo);
  }
}
