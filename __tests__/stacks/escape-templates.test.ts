/**
 * The one escape: every literal string of a stack reaches Terraform as text, and our own
 * references stay references.
 */
import { App, TerraformStack, Testing } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { escapeTerraformTemplates, unescapeTerraformTemplates } from "../../modules/manifest/terraform-templates";
import { escapeTemplatesOf } from "../../modules/stacks/escape-templates";

describe("escapeTerraformTemplates", () => {
  test.each([
    ["echo ${HOME}", "echo $${HOME}"],
    ["%{IP:ip} and %{if x}", "%%{IP:ip} and %%{if x}"],
    ["$${already}", "$$${already}"],
    ["$HOME $(date) %s {x} $ {", "$HOME $(date) %s {x} $ {"],
  ])("%j is written %j and read back as itself", (text, written) => {
    expect(escapeTerraformTemplates(text)).toBe(written);
    expect(unescapeTerraformTemplates(escapeTerraformTemplates(text))).toBe(text);
  });
});

test("a stack writes literal text escaped, keys included, and keeps its references live", () => {
  const stack = new TerraformStack(Testing.stubVersion(new App({ stackTraces: false })), "s");
  escapeTemplatesOf(stack);
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  const first = new SsmParameter(stack, "p", { name: "p", type: "String", value: 'a="${B:-}" %{C}', tags: { "${k}": "v" } });
  new SsmParameter(stack, "q", { name: "q", type: "String", value: `${first.name} and \${x}` });
  const tf = JSON.parse(Testing.synth(stack)) as { resource: { aws_ssm_parameter: Record<string, { value: string; tags?: Record<string, string> }> } };
  expect(tf.resource.aws_ssm_parameter.p.value).toBe('a="$${B:-}" %%{C}');
  expect(tf.resource.aws_ssm_parameter.p.tags).toEqual({ "$${k}": "v" });
  expect(tf.resource.aws_ssm_parameter.q.value).toBe("${aws_ssm_parameter.p.name} and $${x}");
});
