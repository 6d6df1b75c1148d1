/**
 * Internal errors are internal: what a user causes is exit 1 with file and line and no stack
 * trace; exit 2 and a trace only for a bug of ours. `--version` and `<command> --help` exit 0.
 */
import { chmodSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { main } from "../../modules/cli/main";
import { reportFailure } from "../../modules/manifest/failure";
import { EXIT, UserInputError } from "../../modules/manifest/problem";
import { capture } from "../support/command-io";
import { manifestFolder } from "../support/manifest-folder";
import { version } from "../../package.json";

test("tripline --version", async () => {
  const { io, chunks } = capture();
  expect(await main(["--version"], io)).toBe(EXIT.ok);
  expect(chunks.stdout).toBe(`tripline ${version}\n`);
});

test.each([
  ["validate", "usage: tripline validate [--accounts DIR]\n"],
  ["schema", "usage: tripline schema\n"],
])("tripline %s --help", async (command, usage) => {
  const { io, chunks } = capture();
  expect(await main([command, "--help"], io)).toBe(EXIT.ok);
  expect(chunks.stdout).toBe(usage);
  expect(chunks.stderr).toBe("");
});

test("tripline replay --help", async () => {
  const { io, chunks } = capture();
  expect(await main(["replay", "--help"], io)).toBe(EXIT.ok);
  expect(chunks.stdout).toMatch(/^usage: tripline replay/);
});

/** Root reads anything: these run as an ordinary user only. */
const asUser = process.getuid?.() === 0 ? test.skip : test;

asUser("an unreadable manifest file is exit 1 with its name, no trace", async () => {
  const dir = manifestFolder();
  chmodSync(join(dir, "app.yaml"), 0o000);
  const { io, chunks } = capture();
  expect(await main(["validate", "--accounts", dir], io)).toBe(EXIT.invalidInput);
  expect(chunks.stderr).toBe(`${dir}/app.yaml: cannot be read (it changed while being read, or is not a regular file)\n1 problem in ${dir}\n`);
});

test("a symlinked manifest through the command: refused, its target never printed", async () => {
  const dir = manifestFolder({ "app.yaml": null });
  const secret = join(dir, "..", `token-${process.pid}`);
  writeFileSync(secret, "name: ghp_0123456789SECRET\n");
  symlinkSync(secret, join(dir, "app.yaml"));
  const { io, chunks } = capture();
  expect(await main(["validate", "--accounts", dir], io)).toBe(EXIT.invalidInput);
  expect(chunks.stderr).toBe(`${dir}/app.yaml: is a symbolic link, not a regular file; manifest files are regular files only\n1 problem in ${dir}\n`);
});

describe("reportFailure", () => {
  test("a manifest problem: exit 1, the problem as validate prints it", () => {
    const error = new UserInputError([{ file: "accounts/app.yaml", line: 2, col: 5, field: "id", message: "bad" }]);
    expect(reportFailure(error, "synth")).toEqual({ exit: EXIT.invalidInput, text: "accounts/app.yaml:2:5 id: bad" });
  });

  test("a file-system refusal of a user's path: exit 1, the path, no trace", () => {
    const error = Object.assign(new Error("EACCES: permission denied, mkdir '/out/stacks'"), { code: "EACCES", path: "/out/stacks", syscall: "mkdir" });
    expect(reportFailure(error, "synth")).toEqual({ exit: EXIT.invalidInput, text: "/out/stacks: cannot mkdir (EACCES)" });
  });

  test("anything else is a bug: exit 2 with the trace", () => {
    const report = reportFailure(new TypeError("x is undefined"), "tripline");
    expect(report.exit).toBe(EXIT.internal);
    expect(report.text).toMatch(/^tripline: internal error, a bug in tripline; please report it with this trace:\nTypeError: x is undefined\n\s+at /);
  });
});
