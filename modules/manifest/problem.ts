import { escapeControls } from "./excerpt";

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

/** docs/design.md contract 3. */
export const EXIT = { ok: 0, invalidInput: 1, internal: 2 } as const;

/** `accounts/prod.yaml:12:5 regions[1]: "us-mars-1" is not an AWS region` (docs/design.md contract 4). */
export const formatProblem = (p: Problem): string => {
  // A file name, a key or a message may carry terminal escapes from the input (docs: excerpt.ts).
  const file = escapeControls(p.file);
  const field = escapeControls(p.field);
  const message = escapeControls(p.message);
  const place = p.line > 0 ? `${file}:${p.line}:${p.col}` : file;
  return field ? `${place} ${field}: ${message}` : `${place}: ${message}`;
};

/** A mistake in the user's input: reported without a stack trace, exit 1. */
export class UserInputError extends Error {
  constructor(readonly problems: readonly Problem[]) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "UserInputError";
  }
}
