import { capture } from "../support/command-io";
import { main } from "../../modules/cli/main";
import { EXIT } from "../../modules/manifest/problem";
import { manifestFolder } from "../support/manifest-folder";

describe("tripline validate", () => {
  test("accepts a valid folder, exit 0", async () => {
    const { io, chunks } = capture();
    const dir = manifestFolder();
    expect(await main(["validate", "--accounts", dir], io)).toBe(EXIT.ok);
    expect(chunks.stdout).toBe(`${dir}: organization, 4 accounts, 2 regions: valid\n`);
  });

  test("prints every problem without a stack trace, exit 1", async () => {
    const { io, chunks } = capture();
    const dir = manifestFolder({ "app.yaml": 'name: app\nid: "1"\nrole: workload\nemail: nope\n' });
    expect(await main(["validate", "--accounts", dir], io)).toBe(EXIT.invalidInput);
    expect(chunks.stderr).toBe(
      [`${dir}/app.yaml:2:5 id: "1" is not a 12-digit AWS account id`, `${dir}/app.yaml:4:8 email: "nope" is not an email address`, `2 problems in ${dir}`, ""].join("\n"),
    );
    expect(chunks.stderr).not.toMatch(/\n\s+at /);
  });

  test("refuses an unknown option, exit 1", async () => {
    const { io, chunks } = capture();
    expect(await main(["validate", "--acounts", "x"], io)).toBe(EXIT.invalidInput);
    expect(chunks.stderr).toMatch(/^tripline validate: unknown option "--acounts"; validate takes --accounts DIR\n/);
  });

  test("validates the shipped example organization and the standalone example", async () => {
    for (const dir of ["accounts", "examples/standalone"]) {
      const { io, chunks } = capture();
      expect(await main(["validate", "--accounts", dir], io)).toBe(EXIT.ok);
      expect(chunks.stderr).toBe("");
    }
  });
});

describe("tripline", () => {
  test("an unknown command is invalid input", async () => {
    const { io, chunks } = capture();
    expect(await main(["deploy"], io)).toBe(EXIT.invalidInput);
    expect(chunks.stderr).toMatch(/^tripline: unknown command "deploy"/);
  });

  test("schema prints the JSON Schema of both manifest files", async () => {
    const { io, chunks } = capture();
    expect(await main(["schema"], io)).toBe(EXIT.ok);
    const schema = JSON.parse(chunks.stdout);
    expect(schema.anyOf).toHaveLength(2);
    expect(schema.anyOf[1].required).toEqual(expect.arrayContaining(["name", "id", "role", "email"]));
  });
});
