/** The README's detection table: one row per record, then its false positives and named links. */
import { renderDetectionReference } from "../../modules/deployment/detection-table";
import { unauthorized } from "../replay/detections";

describe("renderDetectionReference", () => {
  const detection = {
    ...unauthorized,
    references: [
      "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-2",
      "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html",
      "https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html",
      "https://example.org/a",
    ],
    falsePositives: ["A person with a | in their reason.", "A second cause."],
  };
  const lines = renderDetectionReference([detection]).split("\n");

  test("names each link by its source, numbering repeats", () => {
    const row = lines.find((l) => l.startsWith(`| \`${detection.id}\` | A person`));
    expect(row).toContain("[Security Hub](https://docs.aws.amazon.com/securityhub/");
    expect(row).toContain("[AWS](https://docs.aws.amazon.com/IAM/");
    expect(row).toContain("[AWS 2](https://docs.aws.amazon.com/kms/");
    expect(row).toContain("[example.org](https://example.org/a)");
  });

  test("keeps a false positive inside its cell", () => {
    const row = lines.find((l) => l.startsWith(`| \`${detection.id}\` | A person`));
    expect(row).toContain("A person with a \\| in their reason. A second cause.");
    expect(row?.split(/(?<!\\)\|/).length).toBe(5);
  });

  test("keeps the main table's columns", () => {
    expect(lines[0]).toBe("| id | what | severity | controls | MITRE | source | runs as | fires at | deployed |");
    expect(lines.filter((l) => l.startsWith(`| \`${detection.id}\``))).toHaveLength(2);
  });
});
