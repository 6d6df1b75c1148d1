/** Every record says where what it detects is documented and what legitimately sets it off. */
import { catalog } from "../../modules/catalog";

describe.each(catalog.map((d) => [d.id, d] as const))("%s", (_id, detection) => {
  test("cites at least one source, each an https URL", () => {
    expect(detection.references.length).toBeGreaterThan(0);
    for (const reference of detection.references) expect(new URL(reference).protocol).toBe("https:");
    expect(new Set(detection.references).size).toBe(detection.references.length);
  });

  test("names its false positives in whole sentences", () => {
    expect(detection.falsePositives.length).toBeGreaterThan(0);
    for (const sentence of detection.falsePositives) expect(sentence).toMatch(/^[A-Z].{20,}[.)]$/s);
  });

  test("a detection that names a Security Hub control cites that control's page", () => {
    const controls = detection.controls.filter((c) => c.startsWith("CloudWatch."));
    for (const control of controls) {
      expect(detection.references).toContain(`https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-${control.slice("CloudWatch.".length)}`);
    }
  });
});
