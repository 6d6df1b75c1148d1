/**
 * A manifest folder is hostile: files that hang the loader, leak what they point at, exhaust
 * memory or rewrite the terminal are refused with a clear problem.
 */
import { problemsOf as problemsIn } from "../../modules/result";
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadOrganization } from "../../modules/manifest/model";
import { formatProblem } from "../../modules/manifest/problem";
import { MAX_MANIFEST_BYTES } from "../../modules/manifest/read-manifest-file";
import { manifestFolder, type ManifestFiles } from "../support/manifest-folder";

function problemsOf(changes: ManifestFiles, setup?: (dir: string) => void): string[] {
  const dir = manifestFolder(changes);
  setup?.(dir);
  return problemsIn(loadOrganization(dir, new Set())).map((p) => formatProblem(p).replaceAll(dir, "accounts"));
}

const APP = 'name: app\nid: "444444444444"\nrole: workload\nemail: app@example.com\n';
const NOT_REGULAR = "not a regular file; manifest files are regular files only";

describe("files that are not regular files are refused by name, unread", () => {
  test("a symbolic link to a secret: its content is never printed", () => {
    const dir = manifestFolder();
    const secret = join(dir, "..", `secret-${Date.now()}`);
    writeFileSync(secret, "token: ghp_SECRET_TOKEN_VALUE\n");
    const problems = problemsOf({ "app.yaml": null }, (d) => symlinkSync(secret, join(d, "app.yaml")));
    expect(problems).toEqual([`accounts/app.yaml: is a symbolic link, ${NOT_REGULAR}`]);
    expect(problems.join("\n")).not.toContain("SECRET");
  });

  test("a symbolic link to /dev/zero", () => {
    expect(problemsOf({}, (d) => symlinkSync("/dev/zero", join(d, "zero.yaml")))).toEqual([`accounts/zero.yaml: is a symbolic link, ${NOT_REGULAR}`]);
  });

  test("a named pipe does not block the loader", () => {
    expect(problemsOf({}, (d) => execFileSync("mkfifo", [join(d, "pipe.yaml")]))).toEqual([`accounts/pipe.yaml: is a named pipe (FIFO), ${NOT_REGULAR}`]);
  });

  test("a folder named *.yaml", () => {
    expect(problemsOf({}, (d) => mkdirSync(join(d, "dir.yaml")))).toEqual([`accounts/dir.yaml: is a folder, ${NOT_REGULAR}`]);
  });
});

test("a file over the size limit is refused before it is read", () => {
  const big = `${APP}${"# padding\n".repeat(MAX_MANIFEST_BYTES / 10 + 1)}`;
  expect(problemsOf({ "app.yaml": big })).toEqual([
    `accounts/app.yaml: is ${Buffer.byteLength(big)} bytes; manifest files are at most 1048576 bytes (1 MiB)`,
  ]);
});

test("a manifest opening with many comment lines is read (the loader is linear)", () => {
  // Before: /^(\s*#.*\n?)*\s*$/ backtracked exponentially over such a file and took minutes.
  const problems = problemsOf({ "app.yaml": `${"# a comment\n".repeat(60)}name: [\n` });
  expect(problems).toEqual(["accounts/app.yaml:62:1: YAML syntax: Flow sequence in block collection must be sufficiently indented and end with a ]"]);
});

test("an alias bomb is a clear problem, not a stack trace", () => {
  const bomb = ["a: &a [x, x, x, x, x, x, x, x, x]", "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]", "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]", "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]", "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]", ""].join("\n");
  expect(problemsOf({ "app.yaml": bomb })).toEqual([
    'accounts/app.yaml: YAML aliases expand too much (more than 100 expansions, an "alias bomb"); write the values out',
  ]);
});

test("a deeply nested document is refused, and its syntax errors are capped", () => {
  const problems = problemsOf({ "app.yaml": "[".repeat(100_000) });
  expect(problems.length).toBeLessThanOrEqual(11);
  expect(problems[0]).toMatch(/^accounts\/app\.yaml: \d+ more YAML syntax errors$/);
});

describe("an echoed value is a short excerpt with control characters escaped", () => {
  test("a long value with a terminal escape", () => {
    const name = `\u001b[2J${"x".repeat(200)}`;
    expect(problemsOf({ "app.yaml": APP.replace("name: app", `name: "${name.replace("\u001b", "\\e")}"`) })).toContain(
      `accounts/app.yaml:1:7 name: "\\u001b[2J${"x".repeat(56)}…" (204 characters) is not a stack name: lower-case letters, digits and dashes, starting with a letter`,
    );
  });

  test("an unknown key with a bidi override", () => {
    expect(problemsOf({ "app.yaml": `${APP}"evil\u202ekey": 1\n` })).toEqual([
      'accounts/app.yaml:5:1 evil\\u202ekey: unknown key "evil\\u202ekey"; allowed: name, id, role, email, regions, assumeRole, tags, detections, ssh',
    ]);
  });

  test("a file name with a control character", () => {
    expect(problemsOf({ "bad\u0007.yaml": "" })).toEqual(["accounts/bad\\u0007.yaml: is empty"]);
  });
});

describe("*.yml and *.YAML files are read or refused, never skipped", () => {
  test("an account file in upper case is read (and its name checked)", () => {
    expect(problemsOf({ "app.yaml": null, "APP.YAML": APP })).toEqual([
      'accounts/APP.YAML:1:7 name: "app" differs from the file name "APP"; name the file app.yaml',
    ]);
  });

  test("a .yml account file is read", () => {
    expect(problemsOf({ "app.yaml": null, "app.yml": APP.replace("email: app@example.com", "email: nope") })).toEqual([
      'accounts/app.yml:4:8 email: "nope" is not an email address',
    ]);
  });

  test("Organization.YAML is refused with the name to use", () => {
    const problems = problemsIn(loadOrganization(manifestFolder({ "organization.yaml": null, "Organization.YAML": "homeRegion: us-east-1\n" }), new Set()));
    expect(problems.map(formatProblem).map((l) => l.replace(/^.*\//, ""))).toEqual(["Organization.YAML: rename to organization.yaml"]);
  });
});

/** Root reads anything: these run as an ordinary user only. */
const asUser = process.getuid?.() === 0 ? test.skip : test;

asUser("a folder that cannot be listed says so, not that it is missing", () => {
  const dir = manifestFolder();
  chmodSync(dir, 0o000);
  try {
    expect(problemsIn(loadOrganization(dir, new Set())).map(formatProblem)).toEqual([`${dir}: cannot be read (EACCES)`]);
  } finally {
    chmodSync(dir, 0o755);
  }
});
