/**
 * Terraform evaluates `${…}` interpolations and `%{…}` directives in every string of the JSON
 * configuration, so a literal `${` must be written `$${` and `%{` as `%%{`. Applied to text that
 * must reach AWS byte for byte: scripts, grok patterns, templates, manifest strings.
 * https://developer.hashicorp.com/terraform/language/expressions/strings#escape-sequences
 */
export const terraformLiteral = (text: string): string => text.replace(/\$\{|%\{/g, (opening) => opening[0] + opening);

/** The text Terraform hands to AWS for a literal written by `terraformLiteral`. */
export const terraformValue = (written: string): string => written.replace(/\$\$\{|%%\{/g, (escaped) => escaped.slice(1));
