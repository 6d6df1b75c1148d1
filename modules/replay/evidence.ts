/**
 * The evidence behind an alarm (docs/design.md contract 6): the lines and event ids that fed it,
 * so that a user can go from "api-enumeration fired for this role" to the calls. Only the first
 * `EVIDENCE_LIMIT` are kept, in the order they were read, with the total count: a window of a
 * million matches must not cost a million references. Plain data (no classes), so that a worker
 * thread can hand its buckets over as they are (structured clone).
 */

/** How many references an alarm keeps; `count` says how many there were. */
export const EVIDENCE_LIMIT = 20;

/** One event that fed an alarm: where it is, and its CloudTrail eventID when it has one. */
export interface EvidenceRef {
  /** Index into the replay's list of files. */
  readonly fileIndex: number;
  line: number;
  readonly eventID: string | undefined;
}

/** References kept for one period, contributor or window, in reading order, and how many there were. */
export interface EvidenceBucket {
  count: number;
  readonly refs: EvidenceRef[];
}

export const newBucket = (): EvidenceBucket => ({ count: 0, refs: [] });

export function addEvidence(bucket: EvidenceBucket, fileIndex: number, line: number, eventID: string | undefined): void {
  bucket.count++;
  if (bucket.refs.length < EVIDENCE_LIMIT) bucket.refs.push({ fileIndex, line, eventID });
}

/** Adds a bucket read later after `into`'s references. */
export function absorbEvidence(into: EvidenceBucket, later: EvidenceBucket): void {
  into.count += later.count;
  for (let i = 0; i < later.refs.length && into.refs.length < EVIDENCE_LIMIT; i++) into.refs.push(later.refs[i]);
}

/** An alarm's evidence: the first `EVIDENCE_LIMIT` references and how many there were in all. */
export type Evidence = Readonly<EvidenceBucket>;

/** Evidence of several buckets (e.g. the periods of one alarm run), in the order given. */
export function combineEvidence(buckets: Iterable<EvidenceBucket | undefined>): Evidence {
  const all = newBucket();
  for (const b of buckets) if (b !== undefined) absorbEvidence(all, b);
  return all;
}
