/**
 * Text from a manifest written into Terraform JSON as it is: Terraform evaluates `${…}` and `%{…}`
 * in every string of a `.tf.json` file, so a user agent in an exception could otherwise read a
 * file at plan time. `$${` and `%%{` are Terraform's escapes for the literal characters.
 * https://developer.hashicorp.com/terraform/language/expressions/strings#escape-sequences-1
 * (Replacement functions, not strings: in a replacement string `$$` means one `$`.)
 */
export const terraformLiteral = (text: string): string => text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
