/**
 * How a failure ends a run, the same for `tripline` and `npm run synth` (exit codes:
 * docs/design.md contract 3). The user's input (a manifest problem, a file or folder that cannot be read or written) is
 * exit 1 with file and line and no stack trace; anything else is a bug of ours, exit 2 with its
 * trace, to be reported.
 */
import { escapeControls } from "./excerpt";
import { EXIT, UserInputError } from "./problem";

export interface FailureReport {
  readonly exit: (typeof EXIT)[keyof typeof EXIT];
  readonly text: string;
}

export function reportFailure(error: unknown, command: string): FailureReport {
  if (error instanceof UserInputError) return { exit: EXIT.invalidInput, text: error.message };
  const fsError = error as NodeJS.ErrnoException;
  if (fsError instanceof Error && typeof fsError.code === "string" && typeof fsError.path === "string") {
    // The file system refused a path the user gave (permissions, a missing or full folder).
    return { exit: EXIT.invalidInput, text: `${escapeControls(fsError.path)}: cannot ${fsError.syscall ?? "use"} (${fsError.code})` };
  }
  const trace = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { exit: EXIT.internal, text: `${command}: internal error, a bug in tripline; please report it with this trace:\n${trace}` };
}
