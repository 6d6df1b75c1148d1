import type { Problem } from "../manifest/problem";

/** DESIGN.md contract 3. */
export const EXIT = { ok: 0, invalidInput: 1, internal: 2 } as const;

/** `accounts/prod.yaml:12:5 regions[1]: "us-mars-1" is not an AWS region` (DESIGN.md contract 4). */
export const formatProblem = (p: Problem): string => {
  const place = p.line > 0 ? `${p.file}:${p.line}:${p.col}` : p.file;
  return p.field ? `${place} ${p.field}: ${p.message}` : `${place}: ${p.message}`;
};

/** A mistake in the user's input: reported without a stack trace, exit 1. */
export class UserInputError extends Error {
  constructor(readonly problems: readonly Problem[]) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "UserInputError";
  }
}
