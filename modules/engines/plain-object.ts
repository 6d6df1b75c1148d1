/**
 * The one test for "a JSON object" (not null, not an array), shared by the engines, replay, the
 * catalog's example factories and the Lambdas, which all walk parsed JSON of unknown shape.
 */
export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);
