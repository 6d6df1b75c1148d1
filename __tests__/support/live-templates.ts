/**
 * Finds what Terraform would evaluate in a synthesized stack: every `${` or `%{` not escaped
 * (`$${`, `%%{`) in any string or key, except the plain references cdktf writes for our own
 * tokens (`${aws_s3_bucket.x.id}`, `${data.aws_caller_identity.x.account_id}`).
 */
const OUR_REFERENCE = /^\$\{(data\.)?[A-Za-z_][\w-]*\.[\w-]+(\.[\w-]+|\[\d+\])*\}/;

/** The live templates of one string: a `${`/`%{` preceded by exactly one `$`/`%` (HCL's escape is the doubled sign). */
export function liveTemplates(text: string): string[] {
  const live: string[] = [];
  for (let i = text.indexOf("{"); i >= 0; i = text.indexOf("{", i + 1)) {
    const sign = text[i - 1];
    if (sign !== "$" && sign !== "%") continue;
    let run = 1;
    while (text[i - 1 - run] === sign) run += 1;
    if (run !== 1) continue;
    const rest = text.slice(i - 1);
    if (sign === "$" && OUR_REFERENCE.test(rest)) continue;
    live.push(rest.slice(0, 40));
  }
  return live;
}

/** Every string and key of a parsed JSON value, with where it is. */
export function* stringsOf(value: unknown, where = ""): Generator<{ where: string; text: string }> {
  if (typeof value === "string") yield { where, text: value };
  else if (Array.isArray(value)) for (const [i, item] of value.entries()) yield* stringsOf(item, `${where}[${i}]`);
  else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      yield { where: `${where}{key}`, text: key };
      yield* stringsOf(item, `${where}.${key}`);
    }
  }
}

/** `where: live…` for every live template in a synthesized JSON document. */
export const liveTemplatesIn = (json: unknown): string[] =>
  [...stringsOf(json)].flatMap(({ where, text }) => liveTemplates(text).map((live) => `${where}: ${live}`));
