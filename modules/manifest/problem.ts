/** A user's mistake, located: every error tripline reports about its input is one of these. */
export interface Problem {
  readonly file: string;
  /** 1-based; 0 when the problem concerns the file as a whole. */
  readonly line: number;
  /** 1-based; 0 when the problem concerns the file as a whole. */
  readonly col: number;
  /** Field path in the document, e.g. `regions[1]`; empty for the document itself. */
  readonly field: string;
  readonly message: string;
}

/** Sorted by file, then position, so that output is stable and reads top to bottom. */
export const sortProblems = (problems: readonly Problem[]): Problem[] =>
  [...problems].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col || a.field.localeCompare(b.field),
  );
