import { gzipSync } from "node:zlib";
import { readLogFile, UnreadableFileError } from "../../modules/replay/readers";
import { apiCall, jsonLines, logFile, readAll } from "./log-files";

const ms = (iso: string): number => Date.parse(iso);

describe("CloudTrail JSON Lines", () => {
  test("reads one record per line with its line number, original text and eventTime", async () => {
    const records = [apiCall({ eventID: "a" }), apiCall({ eventID: "b", eventTime: "2024-05-01T10:00:01.5Z" })];
    const { summary, entries, skipped } = await readAll(logFile("trail.jsonl", jsonLines(records)));
    expect(summary).toEqual({ format: "cloudtrail-json-lines", gzip: false });
    expect(skipped).toEqual([]);
    expect(entries.map((e) => [e.line, e.record?.eventID, e.time])).toEqual([
      [1, "a", ms("2024-05-01T10:00:00Z")],
      [2, "b", ms("2024-05-01T10:00:01.500Z")],
    ]);
    expect(entries[0].text).toBe(JSON.stringify(records[0]));
  });

  test("keeps the line's own text (spacing, key order) for filter patterns, not a re-serialization", async () => {
    const line = '{ "eventName" : "ConsoleLogin",  "eventTime":"2024-05-01T10:00:00Z" }';
    const { entries } = await readAll(logFile("spaced.jsonl", `${line}\r\n`));
    expect(entries[0].text).toBe(line);
  });

  test("skips blank lines silently and keeps counting lines", async () => {
    const { entries, skipped } = await readAll(logFile("blank.jsonl", `${JSON.stringify(apiCall())}\n\n  \n${JSON.stringify(apiCall())}`));
    expect(entries.map((e) => e.line)).toEqual([1, 4]);
    expect(skipped).toEqual([]);
  });

  test("reports a line that is not JSON, or not a JSON object, and carries on", async () => {
    const file = logFile("bad.jsonl", `${JSON.stringify(apiCall())}\nnot json at all\n[1, 2]\n{"eventName": "Trunc\n${JSON.stringify(apiCall())}\n`);
    const { entries, skipped } = await readAll(file);
    expect(entries.map((e) => e.line)).toEqual([1, 5]);
    expect(skipped).toEqual([
      { file, line: 2, reason: "invalid JSON" },
      { file, line: 3, reason: "not a JSON object" },
      { file, line: 4, reason: "invalid JSON" },
    ]);
  });

  test("reads the records after a stray first line and reports that line, not the whole file as text", async () => {
    const signIns = ["s1", "s2", "s3"].map((eventID) => apiCall({ eventID, userIdentity: { type: "Root" }, eventName: "ConsoleLogin", eventType: "AwsConsoleSignIn" }));
    const file = logFile("stray-first-line.jsonl", `garbage\n${jsonLines(signIns)}`);
    const { summary, entries, skipped } = await readAll(file);
    expect(summary.format).toBe("cloudtrail-json-lines");
    expect(entries.map((e) => [e.line, e.record?.eventID])).toEqual([
      [2, "s1"],
      [3, "s2"],
      [4, "s3"],
    ]);
    expect(skipped).toEqual([{ file, line: 1, reason: "invalid JSON" }]);
  });

  test("reads records indented or after a stray sshd line as JSON Lines (JSON lines are not outvoted)", async () => {
    const sshd = "Feb 22 16:45:20 host sshd[2738]: Failed password for root from 203.0.113.9 port 1786 ssh2";
    const file = logFile("mixed.jsonl", `${sshd}\n  ${JSON.stringify(apiCall({ eventID: "a" }))}\n`);
    const { summary, entries, skipped } = await readAll(file);
    expect(summary.format).toBe("cloudtrail-json-lines");
    expect(entries.map((e) => e.record?.eventID)).toEqual(["a"]);
    expect(skipped).toEqual([{ file, line: 1, reason: "invalid JSON" }]);
  });

  test("reads a last line without a newline", async () => {
    const { entries } = await readAll(logFile("no-eol.jsonl", JSON.stringify(apiCall())));
    expect(entries).toHaveLength(1);
  });

  test("takes @timestamp when eventTime is missing (records passed through Logstash)", async () => {
    const record = { ...apiCall(), eventTime: undefined, "@timestamp": "2020-09-14T00:44:23.000Z" };
    const { entries } = await readAll(logFile("otrf.jsonl", jsonLines([record])));
    expect(entries[0].time).toBe(ms("2020-09-14T00:44:23Z"));
  });

  test("gives no time for a missing or non-RFC 3339 eventTime, but still delivers the record", async () => {
    const records = [apiCall({ eventTime: undefined }), apiCall({ eventTime: "2023-05-26 20:14:51" }), apiCall({ eventTime: 1700000000 })];
    const { entries, skipped } = await readAll(logFile("timeless.jsonl", jsonLines(records)));
    expect(skipped).toEqual([]);
    expect(entries.map((e) => e.time)).toEqual([undefined, undefined, undefined]);
  });
});

describe('{"Records":[...]} files as delivered to S3', () => {
  const records = [
    apiCall({ eventID: "r1", requestParameters: { policy: '{"Statement": [{"Effect": "Allow"}]}', note: 'a \\ b " ] } [ {' } }),
    apiCall({ eventID: "r2", userAgent: "naïve Ünïcode ✓ 😀" }),
    apiCall({ eventID: "r3" }),
  ];

  test("splits the records, numbering them 1, 2, 3, each with its own text slice", async () => {
    const { summary, entries, skipped } = await readAll(logFile("s3.json", JSON.stringify({ Records: records })));
    expect(summary.format).toBe("cloudtrail-records");
    expect(skipped).toEqual([]);
    expect(entries.map((e) => [e.line, e.record])).toEqual([
      [1, records[0]],
      [2, records[1]],
      [3, records[2]],
    ]);
    expect(entries.map((e) => e.text)).toEqual(records.map((r) => JSON.stringify(r)));
  });

  test("reads a pretty-printed file the same way", async () => {
    const { entries } = await readAll(logFile("pretty.json", `\ufeff${JSON.stringify({ Records: records }, null, 2)}\n`));
    expect(entries.map((e) => e.record)).toEqual(records);
    expect(JSON.parse(entries[0].text)).toEqual(records[0]);
  });

  test("reads an empty Records array", async () => {
    const { entries, skipped } = await readAll(logFile("empty.json", '{"Records":[]}'));
    expect([entries, skipped]).toEqual([[], []]);
  });

  test("reads a plain JSON array of records too", async () => {
    const { summary, entries } = await readAll(logFile("array.json", JSON.stringify(records)));
    expect(summary.format).toBe("cloudtrail-json-array");
    expect(entries.map((e) => e.line)).toEqual([1, 2, 3]);
  });

  test("reports a record cut off by the end of the file", async () => {
    const text = JSON.stringify({ Records: records });
    const file = logFile("cut.json", text.slice(0, text.indexOf('"r3"')));
    const { entries, skipped } = await readAll(file);
    expect(entries.map((e) => e.line)).toEqual([1, 2]);
    expect(skipped).toEqual([{ file, line: 3, reason: 'truncated record: the file ends inside the "Records" array' }]);
  });

  test("reports a record that is not valid JSON by its index and carries on", async () => {
    const text = `{"Records":[${JSON.stringify(records[0])},{"eventName": tru},${JSON.stringify(records[2])}]}`;
    const file = logFile("bad-record.json", text);
    const { entries, skipped } = await readAll(file);
    expect(entries.map((e) => e.line)).toEqual([1, 3]);
    expect(skipped).toEqual([{ file, line: 2, reason: "invalid JSON" }]);
  });

  test("reads S3 objects concatenated in one file, numbering records across them", async () => {
    const objects = `${JSON.stringify({ Records: records.slice(0, 2) })}${JSON.stringify({ Records: [] })}\n{ "Records" : [${JSON.stringify(records[2])}] }\n`;
    const { entries, skipped } = await readAll(logFile("concatenated.json", objects));
    expect(skipped).toEqual([]);
    expect(entries.map((e) => [e.line, e.record?.eventID])).toEqual([
      [1, "r1"],
      [2, "r2"],
      [3, "r3"],
    ]);
  });

  test("reads a multi-member gzip of S3 objects (cat a.json.gz b.json.gz)", async () => {
    const members = Buffer.concat([
      gzipSync(Buffer.from(JSON.stringify({ Records: [records[0]] }))),
      gzipSync(Buffer.from(JSON.stringify({ Records: [records[1], records[2]] }))),
    ]);
    const { entries, skipped } = await readAll(logFile("members.json.gz", members));
    expect(skipped).toEqual([]);
    expect(entries.map((e) => e.line)).toEqual([1, 2, 3]);
  });

  test("reports content after the Records object that is not another one", async () => {
    const file = logFile("trailing.json", `${JSON.stringify({ Records: records })}\nsomething else entirely, and more text to be sure it is not a document\n`);
    const { entries, skipped } = await readAll(file);
    expect(entries).toHaveLength(3);
    expect(skipped).toEqual([{ file, line: 4, reason: 'unexpected content after the "Records" array' }]);
  });

  test("streams a file larger than the read chunk without holding it", async () => {
    const many = Array.from({ length: 3000 }, (_, i) => apiCall({ eventID: `e${i}`, padding: "x".repeat(500 + (i % 7)) }));
    const { entries, skipped } = await readAll(logFile("big.json", JSON.stringify({ Records: many })));
    expect(skipped).toEqual([]);
    expect(entries).toHaveLength(3000);
    expect(entries[2999].record?.eventID).toBe("e2999");
  });
});

describe("gzip, detected by its magic bytes", () => {
  const records = [apiCall({ eventID: "g1" }), apiCall({ eventID: "g2" })];

  test.each([
    ["JSON Lines", jsonLines(records), "cloudtrail-json-lines"],
    ["Records", JSON.stringify({ Records: records }), "cloudtrail-records"],
  ])("reads gzipped %s like the plain file, whatever the name says", async (_name, content, format) => {
    const plain = await readAll(logFile(`plain-${format}.log`, content));
    const zipped = await readAll(logFile(`zipped-${format}.txt`, content, { gzip: true }));
    expect(zipped.summary).toEqual({ format, gzip: true });
    expect(zipped.entries.map(({ line, text, record, time }) => ({ line, text, record, time }))).toEqual(
      plain.entries.map(({ line, text, record, time }) => ({ line, text, record, time })),
    );
  });

  test("reports a truncated gzip at the line where it broke and keeps what came before", async () => {
    const many = Array.from({ length: 2000 }, (_, i) => apiCall({ eventID: `t${i}`, n: Math.random() }));
    const zipped = gzipSync(Buffer.from(jsonLines(many)));
    const file = logFile("truncated.jsonl.gz", zipped.subarray(0, Math.floor(zipped.length * 0.6)));
    const { entries, skipped } = await readAll(file);
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.length).toBeLessThan(2000);
    expect(skipped).toHaveLength(1);
    expect(skipped[0].line).toBe(entries.length + 1);
    expect(skipped[0].reason).toMatch(/^broken gzip \(unexpected end of file\)/);
  });

  test("reports a truncated gzipped S3 object at the record where it broke", async () => {
    const many = Array.from({ length: 2000 }, (_, i) => apiCall({ eventID: `s${i}`, n: Math.random() }));
    const zipped = gzipSync(Buffer.from(JSON.stringify({ Records: many })));
    const file = logFile("truncated.json.gz", zipped.subarray(0, Math.floor(zipped.length / 2)));
    const { entries, skipped } = await readAll(file);
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.map((e) => e.line)).toEqual(entries.map((_, i) => i + 1));
    expect(skipped).toEqual([{ file, line: entries.length + 1, reason: expect.stringMatching(/^broken gzip \(unexpected end of file\)/) }]);
  });

  test("reports corrupt gzip data", async () => {
    const zipped = gzipSync(Buffer.from(jsonLines(records)));
    zipped.fill(0x55, 12, 30);
    const file = logFile("corrupt.gz", zipped);
    const { skipped } = await readAll(file);
    expect(skipped).toHaveLength(1);
    expect(skipped[0].reason).toMatch(/^broken gzip/);
  });
});

describe("sshd and syslog text", () => {
  // Reference: the log file was last written to on 2024-06-30, so year-less lines are in 2024.
  const referenceTime = ms("2024-06-30T00:00:00Z");

  test("reads every line, with its time from a classic header read as UTC", async () => {
    const text = [
      "Feb 22 16:45:20 slave22 sshd[2738]: Failed password for root from 202.109.143.106 port 1786 ssh2",
      "Nov  2 15:40:14 workshop sshd[28179]: Invalid user a from 5.33.63.160",
      "Feb 12 14:10:21 sd-126005 sudo: vagrant : TTY=pts/0 ; COMMAND=/bin/ls",
    ].join("\n");
    const { summary, entries, skipped } = await readAll(logFile("secure", `${text}\n`), { referenceTime });
    expect(summary.format).toBe("syslog");
    expect(skipped).toEqual([]);
    expect(entries.map((e) => [e.line, e.record, e.time])).toEqual([
      [1, undefined, ms("2024-02-22T16:45:20Z")],
      [2, undefined, ms("2023-11-02T15:40:14Z")], // after the reference: the previous year
      [3, undefined, ms("2024-02-12T14:10:21Z")],
    ]);
    expect(entries[0].text).toBe(text.split("\n")[0]);
  });

  test("accepts an unpadded day, as syslog writers differ", async () => {
    const { entries } = await readAll(logFile("unpadded", "Nov 2 15:40:14 workshop sshd[28179]: x\n"), { referenceTime });
    expect(entries[0].time).toBe(ms("2023-11-02T15:40:14Z"));
  });

  test("reads RFC 3339 headers with their offset, and without one as UTC", async () => {
    const text = [
      "2023-11-14T00:20:42.738197+01:00 myserver sshd[1112652]: User root from 192.168.1.1 not allowed",
      "2019-06-14T10:40:20.912134 localhost sudo: pam_unix(sudo-i:session): session opened",
      "2019-06-14T13:01:15.412+01:30 localhost pam: user nobody logged out.",
      "<38>1 2019-07-08T17:40:16.954167-04:00 hostname.example.com sshd 57915 - - Failed unknown",
    ].join("\n");
    const { entries } = await readAll(logFile("rfc3339.log", text), { referenceTime });
    expect(entries.map((e) => e.time)).toEqual([
      ms("2023-11-13T23:20:42.738Z"),
      ms("2019-06-14T10:40:20.912Z"),
      ms("2019-06-14T11:31:15.412Z"),
      ms("2019-07-08T21:40:16.954Z"),
    ]);
  });

  test("reads OpenSSH 9.8's sshd-session lines like sshd's", async () => {
    const line = "Jun 21 16:47:48 host sshd-session[13709]: Invalid user admin from 192.0.2.1 port 4242";
    const { entries } = await readAll(logFile("session.log", `${line}\n`), { referenceTime });
    expect(entries).toEqual([{ file: expect.any(String), line: 1, text: line, record: undefined, time: ms("2024-06-21T16:47:48Z") }]);
  });

  test("skips and reports lines starting with # (fail2ban's annotations), keeping line numbers", async () => {
    const file = logFile("fail2ban.log", '# failJSON: { "match": true }\n\nJun 21 16:47:48 host sshd[1]: x\n');
    const { entries, skipped } = await readAll(file, { referenceTime });
    expect(entries.map((e) => e.line)).toEqual([3]);
    expect(skipped).toEqual([{ file, line: 1, reason: "comment line (starts with #), not a log line" }]);
  });

  test("reports a JSON line inside an sshd log instead of matching it as text, and reads the log lines around it", async () => {
    const text = [
      "Feb 22 16:45:20 slave22 sshd[2738]: Failed password for root from 202.109.143.106 port 1786 ssh2",
      JSON.stringify(apiCall({ eventID: "stray" })),
      "Feb 22 16:45:22 slave22 sshd[2738]: Failed password for root from 202.109.143.106 port 1786 ssh2",
      "Nov  2 15:40:14 workshop sshd[28179]: Invalid user a from 5.33.63.160",
    ].join("\n");
    const file = logFile("secure-with-json", `${text}\n`);
    const { summary, entries, skipped } = await readAll(file, { referenceTime });
    expect(summary.format).toBe("syslog");
    expect(entries.map((e) => e.line)).toEqual([1, 3, 4]);
    expect(skipped).toEqual([{ file, line: 2, reason: "JSON object in a file read as sshd/syslog text (told by its first lines); not evaluated" }]);
  });

  test("reports JSON lines that come after the part of an sshd log the format is told from", async () => {
    const line = "Jun 21 16:47:48 host sshd[13709]: Invalid user admin from 192.0.2.1 port 4242";
    const head = Array.from({ length: Math.ceil((64 * 1024) / line.length) + 1 }, () => line);
    const file = logFile("long-secure", `${[...head, JSON.stringify(apiCall())].join("\n")}\n`);
    const { summary, entries, skipped } = await readAll(file, { referenceTime });
    expect(summary.format).toBe("syslog");
    expect(entries).toHaveLength(head.length);
    expect(skipped).toEqual([{ file, line: head.length + 1, reason: expect.stringContaining("read as sshd/syslog text") }]);
  });

  test("delivers a line without a readable header with no time", async () => {
    const { entries } = await readAll(logFile("headless.log", "sshd[1]: Invalid user x from 192.0.2.1\n"));
    expect(entries[0].time).toBeUndefined();
  });

  test("puts a 29 February in the latest leap year", async () => {
    const { entries } = await readAll(logFile("leap.log", "Feb 29 01:02:03 h sshd[1]: x\n"), { referenceTime: ms("2026-03-10T00:00:00Z") });
    expect(entries[0].time).toBe(ms("2024-02-29T01:02:03Z"));
  });

  test("defaults the year of classic lines to the file's modification time", async () => {
    const { entries } = await readAll(logFile("mtime.log", "Jan  1 00:00:01 h sshd[1]: x\n"));
    expect(new Date(entries[0].time as number).getUTCFullYear()).toBe(new Date().getUTCFullYear());
  });
});

describe("files replay cannot open", () => {
  test("rejects a missing file with UnreadableFileError naming it", async () => {
    const sink = { entry: () => undefined, skip: () => undefined };
    await expect(readLogFile("/nonexistent/trail.jsonl", sink)).rejects.toThrow(new UnreadableFileError("/nonexistent/trail.jsonl", "no such file"));
  });

  test("rejects a directory", async () => {
    const sink = { entry: () => undefined, skip: () => undefined };
    await expect(readLogFile(__dirname, sink)).rejects.toBeInstanceOf(UnreadableFileError);
  });
});
