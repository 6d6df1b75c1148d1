/** The README's example pull-request summary is what `tripline summary --base` prints today. */
import { readFileSync } from "node:fs";
import { SUMMARY_EXAMPLE_BEGIN, SUMMARY_EXAMPLE_END, summaryExample } from "../../scripts/summary-example";

test("the README's example summary is current (run `npm run docs` when this fails)", () => {
  const readme = readFileSync("README.md", "utf8");
  const shown = readme.slice(readme.indexOf(SUMMARY_EXAMPLE_BEGIN) + SUMMARY_EXAMPLE_BEGIN.length, readme.indexOf(SUMMARY_EXAMPLE_END)).trim();
  const example = summaryExample();
  expect(shown).toBe(example.trim());
  // The example shows the change it was made for.
  expect(example).toContain("threshold `5` → `10`");
  expect(example).toContain("Exception added to `console-login-without-mfa-tuned`");
});
