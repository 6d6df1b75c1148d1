import { lineDiff, patternLines } from "../../modules/summary/line-diff";

describe("patterns as lines, diffed", () => {
  test("a filter pattern breaks before each && and ||: one added condition is one added line", () => {
    const before = '{ ($.eventName = "ConsoleLogin") && ($.errorMessage = "Failed authentication") }';
    const after = '{ ($.eventName = "ConsoleLogin") && ($.errorMessage = "Failed authentication") && ($.sourceIPAddress != "198.51.100.7") }';
    expect(lineDiff(patternLines(before), patternLines(after))).toEqual([
      ' { ($.eventName = "ConsoleLogin")',
      '-&& ($.errorMessage = "Failed authentication") }',
      '+&& ($.errorMessage = "Failed authentication")',
      '+&& ($.sourceIPAddress != "198.51.100.7") }',
    ]);
  });

  test("JSON (event patterns, rule bodies, policies) is pretty-printed first", () => {
    expect(lineDiff(patternLines('{"source":["aws.guardduty"]}'), patternLines('{"source":["aws.guardduty","aws.securityhub"]}'))).toEqual([
      " {",
      '   "source": [',
      '-    "aws.guardduty"',
      '+    "aws.guardduty",',
      '+    "aws.securityhub"',
      "   ]",
      " }",
    ]);
  });

  test("unchanged runs beyond the context fold into one line", () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i}`);
    const after = before.map((l, i) => (i === 10 ? "changed" : l));
    expect(lineDiff(before, after)).toEqual([" …", " line 8", " line 9", "-line 10", "+changed", " line 11", " line 12", " …"]);
  });

  test("inputs too large for the table are shown whole, removed then added", () => {
    const before = Array.from({ length: 2000 }, (_, i) => `a${i}`);
    const after = Array.from({ length: 2000 }, (_, i) => `b${i}`);
    const diff = lineDiff(before, after);
    expect(diff).toHaveLength(4000);
    expect(diff[0]).toBe("-a0");
    expect(diff[2000]).toBe("+b0");
  });
});
