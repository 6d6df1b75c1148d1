/**
 * A new detection kind or detector type must fail to compile until every branch on it says what
 * to do (deploy it, render it, replay it), instead of deploying nothing while the README calls it
 * deployed. Two proofs: `@ts-expect-error` lines that `npm run typecheck` checks, and the
 * production files compiled with a fake kind and a fake detector type added to the catalog's
 * types, which must report an error at every `assertNever` and at the allow-lists.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import ts from "typescript";
import { assertNever } from "../../modules/assert-never";
import type { DetectionKind, LogSource } from "../../modules/catalog/detection";
import { DEPLOYED_BY_TRIPLINE } from "../../modules/deployment/plan";

const ROOT = resolve(__dirname, "../..");

test("the type checker refuses an unhandled kind (checked by npm run typecheck)", () => {
  type WithFakeKind = DetectionKind | "fake-kind";
  // @ts-expect-error the allow-list of deployed kinds has no row for a kind it does not know
  const allowList: Readonly<Record<WithFakeKind, Readonly<Record<LogSource, boolean>>>> = DEPLOYED_BY_TRIPLINE;
  expect(allowList["fake-kind"]).toBeUndefined();

  const fake = { kind: "fake-kind" } as { kind: WithFakeKind };
  const kindOf = (d: { kind: WithFakeKind }): string => {
    switch (d.kind) {
      case "metric-filter":
      case "contributor-insights":
      case "stream":
      case "event-rule":
        return d.kind;
      default:
        // @ts-expect-error a switch that misses a kind hands assertNever a value that is not `never`
        return assertNever(d, "detection kind");
    }
  };
  expect(() => kindOf(fake)).toThrow('unhandled detection kind: {"kind":"fake-kind"}');
});

/** Where the catalog's kinds and detector types are branched on. */
const BRANCHING_FILES = [
  "modules/deployment/plan.ts",
  "modules/deployment/detection-table.ts",
  "modules/replay/report.ts",
  "modules/replay/evaluate.ts",
  "modules/constructs/cloudtrail-detections.ts",
  "functions/stream-detector/detect.ts",
];

const DETECTION_TYPES = "modules/catalog/detection.ts";

/**
 * Compiles the branching files, with the catalog's types changed by `edit`; the errors, as
 * `file:line`. The first program's unchanged files are reused by the next.
 */
let previous: ts.Program | undefined;
function compileWith(edit: (source: string) => string): string[] {
  const config = ts.readConfigFile(join(ROOT, "tsconfig.json"), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const host = ts.createCompilerHost(options);
  const typesFile = join(ROOT, DETECTION_TYPES);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, language, onError) =>
    resolve(fileName) === typesFile ? ts.createSourceFile(fileName, edit(readFileSync(typesFile, "utf8")), language) : getSourceFile(fileName, language, onError);
  const program = ts.createProgram(
    BRANCHING_FILES.map((f) => join(ROOT, f)),
    { ...options, noUnusedLocals: false, noUnusedParameters: false },
    host,
    previous,
  );
  previous = program;
  return [...BRANCHING_FILES, DETECTION_TYPES]
    .flatMap((file) => program.getSemanticDiagnostics(program.getSourceFile(join(ROOT, file))))
    .filter((d) => d.file !== undefined && d.start !== undefined)
    .map((d) => `${ts.sys.resolvePath(d.file!.fileName).slice(ROOT.length + 1)}:${d.file!.getLineAndCharacterOfPosition(d.start!).line + 1}`);
}

/** Every line of the branching files that must break: each `assertNever(`, and the tables keyed by kind. */
function mustBreak(): string[] {
  return BRANCHING_FILES.flatMap((file) =>
    readFileSync(join(ROOT, file), "utf8")
      .split("\n")
      .flatMap((line, i) => (/assertNever\(|DEPLOYED_BY_TRIPLINE: |const HOW: /.test(line) ? [`${file}:${i + 1}`] : [])),
  );
}

const addFakes = (source: string): string => {
  const kinds = 'export type DetectionKind = "metric-filter" | "contributor-insights" | "event-rule" | "stream";';
  const detector = "readonly detector: DistinctCountDetector | OffHoursDetector;";
  const union = "export type Detection =";
  for (const anchor of [kinds, detector, union]) expect(source).toContain(anchor);
  return source
    .replace(kinds, kinds.replace(";", ' | "fake-kind";'))
    .replace(detector, 'readonly detector: DistinctCountDetector | OffHoursDetector | { readonly type: "fake-detector" };')
    .replace(union, 'export interface FakeDetection extends DetectionBase { readonly kind: "fake-kind" }\nexport type Detection =\n  | FakeDetection');
};

test("adding a kind and a detector type breaks every switch on them and the allow-lists", () => {
  expect(compileWith((source) => source)).toEqual([]);
  const errors = new Set(compileWith(addFakes));
  const expected = mustBreak();
  expect(expected.length).toBeGreaterThanOrEqual(14);
  expect(expected.filter((place) => !errors.has(place))).toEqual([]);
}, 60_000);
