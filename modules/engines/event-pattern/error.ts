/** One step into a pattern document: an object key or an array index. */
export type PathStep = string | number;

/** A step that reads plainly after a dot; anything else is written as `["key"]`. */
const PLAIN_KEY = /^[^.[\]"\s]+$/;

/** `detail.eventName[2]`, `$or[1].detail`, `detail["a.b"]`; empty for the pattern itself. */
export const formatPath = (steps: readonly PathStep[]): string =>
  steps
    .map((step, i) => {
      if (typeof step === "number") return `[${step}]`;
      if (PLAIN_KEY.test(step)) return i === 0 ? step : `.${step}`;
      return `[${JSON.stringify(step)}]`;
    })
    .join("");

/**
 * A pattern that EventBridge's PutRule would reject (InvalidEventPatternException), located:
 * `path` names the place in the pattern, `reason` says what is wrong and what is allowed.
 */
export class EventPatternError extends Error {
  constructor(
    /** Where in the pattern, e.g. `detail.eventName[2]`; empty for the pattern as a whole. */
    readonly path: string,
    /** The sentence without the place, for callers that print the place themselves. */
    readonly reason: string,
  ) {
    super(path ? `${path}: ${reason}` : reason);
    this.name = "EventPatternError";
  }
}

/** Throws an EventPatternError at `steps`. */
export function fail(steps: readonly PathStep[], reason: string): never {
  throw new EventPatternError(formatPath(steps), reason);
}
