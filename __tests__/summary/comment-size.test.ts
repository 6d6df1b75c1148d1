/** A change too large for one pull-request comment is collapsed, counted, and stays whole. */
import { rmSync } from "node:fs";
import { GITHUB_COMMENT_LIMIT, summaryMarkdown } from "../../modules/summary/markdown";
import { DEFAULT_ASSUMPTIONS } from "../../modules/summary/prices";
import { summarize } from "../../modules/summary/summarize";
import { readSynthOutput } from "../../modules/summary/synth-output";
import { cloneSynthOutput } from "../support/synthetic-synth";
import { synthManifests } from "../support/synth-output";

/** Every table's rows have its header's cells; every block that opens, closes. */
function expectWellFormed(md: string): void {
  const lines = md.split("\n");
  let fence: string | undefined;
  let columns: number | undefined;
  for (const line of lines) {
    const opener = /^(`{3,})/.exec(line)?.[1];
    if (fence) {
      if (line === fence) fence = undefined;
      continue;
    }
    if (opener) {
      fence = opener;
      continue;
    }
    const cells = line.startsWith("| ") ? line.replace(/\\\|/g, "").split(" | ").length : undefined;
    if (cells !== undefined) {
      if (columns === undefined) columns = cells;
      expect(cells).toBe(columns);
    } else columns = undefined;
  }
  expect(fence).toBeUndefined();
  expect(md.split("<details>").length).toBe(md.split("</details>").length);
}

describe("a pull request that changes 400 stacks", () => {
  const template = synthManifests();
  const base = cloneSynthOutput(template, "management", { stacks: 400 });
  // Every alarm's threshold and every filter's pattern changes.
  const head = cloneSynthOutput(template, "management", {
    stacks: 400,
    change: (json) => json.replace(/"threshold": 1,/g, '"threshold": 2,').replace(/\(\$\.eventName=([A-Za-z]+)\)/g, "($.eventName=$1) || ($.eventName=$1V2)"),
  });
  const summary = summarize(readSynthOutput(head), DEFAULT_ASSUMPTIONS, readSynthOutput(base));
  const md = summaryMarkdown(summary);
  afterAll(() => {
    for (const dir of [template, base, head]) rmSync(dir, { recursive: true, force: true });
  });

  test("every stack is in the data, and the comment stays under GitHub's limit", () => {
    expect(summary.changes?.stacks).toHaveLength(400);
    expect(md.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(md.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT / 2);
  });

  test("what did not fit is counted, and the overview table lists the first 200 stacks and counts the rest", () => {
    const shown = md.match(/^### /gm)?.length ?? 0;
    expect(shown).toBeGreaterThan(0);
    expect(md).toContain(`> ${400 - shown} more sections left out to stay within one comment`);
    expect(md).toContain("… and 200 more stacks");
    expect(md).toContain("<details><summary>Resources:");
  });

  test("no table, code block or <details> is cut", () => {
    expectWellFormed(md);
  });
});
