/**
 * The summary as Markdown: the review of a synth output, or with a base the pull-request comment.
 * A comment holds at most 65,536 characters (GitHub's limit), so the text is built from blocks
 * that are whole (a table is never cut), added while they fit, and what did not fit is counted.
 */
import type { DetectionView, ExceptionView } from "./detections";
import { code, details, fenced, plural, prose, signedUsd, table, usd } from "./markdown-text";
import type { Changes, ResourceChange, StackChange, StackSummary, Summary } from "./report";

/** GitHub's limit for one comment body. */
export const GITHUB_COMMENT_LIMIT = 65_536;
/** The hidden line the workflow finds its own comment by, to update it rather than add one. */
export const COMMENT_MARKER = "<!-- tripline-summary -->";
/** Rows of one table before the rest is counted instead of listed. */
const MAX_ROWS = 200;

export interface MarkdownOptions {
  /** Characters the whole text may take (default: a comment's limit, less room for the workflow's footer). */
  readonly maxChars?: number;
}

export function summaryMarkdown(summary: Summary, options: MarkdownOptions = {}): string {
  const maxChars = options.maxChars ?? GITHUB_COMMENT_LIMIT - 1_536;
  const blocks = summary.changes ? changeBlocks(summary, summary.changes) : reviewBlocks(summary);
  return fit(blocks, maxChars);
}

interface Blocks {
  readonly head: string[];
  /** Optional sections in order; each is shown whole or not at all, and rendered only while they fit. */
  readonly sections: { readonly label: string; readonly render: () => string }[];
  readonly tail: string[];
}

function fit({ head, sections, tail }: Blocks, maxChars: number): string {
  const join = (parts: readonly string[]) => `${parts.filter((p) => p !== "").join("\n\n")}\n`;
  const fixed = join([...head, ...tail]).length;
  const shown: string[] = [];
  let used = fixed;
  let skipped = 0;
  for (const section of sections) {
    const text = skipped === 0 ? section.render() : "";
    // Room for this section and for the line that would count the ones left out.
    if (skipped === 0 && used + text.length + 2 + 200 <= maxChars) {
      shown.push(text);
      used += text.length + 2;
    } else skipped++;
  }
  const note =
    skipped > 0
      ? `> ${plural(skipped, "more section")} left out to stay within one comment (${sections.slice(sections.length - skipped).slice(0, 5).map((s) => code(s.label, 60)).join(", ")}${skipped > 5 ? ", …" : ""}). Run \`tripline summary --base\` locally, or read the JSON artifact, for all of it.`
      : "";
  const text = join([...head, ...shown, note, ...tail]);
  // The head and tail alone are bounded (tables capped at MAX_ROWS rows of clipped cells); a
  // limit smaller than them is a caller's mistake, cut at a line so nothing is mid-row.
  return text.length <= maxChars ? text : `${text.slice(0, text.lastIndexOf("\n", maxChars - 2))}\n`;
}

function capped<T>(items: readonly T[], render: (item: T) => string[], header: readonly string[], noun: string): string {
  const rows = items.slice(0, MAX_ROWS).map(render);
  const more = items.length - rows.length;
  return `${table(header, rows)}${more > 0 ? `\n\n… and ${plural(more, `more ${noun}`)}` : ""}`;
}

// ---------------------------------------------------------------------------------------------
// The review of one synth output

function reviewBlocks(summary: Summary): Blocks {
  const o = summary.organization;
  const head = [
    COMMENT_MARKER,
    "## tripline summary",
    `${plural(o.stacks, "stack")} · ${plural(o.accounts, "account")} · Regions ${o.regions.map((r) => code(r)).join(", ") || "none"} · ${plural(o.resources, "resource")} · ${plural(o.detections, "detection")} · estimated **${usd(o.monthlyUsd)} / month**`,
    capped(summary.stacks, (s) => [code(s.name), s.accounts.map((a) => code(a)).join(", "), s.regions.map((r) => code(r)).join(", "), String(s.resources), String(s.detections.length), usd(s.monthlyUsd)], ["stack", "account", "regions", "resources", "detections", "est. monthly"], "stack"),
  ];
  const sections = summary.stacks.map((s) => ({ label: s.name, render: () => stackReview(s) }));
  return { head, sections, tail: [assumptionsBlock(summary)] };
}

function stackReview(s: StackSummary): string {
  const parts = [`### ${code(s.name)} ${s.accounts.map((a) => code(a)).join(", ")}`];
  const types = Object.entries(s.resourcesByType);
  parts.push(types.length === 0 ? "No resources (providers only)." : details(`${plural(s.resources, "resource")} by type`, capped(types, ([type, n]) => [code(type), String(n)], ["type", "count"], "type")));
  if (s.detections.length > 0) {
    parts.push(`**${plural(s.detections.length, "detection")}**`);
    parts.push(capped(s.detections, detectionRow, ["detection", "region", "threshold", "period", "notifies", "exceptions"], "detection"));
  }
  const excepted = s.detections.filter((d) => d.exceptions.length > 0);
  if (excepted.length > 0) {
    parts.push("**Exceptions in force**");
    parts.push(excepted.flatMap((d) => d.exceptions.map((e) => `- ${code(d.id)} (${d.region ?? "?"}): ${exceptionText(e)}`)).slice(0, MAX_ROWS).join("\n"));
  }
  if (s.cost.length > 0) {
    parts.push(details(`Estimated cost: ${usd(s.monthlyUsd)} / month`, table(["item", "quantity", "price", "monthly", "basis"], s.cost.map((c) => [c.item, round(c.quantity), code(c.price), usd(c.monthlyUsd), prose(c.basis)]))));
  }
  return parts.join("\n\n");
}

const round = (n: number) => (Number.isInteger(n) ? n.toLocaleString("en-US") : n.toLocaleString("en-US", { maximumFractionDigits: 3 }));

function detectionRow(d: DetectionView): string[] {
  const threshold = d.threshold === undefined ? "every event" : `${[comparisonSign(d.comparison), d.threshold].filter((x) => x !== "").join(" ")}${d.evaluationPeriods && d.evaluationPeriods > 1 ? ` × ${d.evaluationPeriods}` : ""}`;
  return [code(d.id), d.region ? code(d.region) : "", threshold, d.periodSeconds ? `${d.periodSeconds / 60} min` : "", d.notifies.map((n) => code(n, 60)).join(", "), d.exceptions.length > 0 ? String(d.exceptions.length) : ""];
}

const comparisonSign = (c?: string) => ({ GreaterThanOrEqualToThreshold: "≥", GreaterThanThreshold: ">", LessThanThreshold: "<", LessThanOrEqualToThreshold: "≤" })[c ?? ""] ?? (c ? code(c) : "");

function exceptionText(e: ExceptionView): string {
  const lists = [
    ["principals", e.principals],
    ["source IPs", e.sourceIps],
    ["user agents", e.userAgents],
  ].flatMap(([label, values]) => (values && values.length > 0 ? [`${label} ${(values as string[]).slice(0, 10).map((v) => code(v, 80)).join(", ")}${values.length > 10 ? ` and ${values.length - 10} more` : ""}`] : []));
  return `${prose(e.reason)}${lists.length > 0 ? ` (${lists.join("; ")})` : ""}`;
}

function assumptionsBlock(summary: Summary): string {
  const { prices, volumes, notes } = summary.assumptions;
  const priceRows = Object.entries(prices).map(([name, p]) => [code(name), String(p.usd), prose(p.unit), prose(p.asOf, 20), prose(p.source, 120)]);
  const volumeRows = Object.entries(volumes).map(([name, v]) => [code(name), code(v)]);
  return details(
    "Cost assumptions (prices, volumes, sources)",
    [
      notes.map((n) => `- ${prose(n, 400)}`).join("\n"),
      table(["price", "USD", "per", "as of", "source"], priceRows),
      table(["volume", "value"], volumeRows),
      "Override any of them with `tripline summary --assumptions FILE` (YAML or JSON with `prices:` and `volumes:`).",
    ].join("\n\n"),
  );
}

// ---------------------------------------------------------------------------------------------
// The pull-request comment: only what changed

function changeBlocks(summary: Summary, changes: Changes): Blocks {
  const delta = changes.monthlyUsdAfter - changes.monthlyUsdBefore;
  if (changes.stacks.length === 0) {
    return { head: [COMMENT_MARKER, "## tripline summary: no change", `The synthesized stacks are the same as the base's. Estimated cost stays ${usd(changes.monthlyUsdAfter)} / month.`], sections: [], tail: [] };
  }
  const head = [
    COMMENT_MARKER,
    `## tripline summary: ${plural(changes.stacks.length, "stack")} changed`,
    `Estimated monthly cost ${usd(changes.monthlyUsdBefore)} → ${usd(changes.monthlyUsdAfter)} (**${signedUsd(delta)}**) for the organization.`,
    capped(changes.stacks, overviewRow, ["stack", "change", "resources (+ ~ −)", "detections (on / off / changed)", "exceptions (+ −)", "est. monthly"], "stack"),
  ];
  const sections = changes.stacks.map((s) => ({ label: s.stack, render: () => stackChange(s) }));
  return { head, sections, tail: [assumptionsBlock(summary)] };
}

function overviewRow(s: StackChange): string[] {
  const count = (c: ResourceChange["change"]) => s.resources.filter((r) => r.change === c && r.type !== "provider").length;
  return [
    code(s.stack),
    s.status,
    `+${count("added")} ~${count("changed")} −${count("removed")}`,
    `${s.detections.on.length} / ${s.detections.off.length} / ${s.detections.changed.length}`,
    `+${s.exceptions.added.length} −${s.exceptions.removed.length}`,
    `${usd(s.monthlyUsdAfter)} (${signedUsd(s.monthlyUsdAfter - s.monthlyUsdBefore)})`,
  ];
}

const where = (d: { id: string; region?: string }) => `${code(d.id)}${d.region ? ` in ${code(d.region)}` : ""}`;

function stackChange(s: StackChange): string {
  const parts = [`### ${code(s.stack)}: ${s.status}`];
  const lines: string[] = [];
  if (s.regions.added.length > 0) lines.push(`- Regions added: ${s.regions.added.map((r) => code(r)).join(", ")}`);
  if (s.regions.removed.length > 0) lines.push(`- Regions removed: ${s.regions.removed.map((r) => code(r)).join(", ")}`);
  const list = (label: string, items: readonly string[]) => {
    if (items.length > 0) lines.push(`- ${label}: ${items.slice(0, 50).join(", ")}${items.length > 50 ? ` and ${items.length - 50} more` : ""}`);
  };
  list("Detections turned on", s.detections.on.map(where));
  list("Detections turned off", s.detections.off.map(where));
  for (const d of s.detections.changed.slice(0, 50)) lines.push(`- ${where(d)}: ${d.fields.map((f) => `${f.field} ${code(f.before, 60)} → ${code(f.after, 60)}`).join("; ")}`);
  for (const e of s.exceptions.added.slice(0, 50)) lines.push(`- Exception added to ${where(e)}: ${exceptionText(e.exception)}`);
  for (const e of s.exceptions.removed.slice(0, 50)) lines.push(`- Exception removed from ${where(e)}: ${exceptionText(e.exception)}`);
  const folded = s.detections.changed.length + s.exceptions.added.length + s.exceptions.removed.length - Math.min(50, s.detections.changed.length) - Math.min(50, s.exceptions.added.length) - Math.min(50, s.exceptions.removed.length);
  if (folded > 0) lines.push(`- … and ${plural(folded, "more detection or exception change")}`);
  if (lines.length > 0) parts.push(lines.join("\n"));
  if (s.resources.length > 0) {
    const rows = capped(s.resources, (r) => [r.change === "added" ? "+" : r.change === "removed" ? "−" : "~", code(r.address, 100), r.name ? code(r.name, 60) : "", r.region ? code(r.region) : ""], ["", "resource", "name", "region"], "resource");
    const changed = s.resources.filter((r) => r.change === "changed").slice(0, 50).map(attributeChanges).join("\n\n");
    parts.push(details(`Resources: ${plural(s.resources.length, "change")}`, changed ? `${rows}\n\n${changed}` : rows));
  }
  return parts.join("\n\n");
}

function attributeChanges(r: ResourceChange): string {
  const out = [`${code(r.address, 100)}`];
  for (const a of r.attributes.slice(0, 30)) {
    if (a.diff) out.push(`- ${code(a.path)}:\n\n${fenced(a.diff.slice(0, 200), "diff")}`);
    else out.push(`- ${code(a.path)}: ${"before" in a ? code(a.before, 120) : "(unset)"} → ${"after" in a ? code(a.after, 120) : "(unset)"}`);
  }
  if (r.attributes.length > 30) out.push(`- … and ${plural(r.attributes.length - 30, "more argument")}`);
  return out.join("\n");
}
