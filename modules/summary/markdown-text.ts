/**
 * Markdown for a pull-request comment from hostile text: every name, reason and pattern comes
 * from the synth output, and through it from a manifest anyone may edit in a pull request. Nothing
 * may break out of its table cell or code block, open HTML, or mention a person (`@team`).
 */

/** Longest value shown inline; the rest is cut with `…`. */
const MAX_INLINE = 160;

const clip = (text: string, max = MAX_INLINE) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** A code span safe in a table cell: no line breaks, pipes escaped, fenced past any backtick run. */
export function code(value: unknown, max = MAX_INLINE): string {
  const text = clip((typeof value === "string" ? value : JSON.stringify(value) ?? "undefined").replace(/\r?\n|\r/g, "⏎"), max).replace(/\|/g, "\\|");
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") || text === "" ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * Prose (an exception's reason), never at the start of a line: inline Markdown and HTML escaped,
 * mentions (`@team`) and references (`#12`) defused with a zero-width space.
 */
export function prose(value: string, max = 300): string {
  return clip(value.replace(/\r?\n|\r/g, " "), max)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/([\\`*_[\]|~])/g, "\\$1")
    .replace(/([@#])/g, "$1&#8203;");
}

/** A fenced block that its content cannot close. */
export function fenced(lines: readonly string[], language = ""): string {
  const longest = Math.max(2, ...lines.flatMap((l) => (l.match(/`+/g) ?? []).map((run) => run.length)));
  const fence = "`".repeat(longest + 1);
  return [`${fence}${language}`, ...lines.map((l) => l.replace(/\r/g, "")), fence].join("\n");
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}

export function details(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

export function usd(amount: number): string {
  const abs = Math.abs(amount);
  const text = abs < 0.005 && abs > 0 ? "<$0.01" : `$${abs.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  return amount < 0 ? `−${text}` : text;
}

export const signedUsd = (delta: number): string => (Math.abs(delta) < 0.005 ? "±$0.00" : delta > 0 ? `+${usd(delta)}` : usd(delta));

export const plural = (n: number, word: string, many = `${word}s`): string => `${n.toLocaleString("en-US")} ${n === 1 ? word : many}`;
