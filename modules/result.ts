/**
 * "A value, or every problem that prevents it": the one shape for loading, selecting, compiling
 * and parsing. Problems are collected, not thrown, so a user sees all of them at once.
 */
import type { Problem } from "./manifest/problem";

export type Result<T, E = Problem> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: readonly E[] };

export const success = <T>(value: T): Result<T, never> => ({ ok: true, value });

export const failure = <E>(...problems: readonly E[]): Result<never, E> => ({ ok: false, problems });

/** The problems of a result: none for a value. */
export const problemsOf = <T, E>(result: Result<T, E>): readonly E[] => (result.ok ? [] : result.problems);

/** The value of a result: undefined when it has problems. */
export const valueOf = <T, E>(result: Result<T, E>): T | undefined => (result.ok ? result.value : undefined);
