/**
 * A Contributor Insights rule over text lines, as AWS runs it on a log group with a transformer
 * and `ApplyOnTransformedLogs` (docs/aws-facts.md i4): the transformer's grok turns the line into
 * fields, the rule reads them; a line the grok does not match fails transformation and is not
 * evaluated. Replay, the catalog's tests and the corpus tests all go through here, with the
 * transformer and rule read from the same record the constructs deploy.
 */
import type { ContributorInsightsDetection } from "../catalog/detection";
import { compileContributorRule } from "../engines/contributor-rule";
import { compileGrok } from "../engines/grok";

/**
 * sshd cuts what it logs at 500 characters (docs/aws-facts.md q4); a longer line is not sshd's
 * and is not given to the grok, whose `.*` parts would otherwise cost time quadratic in its length.
 */
export const MAX_TRANSFORMED_LINE = 4096;

/** The contributor's key values for a line, or `undefined` when the line does not count (or is not text). */
export function compileTransformedRule(d: Pick<ContributorInsightsDetection, "rule" | "transformer" | "id">): (line: unknown) => readonly string[] | undefined {
  if (d.transformer === undefined) throw new Error(`${d.id} has no transformer: its rule reads JSON records, not text lines`);
  const transform = compileGrok(d.transformer.grok);
  const rule = compileContributorRule(d.rule);
  return (line) => {
    if (typeof line !== "string" || line.length > MAX_TRANSFORMED_LINE) return undefined;
    const fields = transform(line);
    return fields === undefined ? undefined : rule(fields);
  };
}
