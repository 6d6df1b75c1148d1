import { App, TerraformStack, Testing } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { terraformLiteral, terraformValue } from "../../modules/constructs/terraform-literal";

describe("terraformLiteral", () => {
  test.each([
    ["echo ${HOME}", "echo $${HOME}"],
    ["%{IP:ip} and %{if x}", "%%{IP:ip} and %%{if x}"],
    ["$${already}", "$$${already}"],
    ["$HOME $(date) %s {x} $ {", "$HOME $(date) %s {x} $ {"],
  ])("%j is written %j and read back as itself", (text, written) => {
    expect(terraformLiteral(text)).toBe(written);
    expect(terraformValue(terraformLiteral(text))).toBe(text);
  });

  test("survives synthesis unchanged (cdktf passes literal strings through)", () => {
    const stack = new TerraformStack(Testing.stubVersion(new App({ stackTraces: false })), "s");
    new AwsProvider(stack, "aws", { region: "us-east-1" });
    new SsmParameter(stack, "p", { name: "p", type: "String", value: terraformLiteral('a="${B:-}" %{C}') });
    const tf = JSON.parse(Testing.synth(stack)) as { resource: { aws_ssm_parameter: { p: { value: string } } } };
    expect(tf.resource.aws_ssm_parameter.p.value).toBe('a="$${B:-}" %%{C}');
  });

  test("refuses a Terraform reference, which escaping would turn into text", () => {
    const stack = new TerraformStack(Testing.stubVersion(new App({ stackTraces: false })), "s");
    new AwsProvider(stack, "aws", { region: "us-east-1" });
    const parameter = new SsmParameter(stack, "p", { name: "p", type: "String", value: "x" });
    expect(() => terraformLiteral(JSON.stringify({ name: parameter.name }))).toThrow(/reference cannot be written as a literal/);
  });
});
