/**
 * sshd lines against term patterns. Term patterns do not care where the message starts, so one
 * pattern serves classic syslog ("Mar  5 10:00:00 host sshd[123]: …") and RFC 3339 headers alike,
 * which space-delimited patterns cannot (their field counts differ).
 */
import { existsSync, readFileSync } from "fs";
import { join } from "path";
import { compileFilterPattern, toLogEvent } from "../../../modules/engines/filter-pattern";

const FAILED_PASSWORD = '"Failed password for" "from" "port" "ssh2"';
const INVALID_USER = '"Invalid user" "from"';
const PREAUTH = '?"Connection closed by" ?"Disconnected from"';

const lines = {
  failedRoot: "Feb 20 08:35:22 slave22 sshd[5774]: Failed password for root from 216.160.83.57 port 29160 ssh2",
  failedInvalid: "Mar  5 10:00:00 bastion sshd[1234]: Failed password for invalid user admin from 203.0.113.9 port 51122 ssh2",
  failedRfc3339:
    "2024-03-05T10:00:00.123456+00:00 bastion sshd[1234]: Failed password for ubuntu from 203.0.113.9 port 51122 ssh2",
  repeated:
    "Mar  5 10:00:05 bastion sshd[1234]: message repeated 2 times: [ Failed password for root from 203.0.113.9 port 51122 ssh2]",
  accepted: "Mar  5 10:01:00 bastion sshd[1300]: Accepted password for alice from 198.51.100.7 port 40022 ssh2",
  acceptedKey: "Mar  5 10:01:00 bastion sshd[1300]: Accepted publickey for alice from 198.51.100.7 port 40022 ssh2: RSA SHA256:abc",
  invalidUser: "Feb 21 21:56:12 localhost sshd[3430]: Invalid user test from 10.0.2.2",
  invalidUserPort: "Mar  5 10:02:00 bastion sshd[1301]: Invalid user oracle from 203.0.113.9 port 40100",
  closedPreauth: "Mar  5 10:03:00 bastion sshd[1302]: Connection closed by 203.0.113.9 port 40200 [preauth]",
  disconnected: "Mar  5 10:03:00 bastion sshd[1302]: Disconnected from authenticating user root 203.0.113.9 port 40200 [preauth]",
  sudo: "Mar  5 10:04:00 bastion sudo: alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/ls",
  lowerCase: "Mar  5 10:05:00 bastion sshd[1303]: failed password for root from 203.0.113.9 port 51122 ssh2",
};
type Line = keyof typeof lines;

const table: readonly (readonly [pattern: string, matching: readonly Line[]])[] = [
  [FAILED_PASSWORD, ["failedRoot", "failedInvalid", "failedRfc3339", "repeated"]],
  [INVALID_USER, ["invalidUser", "invalidUserPort"]],
  [PREAUTH, ["closedPreauth", "disconnected"]],
  ['"Failed password for invalid user"', ["failedInvalid"]],
  ['"Failed password" -"invalid user"', ["failedRoot", "failedRfc3339", "repeated"]],
  ["sshd Accepted", ["accepted", "acceptedKey"]],
  ['"Accepted publickey"', ["acceptedKey"]],
];

describe.each(table)("%s", (pattern, matching) => {
  const predicate = compileFilterPattern(pattern);
  test.each((Object.keys(lines) as Line[]).map((name) => [name, matching.includes(name)] as const))(
    "on the %s line: %s",
    (name, expected) => {
      expect(predicate(toLogEvent(lines[name]))).toBe(expected);
    },
  );
});

test("the same sshd message matches whether the header is syslog or RFC 3339", () => {
  const predicate = compileFilterPattern(FAILED_PASSWORD);
  expect(predicate(toLogEvent(lines.failedRoot))).toBe(true);
  expect(predicate(toLogEvent(lines.failedRfc3339))).toBe(true);
});

test("a space-delimited pattern written for syslog headers misses the RFC 3339 form of the same line", () => {
  const syslog = compileFilterPattern("[month, day, time, host, process, verb=Failed, ...]");
  expect(syslog(toLogEvent(lines.failedRoot))).toBe(true);
  expect(syslog(toLogEvent(lines.failedRfc3339))).toBe(false);
});

/**
 * Every line the corpus labels as a failed password (its definition: "Failed password for …
 * from … port … ssh2", also inside rsyslog's "message repeated" wrapper) holds the four phrases.
 */
const corpus = join(__dirname, "../../corpus");
const labelled = (kind: string): { file: string; line: number; text: string }[] => {
  const labelsDir = join(corpus, "labels", "ssh");
  if (!existsSync(labelsDir)) return [];
  const files = ["beats-auth-mixed.log", "elastic-examples-ubuntu-auth.log", "fail2ban-sshd-variants.log", "beats-secure-rhel7.log", "beats-rfc3339-timestamps.log", "crowdsec-sshd-variants.log"];
  return files.flatMap((file) => {
    const labelsFile = join(labelsDir, `${file}.labels.json`);
    if (!existsSync(labelsFile)) return [];
    const labels = JSON.parse(readFileSync(labelsFile, "utf8")) as { lines: Record<string, number[]> };
    const text = readFileSync(join(corpus, "ssh", file), "utf8").split("\n");
    return (labels.lines[kind] ?? []).map((line) => ({ file, line, text: text[line - 1].replace(/\r$/, "") }));
  });
};

test("every corpus line labelled ssh-failed-password matches the failed-password term pattern", () => {
  const predicate = compileFilterPattern(FAILED_PASSWORD);
  const lines = labelled("ssh-failed-password");
  expect(lines.length).toBeGreaterThan(0);
  expect(lines.filter((l) => !predicate(toLogEvent(l.text)))).toEqual([]);
});

test("every corpus line labelled ssh-invalid-user matches the invalid-user term pattern", () => {
  const predicate = compileFilterPattern(INVALID_USER);
  const lines = labelled("ssh-invalid-user");
  expect(lines.length).toBeGreaterThan(0);
  expect(lines.filter((l) => !predicate(toLogEvent(l.text)))).toEqual([]);
});
