import { compileGrok, GrokError, MAX_GROK_MATCH_LENGTH } from "../../../modules/engines/grok";
import { sshBruteForce } from "../../../modules/catalog/ssh/ssh-brute-force";
import { compileTransformedRule, MAX_TRANSFORMED_LINE } from "../../../modules/replay/transformed-rule";

const whole = (pattern: string) => {
  const grok = compileGrok(`^${pattern}$`);
  return (text: string) => grok(text) !== undefined;
};

describe("the pattern library (Logstash's definitions)", () => {
  test.each([
    ["SYSLOGTIMESTAMP", ["Mar  5 10:00:01", "Mar 15 10:00:01", "Feb 22 16:45:20", "Mar 5 10:00:01"], ["Mar  5 10:00", "March  5 25:00:01", "2026-03-05 10:00:01"]],
    ["TIMESTAMP_ISO8601", ["2026-03-05T10:00:01.123456+00:00", "2023-11-14T00:20:42.738197+01:00", "2019-06-14T10:40:20.912134", "2026-03-05T10:00:01Z"], ["Mar  5 10:00:01", "2026-13-05T10:00:01Z"]],
    ["IPV4", ["203.0.113.9", "0.0.0.0", "255.255.255.255"], ["256.1.1.1", "1.2.3", "1.2.3.4.5"]],
    ["IP", ["2001:db8::7", "::1", "::", "::ffff:192.0.2.1", "fe80::1%eth0", "2001:db8:0:0:0:0:0:1", "203.0.113.9"], ["2001:db8:::1", "1:2:3:4:5:6:7:8:9", "gggg::1"]],
    ["POSINT", ["1", "60544"], ["0", "-1", "01"]],
    ["PROG", ["sshd", "sshd-session", "pam_unix(sshd:auth)"], ["sshd[1]", ""]],
    ["SYSLOGHOST", ["ip-10-0-1-23", "slave22", "host.example.com", "192.0.2.1"], ["-bad", "a b"]],
  ])("%s", (name, good, bad) => {
    const test = whole(`%{${name}}`);
    for (const text of good) expect([text, test(text)]).toEqual([text, true]);
    for (const text of bad) expect([text, test(text)]).toEqual([text, false]);
  });
});

describe("compileGrok", () => {
  test("named captures become fields; an optional one that did not take part is left out", () => {
    const grok = compileGrok("%{WORD:verb}(?: %{POSINT:count})?");
    expect(grok("run 3")).toEqual({ verb: "run", count: "3" });
    expect(grok("run")).toEqual({ verb: "run" });
    expect(grok("!!")).toBeUndefined();
  });

  test("searches the text unless anchored, as grok does", () => {
    expect(compileGrok("%{IPV4:ip}")("from 192.0.2.1 port 22")).toEqual({ ip: "192.0.2.1" });
    expect(compileGrok("^%{IPV4:ip}")("from 192.0.2.1 port 22")).toBeUndefined();
  });

  test.each([
    ["%{NOPE:x}", /unknown grok pattern %\{NOPE\}/],
    ["%{WORD:a} %{WORD:a}", /field "a" is captured twice/],
    ["x".repeat(MAX_GROK_MATCH_LENGTH + 1), /1 to 512 characters/],
    ["", /1 to 512 characters/],
    ["(%{WORD:a}", /not a valid grok match/],
  ])("rejects %j", (match, message) => {
    expect(() => compileGrok(match)).toThrow(GrokError);
    expect(() => compileGrok(match)).toThrow(message);
  });
});

describe("ssh-brute-force's transformer and rule", () => {
  const fields = compileGrok(sshBruteForce.transformer.grok);
  const contributor = compileTransformedRule(sshBruteForce);

  test("gives a failed password line its fields, classic and RFC 3339, sshd and sshd-session", () => {
    expect(fields("Feb 22 16:45:20 slave22 sshd[5774]: Failed password for root from 116.31.116.24 port 29160 ssh2")).toEqual({
      host: "slave22",
      program: "sshd",
      pid: "5774",
      user: "root",
      ip: "116.31.116.24",
      port: "29160",
    });
    expect(contributor("2026-03-05T10:00:01.123456+00:00 web1 sshd-session[4242]: Failed password for invalid user admin from 2001:db8::7 port 51234 ssh2")).toEqual(["2001:db8::7"]);
  });

  test("takes the last address of the line: a user name cannot plant another", () => {
    const line = "Mar  5 10:00:00 h sshd[1]: Failed password for invalid user x from 198.51.100.1 port 1 ssh2 from 203.0.113.5 port 22 ssh2";
    expect(fields(line)).toMatchObject({ user: "x from 198.51.100.1 port 1 ssh2", ip: "203.0.113.5" });
  });

  test("counts rsyslog's repeated-message line once, with its count as a field", () => {
    expect(fields("Mar 27 13:06:56 ip-10-77-20-248 sshd[1291]: message repeated 2 times: [ Failed password for root from 85.245.107.41 port 54866 ssh2]")).toMatchObject({
      repeated: "2",
      ip: "85.245.107.41",
    });
  });

  test("leaves other programs, other messages and overlong lines out", () => {
    expect(contributor("Mar  5 10:00:00 h dropbear[1]: Failed password for root from 203.0.113.40 port 60544 ssh2")).toBeUndefined();
    expect(contributor("Mar  5 10:00:00 h sshd[1]: Accepted password for root from 203.0.113.40 port 60544 ssh2")).toBeUndefined();
    expect(contributor(`Mar  5 10:00:00 h sshd[1]: Failed password for ${"a ".repeat(MAX_TRANSFORMED_LINE)} from 203.0.113.40 port 1 ssh2`)).toBeUndefined();
    expect(contributor({ message: "not a line" })).toBeUndefined();
  });

  test("a hostile line of repeated phrases returns (within jest's timeout) and counts nothing", () => {
    // Every " from <ip> port <n>" is a place the greedy user name could stop; none ends in ssh2.
    const line = `Mar  5 10:00:00 h sshd[1]: Failed password for ${" from 1.1.1.1 port 1".repeat(190)} x`;
    expect(line.length).toBeLessThanOrEqual(MAX_TRANSFORMED_LINE);
    expect(contributor(line)).toBeUndefined();
  });
});
