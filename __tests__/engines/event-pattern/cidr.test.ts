import { parseCidr, parseIp } from "../../../modules/engines/event-pattern/cidr";

const hex = (bytes: Uint8Array | undefined): string | undefined =>
  bytes && Buffer.from(bytes).toString("hex");

describe("IP literals", () => {
  test.each([
    ["10.0.0.1", "0a000001"],
    ["255.255.255.255", "ffffffff"],
    ["::", "00000000000000000000000000000000"],
    ["::1", "00000000000000000000000000000001"],
    ["2001:db8::", "20010db8000000000000000000000000"],
    ["2001:DB8:0:0:0:0:0:1", "20010db8000000000000000000000001"],
    ["1:2:3:4:5:6:7::", "00010002000300040005000600070000"],
    ["::ffff:a00:1", "0a000001"],
  ])("reads %s", (text, bytes) => expect(hex(parseIp(text))).toBe(bytes));

  test.each([
    ["an octet above 255", "10.0.0.256"],
    ["three octets", "10.0.0"],
    ["an octet with a leading zero", "10.0.0.01"],
    ["a negative octet", "2.1.0.-1"],
    ["a hostname", "ec2.amazonaws.com"],
    ["nine IPv6 groups", "1:2:3:4:5:6:7:8:9"],
    ["two '::'", "1::2::3"],
    ["a five-digit group", "12345::"],
    ["eight groups and '::'", "1::2:3:4:5:6:7:8"],
    ["a single leading colon", ":1:2:3:4:5:6:7"],
    ["an embedded IPv4 tail (not in event-ruler's IPv6 shape)", "::ffff:10.0.0.1"],
    ["a zone index", "fe80::1%eth0"],
    ["\"08:23\"", "08:23"],
    ["the empty string", ""],
  ])("refuses %s", (_name, text) => expect(parseIp(text)).toBeUndefined());
});

describe("CIDR ranges", () => {
  test.each([
    ["10.0.0.0/8", "0a000000", "0affffff"],
    ["10.1.2.3/16", "0a010000", "0a01ffff"],
    ["0.0.0.0/0", "00000000", "ffffffff"],
    ["192.0.2.5/31", "c0000204", "c0000205"],
    ["2001:db8::/32", "20010db8000000000000000000000000", "20010db8ffffffffffffffffffffffff"],
    ["10.0.0.0/8/", "0a000000", "0affffff"],
    ["10.0.0.0/+8", "0a000000", "0affffff"],
  ])("reads %s", (text, low, high) => {
    const range = parseCidr(text);
    expect(typeof range).toBe("object");
    const r = range as Exclude<ReturnType<typeof parseCidr>, string>;
    expect([hex(r.low), hex(r.high)]).toEqual([low, high]);
  });
});
