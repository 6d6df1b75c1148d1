/**
 * A line diff for patterns and policies, as a reviewer reads it: unchanged lines beyond a little
 * context are folded into one `…` line. Longest common subsequence; inputs too large for it are
 * shown as all removed and all added rather than computed slowly.
 */

/** Lines × lines above which the LCS table is not built. */
const MAX_CELLS = 1_000_000;

export function lineDiff(before: readonly string[], after: readonly string[], context = 2): string[] {
  const n = before.length;
  const m = after.length;
  let ops: string[];
  if (n * m > MAX_CELLS) {
    ops = [...before.map((l) => `-${l}`), ...after.map((l) => `+${l}`)];
  } else {
    // lcs[i][j]: length of the LCS of before[i..] and after[j..].
    const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) lcs[i][j] = before[i] === after[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
    ops = [];
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && before[i] === after[j]) {
        ops.push(` ${before[i++]}`);
        j++;
      } else if (i < n && (j === m || lcs[i + 1][j] >= lcs[i][j + 1])) ops.push(`-${before[i++]}`);
      else ops.push(`+${after[j++]}`);
    }
  }
  return fold(ops, context);
}

/** Keeps `context` unchanged lines around each change; a longer run becomes one `…`. */
function fold(ops: readonly string[], context: number): string[] {
  const changed = ops.map((op) => op[0] !== " ");
  const near = (k: number) => {
    for (let d = -context; d <= context; d++) if (changed[k + d]) return true;
    return false;
  };
  const out: string[] = [];
  for (let k = 0; k < ops.length; k++) {
    if (near(k)) out.push(ops[k]);
    else if (out[out.length - 1] !== " …") out.push(" …");
  }
  return out;
}

/**
 * A pattern or policy as lines: JSON pretty-printed, a filter pattern broken before each `&&`
 * and `||` so that one added condition is one added line.
 */
export function patternLines(text: string): string[] {
  const trimmed = text.trim();
  if (trimmed.startsWith("{\"") || trimmed.startsWith("[")) {
    try {
      return JSON.stringify(JSON.parse(trimmed), null, 2).split("\n");
    } catch {
      // Not JSON after all: a filter pattern such as `{ $.a = "b" }`.
    }
  }
  return trimmed.split(/(?=\s(?:&&|\|\|)\s)/).map((l) => l.trim());
}
