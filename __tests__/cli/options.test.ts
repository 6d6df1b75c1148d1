import { capture } from "../support/command-io";
import { main } from "../../modules/cli/main";
import { parseCommandLine, type CommandSpec, type FlagOption, type ValueOption } from "../../modules/cli/options";
import { EXIT } from "../../modules/manifest/problem";

const SPEC: CommandSpec<{ accounts: ValueOption; json: FlagOption }> = {
  name: "demo",
  usage: "usage: tripline demo [--accounts DIR] [--json] FILE...",
  options: { accounts: { type: "value", valueName: "DIR", what: "a directory", example: "accounts" }, json: { type: "flag" } },
  operands: { missing: "no files given" },
};

describe("parseCommandLine", () => {
  test("reads values, flags and operands, after -- too", () => {
    expect(parseCommandLine(SPEC, ["--accounts=dir", "--json", "a", "--", "-b"])).toEqual({
      ok: true,
      value: { help: false, options: { accounts: "dir", json: true }, operands: ["a", "-b"] },
    });
  });

  test.each([
    [["--verbose", "x"], 'unknown option "--verbose"; demo takes --accounts DIR and --json'],
    [["-v", "x"], 'unknown option "-v"; demo takes --accounts DIR and --json'],
    [["--json=yes", "x"], "--json takes no value"],
    [["--accounts"], "--accounts needs a directory, e.g. --accounts accounts"],
    [["--accounts="], "--accounts needs a directory, e.g. --accounts accounts"],
    [["--accounts", "a", "--accounts", "b", "x"], "--accounts is given twice"],
    [["--json"], "no files given"],
  ])("%j is refused: %s", (argv, message) => {
    expect(parseCommandLine(SPEC, argv)).toEqual({ ok: false, problems: [message] });
  });

  test("--help and -h win over missing operands", () => {
    expect(parseCommandLine(SPEC, ["--help"])).toEqual({ ok: true, value: { help: true } });
    expect(parseCommandLine(SPEC, ["-h"])).toEqual({ ok: true, value: { help: true } });
  });

  test("a command without operands refuses an argument", () => {
    expect(parseCommandLine({ ...SPEC, operands: undefined }, ["x"])).toEqual({ ok: false, problems: ['unexpected argument "x"'] });
  });
});

describe("every command answers --help and refuses unknown options", () => {
  test.each(["validate", "replay", "schema"])("tripline %s --help: its usage, exit 0", async (command) => {
    const { io, chunks } = capture();
    expect(await main([command, "--help"], io)).toBe(EXIT.ok);
    expect(chunks.stdout).toBe(`usage: tripline ${command}${command === "schema" ? "" : " [--accounts DIR]"}${command === "replay" ? " [--json] FILE..." : ""}\n`);
    expect(chunks.stderr).toBe("");
  });

  test.each(["validate", "replay", "schema"])("tripline %s --bogus: a clear message and the usage, exit 1", async (command) => {
    const { io, chunks } = capture();
    expect(await main([command, "--bogus", "x"], io)).toBe(EXIT.invalidInput);
    expect(chunks.stderr).toMatch(new RegExp(`^tripline ${command}: unknown option "--bogus"; ${command} takes .+\\nusage: tripline ${command}`));
    expect(chunks.stdout).toBe("");
  });
});
