/**
 * Validate benchmark (a report, not a test): how long the manifest loader takes on large,
 * hostile-shaped manifests. The loader must be linear (a manifest opening with comment lines
 * once took minutes) and refuse a file over its limit without reading it.
 *
 * For each size (1 MB and 10 MB) and shape, prints the time of:
 *   - `tripline validate` (loadCheckedOrganization): schema, cross-file and deployment checks;
 *     a file over MAX_MANIFEST_BYTES (1 MiB) is refused at once;
 *   - the loader with the size limit lifted (loadManifests): YAML parsing and the schema alone,
 *     to show the time grows linearly with the size.
 * Shapes: `comments` (a valid account file after comment lines: the old exponential case) and
 * `exceptions` (an organization file with a long list of allow-list entries).
 *   npm run bench:validate
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { loadCheckedOrganization } from "../modules/deployment/load-organization";
import { loadManifests } from "../modules/manifest/load";
import { MAX_MANIFEST_BYTES } from "../modules/manifest/read-manifest-file";

const SIZES = [1_000_000, 10_000_000];
const ORGANIZATION = "organizationId: o-a1b2c3d4e5\nhomeRegion: us-east-1\nregions: [us-east-1, eu-west-1]\n";
const ACCOUNTS: Record<string, string> = {
  "management.yaml": 'name: management\nid: "111111111111"\nrole: management\nemail: root@example.com\n',
  "log-archive.yaml": 'name: log-archive\nid: "333333333333"\nrole: log-archive\nemail: logs@example.com\n',
  "security.yaml": 'name: security\nid: "222222222222"\nrole: security\nemail: sec@example.com\n',
};
const APP = 'name: app\nid: "444444444444"\nrole: workload\nemail: app@example.com\n';

/** Repeats `unit(i)` until `size` bytes. */
function fill(size: number, head: string, unit: (i: number) => string, tail = ""): string {
  const parts = [head];
  let length = head.length + tail.length;
  for (let i = 0; length < size; i += 1) {
    const part = unit(i);
    parts.push(part);
    length += part.length;
  }
  parts.push(tail);
  return parts.join("");
}

const SHAPES: Record<string, (size: number) => Record<string, string>> = {
  comments: (size) => ({ "organization.yaml": ORGANIZATION, "app.yaml": fill(size, "", (i) => `# comment line ${i}: the manifest's history, kept for review\n`, APP) }),
  exceptions: (size) => ({
    "organization.yaml": fill(size, `${ORGANIZATION}detections:\n  exceptions:\n    root-account-usage:\n`, (i) => `      - reason: drill number ${i} from the office network\n        sourceIps: [10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}]\n`),
    "app.yaml": APP,
  }),
};

function time<T>(run: () => T): { seconds: number; result: T } {
  const start = performance.now();
  const result = run();
  return { seconds: (performance.now() - start) / 1000, result };
}

console.log(`manifest size limit: ${MAX_MANIFEST_BYTES} bytes`);
console.log("shape       size        validate (s)  result                       loader, no limit (s)");
for (const [shape, build] of Object.entries(SHAPES)) {
  for (const size of SIZES) {
    const dir = mkdtempSync(join(tmpdir(), "tripline-bench-validate-"));
    try {
      for (const [name, content] of Object.entries({ ...ACCOUNTS, ...build(size) })) writeFileSync(join(dir, name), content);
      const validate = time(() => loadCheckedOrganization(dir));
      const outcome = validate.result.ok ? "valid" : `${validate.result.problems.length} problem(s): ${validate.result.problems[0].message.slice(0, 40)}`;
      const loader = time(() => loadManifests(dir, Number.MAX_SAFE_INTEGER));
      console.log(
        `${shape.padEnd(11)} ${String(size).padEnd(11)} ${validate.seconds.toFixed(3).padStart(12)}  ${outcome.padEnd(28).slice(0, 28)} ${loader.seconds.toFixed(3).padStart(10)} (${loader.result.problems.length} problems)`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
