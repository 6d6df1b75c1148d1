/**
 * The one error the filter-pattern engine throws. It carries the place, so `validate` can point at
 * the column of a manifest value and `replay` can say which pattern it refused.
 */
export class FilterPatternSyntaxError extends Error {
  /** The whole pattern, as given. */
  readonly pattern: string;
  /** 0-based index into `pattern` of the offending character; `pattern.length` means "at the end". */
  readonly offset: number;
  /** 1-based column of `offset`. A pattern is one line to CloudWatch, so this is `offset + 1`. */
  readonly column: number;
  /** The sentence without the position, for callers that print their own location. */
  readonly reason: string;

  constructor(pattern: string, offset: number, reason: string) {
    const at = Math.min(Math.max(0, offset), pattern.length);
    super(`${reason} (column ${at + 1})`);
    this.name = "FilterPatternSyntaxError";
    this.pattern = pattern;
    this.offset = at;
    this.column = at + 1;
    this.reason = reason;
  }
}
