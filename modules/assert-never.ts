/**
 * The `default:` of every switch over a closed union (detection kinds, detector types): a new
 * member that a switch does not handle fails to compile here, instead of falling through to
 * "deploys nothing" at run time.
 */
export function assertNever(value: never, what = "value"): never {
  throw new Error(`unhandled ${what}: ${JSON.stringify(value)}`);
}
