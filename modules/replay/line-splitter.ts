const LF = 0x0a;
const CR = 0x0d;

/**
 * Splits a byte stream into lines on LF, one trailing CR removed, decoded as UTF-8. Only the
 * current partial line is kept between chunks, so memory does not grow with the file.
 */
export class LineSplitter {
  private pending: Buffer[] = [];
  private lineNo = 0;

  constructor(private readonly onLine: (text: string, line: number) => void) {}

  /** Lines completed so far. */
  get lines(): number {
    return this.lineNo;
  }

  /** Whether a partial line (no LF yet) is waiting for more bytes. */
  get hasPartialLine(): boolean {
    return this.pending.length > 0;
  }

  push(chunk: Buffer): void {
    let start = 0;
    let lf = chunk.indexOf(LF, 0);
    if (lf >= 0 && this.pending.length > 0) {
      this.pending.push(chunk.subarray(0, lf));
      this.emit(Buffer.concat(this.pending), 0, -1);
      this.pending = [];
      start = lf + 1;
      lf = chunk.indexOf(LF, start);
    }
    while (lf >= 0) {
      this.emit(chunk, start, lf);
      start = lf + 1;
      lf = chunk.indexOf(LF, start);
    }
    if (start < chunk.length) this.pending.push(chunk.subarray(start));
  }

  /** The last line when the file does not end with LF. */
  end(): void {
    if (this.pending.length > 0) {
      this.emit(Buffer.concat(this.pending), 0, -1);
      this.pending = [];
    }
  }

  /** Forget the partial line (its bytes are known to be cut off); returns its line number. */
  dropPartialLine(): number {
    this.pending = [];
    return this.lineNo + 1;
  }

  private emit(buf: Buffer, start: number, end: number): void {
    let stop = end < 0 ? buf.length : end;
    if (stop > start && buf[stop - 1] === CR) stop--;
    this.lineNo++;
    this.onLine(buf.toString("utf8", start, stop), this.lineNo);
  }
}
