/** Writes manifest folders for tests: a valid organization, changed file by file. */
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export type ManifestFiles = Record<string, string | Buffer | null>;

export const VALID_ORGANIZATION: ManifestFiles = {
  "organization.yaml": [
    "organizationId: o-a1b2c3d4e5",
    "homeRegion: us-east-1",
    "regions: [us-east-1, eu-west-1]",
    "tags:",
    "  owner: platform",
    "notifications:",
    "  email: [secops@example.com]",
    "",
  ].join("\n"),
  "management.yaml": 'name: management\nid: "111111111111"\nrole: management\nemail: root@example.com\n',
  "log-archive.yaml": 'name: log-archive\nid: "333333333333"\nrole: log-archive\nemail: logs@example.com\n',
  "security.yaml": 'name: security\nid: "222222222222"\nrole: security\nemail: sec@example.com\n',
  "app.yaml": 'name: app\nid: "444444444444"\nrole: workload\nemail: app@example.com\nregions: [eu-west-1]\n',
};

/** A fresh folder holding `base` with `changes` applied (a null value deletes the file). */
export function manifestFolder(changes: ManifestFiles = {}, base: ManifestFiles = VALID_ORGANIZATION): string {
  const dir = mkdtempSync(join(tmpdir(), "tripline-manifest-"));
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries({ ...base, ...changes })) {
    if (content !== null) writeFileSync(join(dir, name), content);
  }
  return dir;
}
