/**
 * The synthesis side of modules/manifest/terraform-templates.ts: every literal string (and map
 * key) of every element of a stack is written with `${` and `%{` escaped, so that Terraform reads
 * text wherever it came from. It runs on each element's configuration before cdktf resolves its
 * tokens: then the only `${` that are not literal text are cdktf's own markers (`${TfToken[…]}`),
 * which cdktf turns into our references afterwards. One mechanism for every field, so a new
 * construct cannot forget it.
 */
import { Aspects, TerraformElement, TerraformStack, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { escapeTerraformTemplates } from "../manifest/terraform-templates";

const escaped = new WeakSet<TerraformElement>();

class EscapeTerraformTemplates implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof TerraformElement) || escaped.has(node)) return;
    escaped.add(node);
    const toTerraform = node.toTerraform.bind(node);
    node.toTerraform = () => escapeLiterals(toTerraform()) as ReturnType<typeof toTerraform>;
  }
}

/** Applies the escape to every element of `stack`, present and future. */
export function escapeTemplatesOf(stack: TerraformStack): void {
  Aspects.of(stack).add(new EscapeTerraformTemplates());
}

/** Strings and the keys and values of plain objects and arrays; tokens (class instances) untouched. */
function escapeLiterals(value: unknown): unknown {
  if (typeof value === "string") return escapeTerraformTemplates(value);
  if (Array.isArray(value)) return value.map(escapeLiterals);
  if (value !== null && typeof value === "object" && isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [escapeTerraformTemplates(key), escapeLiterals(item)]));
  }
  return value;
}

const isPlainObject = (value: object): boolean => {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};
