/** `-1.50e2` → `-15e1`: sign, significant digits without leading or trailing zeros, exponent. */
function canonicalDecimal(text: string): string {
  const m = /^(-?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/.exec(text);
  if (!m) return text;
  const [, sign, int = "", frac = "", exp = "0"] = m;
  let digits = int + frac;
  let exponent = Number(exp) - frac.length;
  digits = digits.replace(/^0+/, "");
  if (digits === "") return "0";
  const trailing = digits.length - digits.replace(/0+$/, "").length;
  digits = digits.slice(0, digits.length - trailing);
  exponent += trailing;
  return `${sign}${digits}e${exponent}`;
}

/**
 * Whether a JSON number literal is exactly a binary64 double, the test event-ruler's
 * ComparableNumber applies to numeric operands ("Cannot compare number"): the literal must equal,
 * as a decimal, the shortest decimal of the double it rounds to. `0.1` passes (it is what the
 * double prints as); `9007199254740993` and `1e400` do not.
 */
export function isExactDouble(literal: string): boolean {
  const value = Number(literal);
  if (!Number.isFinite(value)) return false;
  return canonicalDecimal(literal) === canonicalDecimal(String(value));
}
