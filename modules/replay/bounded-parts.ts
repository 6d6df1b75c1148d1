/**
 * The start of a line or record that spans chunks, kept only up to a limit: past it the bytes are
 * dropped as they come and only counted, so that one 200 MB line costs no more memory than the
 * limit and can still be reported with its length.
 */
export class BoundedParts {
  private parts: Buffer[] = [];
  private kept = 0;
  /** Bytes seen once over the limit; -1 while under it. */
  private dropped = -1;

  constructor(private readonly limit: number) {}

  get isEmpty(): boolean {
    return this.parts.length === 0 && this.dropped < 0;
  }

  /** Whether the bytes so far already exceed the limit (and were dropped). */
  get isOverLimit(): boolean {
    return this.dropped >= 0;
  }

  /** Bytes so far, kept or dropped. */
  get bytes(): number {
    return this.dropped >= 0 ? this.dropped : this.kept;
  }

  add(part: Buffer): void {
    if (this.dropped >= 0) {
      this.dropped += part.length;
      return;
    }
    this.kept += part.length;
    if (this.kept > this.limit) {
      this.dropped = this.kept;
      this.parts = [];
      this.kept = 0;
    } else {
      this.parts.push(part);
    }
  }

  /** The kept bytes followed by `last`, forgetting them. */
  take(last: Buffer): Buffer {
    this.parts.push(last);
    const all = Buffer.concat(this.parts);
    this.clear();
    return all;
  }

  clear(): void {
    this.parts = [];
    this.kept = 0;
    this.dropped = -1;
  }
}
