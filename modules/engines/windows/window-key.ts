/**
 * How window state and alert claims are keyed: the parts (detection id, window start, the key's
 * values; or detection id and event id) joined with NUL, which no CloudTrail string field and no
 * detection id holds, so distinct parts never join into the same key. Replay's in-memory sets and
 * the stream detector's DynamoDB items use the same keys.
 */
export const KEY_SEPARATOR = "\u0000";

export const joinKey = (...parts: readonly (string | number)[]): string => parts.join(KEY_SEPARATOR);
