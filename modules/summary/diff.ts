/**
 * What changed between two synth outputs, stack by stack, resource by resource: the pull-request
 * view. Resources are matched by Terraform address, which is what `terraform plan` compares too;
 * a changed pattern or policy is shown as a line diff, any other argument as before → after.
 */
import { isDeepStrictEqual } from "node:util";
import { TRAIL_NAME } from "../deployment/names";
import type { DetectionView } from "./detections";
import { lineDiff, patternLines } from "./line-diff";
import { COMMENT_KEY, type StackResource, type StackResources } from "./resources";
import type { Changes, ResourceChange, StackChange, StackSummary } from "./report";
import type { SummaryInput } from "./summarize";

/** Arguments holding a pattern or a policy document: shown as a diff. */
const DIFFED_ARGUMENTS = new Set(["pattern", "filter_pattern", "event_pattern", "rule_definition", "policy", "assume_role_policy", "content", "parameters"]);
/** Strings longer than this are diffed line by line even when not a pattern. */
const LONG_STRING = 120;

export function diffOutputs(base: SummaryInput, head: SummaryInput, baseDir: string): Changes {
  const names = [...new Set([...base.stacks.map((s) => s.name), ...head.stacks.map((s) => s.name)])].sort();
  const find = <T extends { name?: string; stack?: string }>(list: readonly T[], name: string) => list.find((s) => (s.name ?? s.stack) === name);
  const stacks: StackChange[] = [];
  for (const name of names) {
    const change = diffStack(name, find(base.stacks, name), find(base.resources, name), find(head.stacks, name), find(head.resources, name));
    if (change) stacks.push(change);
  }
  const deployable = stacks.filter((s) => s.status !== "removed").map((s) => s.stack);
  const holdsArchive = (name: string) => find(head.resources, name)?.resources.some((r) => r.type === "aws_s3_bucket" && r.name?.startsWith(`${TRAIL_NAME}-`)) ?? false;
  const first = deployable.filter(holdsArchive);
  const rest = deployable.filter((s) => !holdsArchive(s));
  return {
    base: baseDir,
    stacks,
    changedStacks: stacks.map((s) => s.stack),
    deployWaves: [first, rest].filter((wave) => wave.length > 0),
    monthlyUsdBefore: base.stacks.reduce((n, s) => n + s.monthlyUsd, 0),
    monthlyUsdAfter: head.stacks.reduce((n, s) => n + s.monthlyUsd, 0),
  };
}

function diffStack(name: string, before?: StackSummary, beforeResources?: StackResources, after?: StackSummary, afterResources?: StackResources): StackChange | undefined {
  const resources = diffResources(beforeResources, afterResources);
  const regionsBefore = before?.regions ?? [];
  const regionsAfter = after?.regions ?? [];
  const regions = { added: regionsAfter.filter((r) => !regionsBefore.includes(r)), removed: regionsBefore.filter((r) => !regionsAfter.includes(r)) };
  const detections = diffDetections(before?.detections ?? [], after?.detections ?? []);
  const status = !before ? "added" : !after ? "removed" : "changed";
  const change: StackChange = {
    stack: name,
    status,
    regions,
    resources,
    detections: detections.detections,
    exceptions: detections.exceptions,
    monthlyUsdBefore: before?.monthlyUsd ?? 0,
    monthlyUsdAfter: after?.monthlyUsd ?? 0,
  };
  const unchanged =
    status === "changed" &&
    resources.length === 0 &&
    regions.added.length + regions.removed.length === 0 &&
    detections.detections.on.length + detections.detections.off.length + detections.detections.changed.length === 0 &&
    detections.exceptions.added.length + detections.exceptions.removed.length === 0 &&
    isDeepStrictEqual(before?.accounts, after?.accounts);
  return unchanged ? undefined : change;
}

function diffResources(before?: StackResources, after?: StackResources): ResourceChange[] {
  const out: ResourceChange[] = [];
  const view = (r: StackResource, change: ResourceChange["change"], attributes: ResourceChange["attributes"] = []): ResourceChange => ({
    address: r.address,
    type: r.type,
    name: r.name,
    region: r.region,
    change,
    attributes,
  });
  for (const r of before?.resources ?? []) {
    const now = after?.byAddress.get(r.address);
    if (!now) out.push(view(r, "removed"));
    else if (!isDeepStrictEqual(r.attributes, now.attributes)) {
      const attributes = diffAttributes(r.attributes, now.attributes);
      if (attributes.length > 0) out.push(view(now, "changed", attributes));
    }
  }
  for (const r of after?.resources ?? []) if (!before?.byAddress.has(r.address)) out.push(view(r, "added"));
  // Providers configure a Region's resources (account pin, role, default tags): a changed one matters.
  const providers = (s?: StackResources) => new Map((s?.providers ?? []).map((p) => [String(p.alias ?? p.region ?? "default"), p]));
  const providersBefore = providers(before);
  for (const [alias, p] of providers(after)) {
    const old = providersBefore.get(alias);
    const attributes = old ? diffAttributes(old, p) : [];
    if (attributes.length > 0) out.push({ address: `provider.aws.${alias}`, type: "provider", region: typeof p.region === "string" ? p.region : undefined, change: "changed", attributes });
  }
  return out.sort((a, b) => a.address.localeCompare(b.address));
}

type Flat = Map<string, unknown>;

function flatten(value: unknown, path: string, out: Flat): Flat {
  if (Array.isArray(value) && value.some((v) => typeof v === "object" && v !== null)) value.forEach((v, i) => flatten(v, `${path}[${i}]`, out));
  else if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    // The comment holds cdktf's metadata and the exception records, which the summary reports as exceptions.
    for (const [k, v] of Object.entries(value)) if (path !== "" || k !== COMMENT_KEY) flatten(v, path ? `${path}.${k}` : k, out);
  } else out.set(path, value);
  return out;
}

export function diffAttributes(before: Readonly<Record<string, unknown>>, after: Readonly<Record<string, unknown>>): ResourceChange["attributes"] {
  const a = flatten(before, "", new Map());
  const b = flatten(after, "", new Map());
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  const out: ResourceChange["attributes"] = [];
  for (const path of paths) {
    const x = a.get(path);
    const y = b.get(path);
    if (isDeepStrictEqual(x, y)) continue;
    const argument = path.replace(/\[\d+\]/g, "").split(".").pop() ?? path;
    if (typeof x === "string" && typeof y === "string" && (DIFFED_ARGUMENTS.has(argument) || x.length > LONG_STRING || y.length > LONG_STRING)) {
      out.push({ path, diff: lineDiff(patternLines(x), patternLines(y)) });
    } else {
      out.push({ path, ...(a.has(path) ? { before: x } : {}), ...(b.has(path) ? { after: y } : {}) });
    }
  }
  return out;
}

const keyOf = (d: DetectionView) => `${d.region ?? ""}\u0000${d.id}`;
const ref = (d: DetectionView) => ({ id: d.id, account: d.account, region: d.region });
const DETECTION_FIELDS = ["threshold", "comparison", "periodSeconds", "evaluationPeriods", "notifies"] as const;

function diffDetections(before: readonly DetectionView[], after: readonly DetectionView[]) {
  const old = new Map(before.map((d) => [keyOf(d), d]));
  const now = new Map(after.map((d) => [keyOf(d), d]));
  const on = after.filter((d) => !old.has(keyOf(d))).map(ref);
  const off = before.filter((d) => !now.has(keyOf(d))).map(ref);
  const changed: StackChange["detections"]["changed"] = [];
  const added: StackChange["exceptions"]["added"] = [];
  const removed: StackChange["exceptions"]["removed"] = [];
  for (const d of after) {
    const was = old.get(keyOf(d));
    const fields = DETECTION_FIELDS.filter((f) => was && !isDeepStrictEqual(was[f], d[f])).map((f) => ({ field: f, before: was?.[f], after: d[f] }));
    if (fields.length > 0) changed.push({ ...ref(d), fields });
    const previous = (was?.exceptions ?? []).map((e) => JSON.stringify(e));
    for (const e of d.exceptions) if (!previous.includes(JSON.stringify(e))) added.push({ ...ref(d), exception: e });
  }
  for (const d of before) {
    const current = (now.get(keyOf(d))?.exceptions ?? []).map((e) => JSON.stringify(e));
    for (const e of d.exceptions) if (!current.includes(JSON.stringify(e))) removed.push({ ...ref(d), exception: e });
  }
  return { detections: { on, off, changed }, exceptions: { added, removed } };
}
