/**
 * IP addresses as event-ruler reads them (aws/event-ruler CIDR.java). A string counts as an IP
 * only if it looks like one (the same two regexes) and parses strictly; then IPv4 is 4 bytes and
 * IPv6 16 bytes, and an IPv4 address never matches an IPv6 range or the other way round.
 */

const IPV4_SHAPE = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/;
const IPV6_SHAPE = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/;

function parseIpv4(text: string): Uint8Array | undefined {
  const bytes = new Uint8Array(4);
  const parts = text.split(".");
  for (let i = 0; i < 4; i++) {
    const part = parts[i];
    // Leading zeros are ambiguous (octal in some parsers); current JDKs refuse such literals
    // (jdk.net.allowAmbiguousIPAddressLiterals defaults to false), so we do too.
    if (part.length > 3 || (part.length > 1 && part.startsWith("0"))) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    bytes[i] = n;
  }
  return bytes;
}

function parseIpv6(text: string): Uint8Array | undefined {
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const groups = (half: string): string[] | undefined => {
    if (half === "") return [];
    const gs = half.split(":");
    return gs.every((g) => g.length >= 1 && g.length <= 4) ? gs : undefined;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  const count = head.length + tail.length;
  if (halves.length === 2 ? count > 7 : count !== 8) return undefined;
  const all = [...head, ...Array<string>(8 - count).fill("0"), ...tail];
  const bytes = new Uint8Array(16);
  all.forEach((g, i) => {
    const n = parseInt(g, 16);
    bytes[2 * i] = n >> 8;
    bytes[2 * i + 1] = n & 0xff;
  });
  // Java's InetAddress turns an IPv4-mapped IPv6 address (::ffff:a00:1) into the IPv4 address.
  if (bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) {
    return bytes.slice(12);
  }
  return bytes;
}

/** The address bytes, or undefined when the text is not an IP address literal. */
export function parseIp(text: string): Uint8Array | undefined {
  if (IPV4_SHAPE.test(text)) return parseIpv4(text);
  if (IPV6_SHAPE.test(text)) return parseIpv6(text);
  return undefined;
}

/** An inclusive range of addresses of one family. */
export interface IpRange {
  readonly low: Uint8Array;
  readonly high: Uint8Array;
}

const compareBytes = (a: Uint8Array, b: Uint8Array): number => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
};

/** Whether `text` is an IP address inside `range`; false for anything that is not an IP. */
export function isIpInRange(text: string, range: IpRange): boolean {
  const ip = parseIp(text);
  return (
    ip !== undefined &&
    ip.length === range.low.length &&
    compareBytes(ip, range.low) >= 0 &&
    compareBytes(ip, range.high) <= 0
  );
}

/** Whether two IP literals name the same address (`2001:db8::1` and `2001:0DB8:0:0:0:0:0:1`). */
export const isSameIp = (text: string, bytes: Uint8Array): boolean => {
  const ip = parseIp(text);
  return ip !== undefined && ip.length === bytes.length && compareBytes(ip, bytes) === 0;
};

/**
 * Parses `10.0.0.0/8` or `2001:db8::/32` into a range, or returns the reason it is refused, in
 * event-ruler's terms. Note that event-ruler refuses `/32` for IPv4 and `/128` for IPv6 ("mask bits
 * must be < 32"): match one address with the plain string instead.
 */
export function parseCidr(text: string): IpRange | string {
  // Java's String.split drops trailing empty strings, so "10.0.0.0/8/" splits into two parts.
  const parts = text.split("/");
  while (parts.length > 0 && parts[parts.length - 1] === "") parts.pop();
  if (parts.length !== 2) return "malformed CIDR, exactly one '/' is required";
  const [address, maskText] = parts as [string, string];
  if (!/^[+-]?[0-9]+$/.test(maskText) || Math.abs(Number(maskText)) > 2 ** 31 - 1) {
    return "malformed CIDR, the mask bits must be an integer";
  }
  const mask = Number(maskText);
  if (mask < 0) return "malformed CIDR, the mask bits must not be negative";
  const ip = IPV4_SHAPE.test(address) || IPV6_SHAPE.test(address) ? parseIp(address) : undefined;
  if (!ip) return `${JSON.stringify(address)} is not an IPv4 or IPv6 address`;
  const bits = ip.length * 8;
  if (mask > bits - 1) return `IPv${ip.length === 4 ? 4 : 6} mask bits must be < ${bits}`;
  const low = new Uint8Array(ip.length);
  const high = new Uint8Array(ip.length);
  for (let i = 0; i < ip.length; i++) {
    const fixed = Math.max(0, Math.min(8, mask - 8 * i));
    const keep = (0xff << (8 - fixed)) & 0xff;
    low[i] = ip[i] & keep;
    high[i] = (ip[i] & keep) | (~keep & 0xff);
  }
  return { low, high };
}
