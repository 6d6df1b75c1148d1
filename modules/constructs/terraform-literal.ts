/**
 * Terraform evaluates `${…}` interpolations and `%{…}` directives in every string of the JSON
 * configuration, so a literal `${` must be written `$${` and `%{` as `%%{`. Applied to text that
 * must reach AWS byte for byte: scripts, grok patterns, templates, manifest strings.
 * https://developer.hashicorp.com/terraform/language/expressions/strings#escape-sequences
 */
export function terraformLiteral(text: string): string {
  // A cdktf reference (rendered `${TfToken[…]}` until synth) escaped would reach AWS as text.
  if (text.includes("${TfToken[")) throw new Error("a Terraform reference cannot be written as a literal; pass the value itself");
  return text.replace(/\$\{|%\{/g, (opening) => opening[0] + opening);
}

/** The text Terraform hands to AWS for a literal written by `terraformLiteral`. */
export const terraformValue = (written: string): string => written.replace(/\$\$\{|%%\{/g, (escaped) => escaped.slice(1));
