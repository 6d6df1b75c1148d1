import { MatchLog } from "../../modules/replay/match-log";

describe("MatchLog", () => {
  test("keeps matches in order, past what it holds in memory, and reads them back more than once", () => {
    const log = new MatchLog(3);
    const a = log.addFile("a.jsonl");
    const b = log.addFile("b.log");
    const ids = ["e1", undefined, 'odd, "quoted"\nid', "naïve 😀", undefined, "e6", "e7"];
    ids.forEach((id, i) => log.add(i % 2, i < 4 ? a : b, i + 1, id));
    const expected = ids.map((id, i) => ({ detection: i % 2, file: i < 4 ? "a.jsonl" : "b.log", line: i + 1, eventID: id }));
    expect(log.length).toBe(7);
    expect([...log]).toEqual(expected);
    expect([...log]).toEqual(expected);
    expect([log.countFor(0), log.countFor(1), log.countFor(2)]).toEqual([4, 3, 0]);
    log.dispose();
  });

  test("reads back many spilled matches across read chunks", () => {
    const log = new MatchLog(1000);
    const f = log.addFile("big.jsonl");
    for (let i = 0; i < 60_000; i++) log.add(i % 7, f, i + 1, `bench-${i}-${"x".repeat(i % 40)}`);
    let n = 0;
    for (const m of log) {
      expect(m.line).toBe(n + 1);
      n++;
    }
    expect(n).toBe(60_000);
    log.dispose();
  });
});
