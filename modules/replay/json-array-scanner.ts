import { BoundedParts } from "./bounded-parts";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

const isJsonSpace = (b: number): boolean => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/**
 * Splits the elements of a JSON array arriving in chunks, so that a 100 MB `{"Records":[...]}`
 * object is never held whole: it tracks bracket depth outside strings (skipping string bodies
 * with `indexOf`, minding escapes even across chunk boundaries) and hands each element's text to
 * `onElement`, with its 1-based index. Every structural byte of JSON is ASCII and no byte of a
 * multi-byte UTF-8 sequence is, so scanning bytes is safe. It does not validate: the caller
 * `JSON.parse`s each element and reports what does not parse.
 *
 * Feed it the bytes after the array's `[`.
 */
export class JsonArrayScanner {
  /** Bytes of the current element from earlier chunks. */
  private readonly parts: BoundedParts;
  private inElement = false;
  private inString = false;
  /** The previous chunk ended on a backslash inside a string: the next byte is escaped. */
  private escapeNext = false;
  private depth = 0;
  private count = 0;
  private closed = false;

  /**
   * An element longer than `maxElementBytes` is not kept: `onLongElement` gets its index and length
   * instead of `onElement` its text, so memory stays bounded by the limit.
   */
  constructor(
    private readonly onElement: (text: string, index: number) => void,
    private readonly onLongElement: (index: number, bytes: number) => void = () => undefined,
    private readonly maxElementBytes = Number.POSITIVE_INFINITY,
  ) {
    this.parts = new BoundedParts(maxElementBytes);
  }

  /** Whether the array's closing `]` was seen. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Elements started so far (the one in progress included). */
  get elements(): number {
    return this.count;
  }

  /** Whether the stream ended inside an element. */
  get isInsideElement(): boolean {
    return this.inElement;
  }

  /**
   * Scans a chunk; returns how many of its bytes belong to the array: all of them, or up to and
   * including the array's closing `]`, after which the caller has the rest.
   */
  push(chunk: Buffer): number {
    const n = chunk.length;
    let i = 0;
    let start = 0; // where the current element starts in this chunk
    let nextBackslash = -2; // cached chunk.indexOf(BACKSLASH) at or after i; -2: not computed
    if (this.closed) return 0;
    if (this.escapeNext) {
      this.escapeNext = false;
      i = 1;
    }
    while (i < n) {
      if (this.inString) {
        const quote = chunk.indexOf(QUOTE, i);
        if (nextBackslash !== -1 && nextBackslash < i) nextBackslash = chunk.indexOf(BACKSLASH, i);
        if (nextBackslash >= 0 && (quote < 0 || nextBackslash < quote)) {
          i = nextBackslash + 2;
          if (i > n) this.escapeNext = true;
          continue;
        }
        if (quote < 0) {
          i = n;
          break;
        }
        this.inString = false;
        i = quote + 1;
        continue;
      }
      const b = chunk[i];
      if (!this.inElement) {
        if (isJsonSpace(b) || b === COMMA) {
          i++;
          continue;
        }
        if (b === CLOSE_BRACKET) {
          this.closed = true;
          return i + 1;
        }
        this.inElement = true;
        this.count++;
        start = i;
        this.depth = 0;
      }
      if (b === QUOTE) {
        this.inString = true;
      } else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
        this.depth++;
      } else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
        this.depth--;
        if (this.depth === 0) {
          this.finish(chunk, start, i + 1);
        } else if (this.depth < 0) {
          // a scalar element ended by the array's "]", or stray closing bytes: hand over what came before
          this.finish(chunk, start, i);
          if (b === CLOSE_BRACKET) {
            this.closed = true;
            return i + 1;
          }
        }
      } else if (b === COMMA && this.depth === 0) {
        this.finish(chunk, start, i);
      }
      i++;
    }
    if (this.inElement) this.parts.add(chunk.subarray(start));
    return n;
  }

  private finish(chunk: Buffer, start: number, end: number): void {
    this.inElement = false;
    this.depth = 0;
    const bytes = this.parts.bytes + end - start;
    if (bytes > this.maxElementBytes) {
      this.parts.clear();
      this.onLongElement(this.count, bytes);
      return;
    }
    const text = this.parts.isEmpty ? chunk.toString("utf8", start, end) : this.parts.take(chunk.subarray(start, end)).toString("utf8");
    this.onElement(text, this.count);
  }
}
