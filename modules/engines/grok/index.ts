/**
 * A faithful subset of CloudWatch Logs' grok processor: the patterns tripline deploys in its SSH
 * log group's transformer, so replay evaluates the transformed events AWS evaluates.
 */
export { compileGrok, GrokError, MAX_GROK_MATCH_LENGTH, type GrokFields } from "./compile";
export { GROK_PATTERNS } from "./patterns";
