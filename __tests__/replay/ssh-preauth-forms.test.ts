/**
 * Every pre-authentication disconnect form of `ssh-preauth-disconnect` (its catalog examples),
 * replayed from sshd logs with the classic and the RFC 3339 header, as `sshd` and `sshd-session`:
 * match examples match on every line, near misses on none; and a connection's two lines (a
 * `Received disconnect` and its `Disconnected from`, or `maximum authentication attempts` and its
 * `Disconnecting`) count once.
 */
import { sshPreauthDisconnect } from "../../modules/catalog/ssh/ssh-preauth-disconnect";
import { replayFiles } from "../../modules/replay/evaluate";
import { defaultReplayProfile } from "../../modules/deployment/profile";
import { logFile } from "./log-files";
import { describeFilterPattern } from "../../modules/engines/filter-pattern";
import { MAX_PATTERN_LENGTH, MAX_REGEXES_PER_PATTERN } from "../../modules/deployment/checks";

/** The message of an example line (after `sshd[pid]: `), with the program it was written for. */
const parts = (line: string): { program: string; message: string } => {
  const m = /^.*? ([-a-z]+)\[\d+\]: (.*)$/.exec(line);
  if (m === null) throw new Error(`not a syslog line: ${line}`);
  return { program: m[1], message: m[2] };
};

const HEADERS = {
  classic: (second: number) => `Mar  5 10:00:${String(second % 60).padStart(2, "0")}`,
  rfc3339: (second: number) => `2024-03-05T10:00:${String(second % 60).padStart(2, "0")}.123456+00:00`,
};

const profile = { ...defaultReplayProfile(), detections: [sshPreauthDisconnect] };

async function matchedLines(lines: readonly string[], name: string): Promise<number[]> {
  const result = await replayFiles([logFile(name, `${lines.join("\n")}\n`)], profile, { referenceTime: Date.parse("2024-12-31T00:00:00Z") });
  expect(result.skipped).toEqual([]);
  expect(result.events).toBe(lines.length);
  return [...result.matches].map((m) => m.line);
}

describe.each(Object.entries(HEADERS))("ssh-preauth-disconnect in a log with %s timestamps", (form, header) => {
  const rewrite = (examples: readonly unknown[], program?: string) =>
    examples.map((line, i) => {
      const p = parts(line as string);
      return `${header(i)} web1 ${program ?? p.program}[4242]: ${p.message}`;
    });

  test.each(["sshd", "sshd-session"])("every match example matches, as %s", async (program) => {
    const lines = rewrite(sshPreauthDisconnect.examples.match, program);
    expect(await matchedLines(lines, `match-${form}-${program}.log`)).toEqual(lines.map((_, i) => i + 1));
  });

  test("no near miss matches", async () => {
    const lines = rewrite(sshPreauthDisconnect.examples.miss);
    expect(await matchedLines(lines, `miss-${form}.log`)).toEqual([]);
  });

  test("one connection's two lines count once", async () => {
    const lines = [
      "Received disconnect from 203.0.113.9 port 40022:11: Bye Bye [preauth]",
      "Disconnected from invalid user admin 203.0.113.9 port 40022 [preauth]",
      "error: Received disconnect from 203.0.113.8 port 40023:14: No supported authentication methods available [preauth]",
      "Disconnected from 203.0.113.8 port 40023 [preauth]",
      "error: maximum authentication attempts exceeded for invalid user admin from 203.0.113.7 port 51234 ssh2 [preauth]",
      "Disconnecting invalid user admin 203.0.113.7 port 51234: Too many authentication failures [preauth]",
      "error: kex_exchange_identification: read: Connection reset by peer",
      "Connection reset by 203.0.113.6 port 40024",
    ].map((message, i) => `${header(i)} web1 sshd-session[${4000 + Math.floor(i / 2)}]: ${message}`);
    expect(await matchedLines(lines, `pairs-${form}.log`)).toEqual([2, 4, 6, 8]);
  });
});

test("the pattern stays within CloudWatch's limits: ≤ 1,024 characters, one regex (of 2 per pattern)", () => {
  const facts = describeFilterPattern(sshPreauthDisconnect.pattern);
  expect(facts.length).toBeLessThanOrEqual(MAX_PATTERN_LENGTH);
  expect(facts.regexCount).toBe(1);
  expect(MAX_REGEXES_PER_PATTERN).toBe(2);
});
