import { catalog } from "../../modules/catalog";
import { asTestEvent, compileDetection, missingDetectorFields } from "./evaluate-detection";
import { exampleNames } from "./example-names";

// STYLE §6: one table-driven suite walks the catalog, so a new record is tested without a new test.
describe.each(catalog.map((d) => [d.id, d] as const))("%s", (_id, d) => {
  const fires = compileDetection(d);
  const names = exampleNames(d.examples);
  const named = (examples: typeof d.examples.match, list: readonly string[]) => examples.map((e, i) => [list[i], e] as const);

  test.each(named(d.examples.match, names.match))("fires on %s", (_name, e) => {
    expect(fires(asTestEvent(e))).toBe(true);
  });

  test.each(named(d.examples.miss, names.miss))("stays quiet on %s", (_name, e) => {
    expect(fires(asTestEvent(e))).toBe(false);
  });

  if (d.kind === "stream") {
    test.each(named(d.examples.match, names.match))("%s carries the detector's fields", (_name, e) => {
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
