import { catalog } from "../../modules/catalog";
import { asTestEvent, compileDetection, missingDetectorFields } from "./evaluate-detection";

// STYLE §6: one table-driven suite walks the catalog, so a new record is tested without a new test.
describe.each(catalog.map((d) => [d.id, d] as const))("%s", (_id, d) => {
  const fires = compileDetection(d);

  test.each(d.examples.match.map((e, i) => [i, e] as const))("fires on match example %i", (_i, e) => {
    expect(fires(asTestEvent(e))).toBe(true);
  });

  test.each(d.examples.miss.map((e, i) => [i, e] as const))("stays quiet on near miss %i", (_i, e) => {
    expect(fires(asTestEvent(e))).toBe(false);
  });

  if (d.kind === "stream") {
    test.each(d.examples.match.map((e, i) => [i, e] as const))("match example %i carries the detector's fields", (_i, e) => {
      expect(typeof e).toBe("object");
      expect(missingDetectorFields(d, e as Record<string, unknown>)).toEqual([]);
    });
  }

  test("examples match the log source: records for CloudTrail, syslog lines for SSH", () => {
    for (const e of [...d.examples.match, ...d.examples.miss]) {
      expect(typeof e).toBe(d.source === "ssh" ? "string" : "object");
    }
  });
});
