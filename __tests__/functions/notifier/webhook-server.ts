/**
 * A real HTTP server on 127.0.0.1 standing in for Slack, Teams and a webhook receiver: each path
 * answers from a script of responses (status, headers, or a hang past the client's timeout), and
 * records every request with its body and headers.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startDynamoDb, type DynamoDbServer } from "../stream-detector/dynamodb-server";

export type Scripted = { readonly status: number; readonly headers?: Record<string, string>; readonly body?: string } | { readonly hangMs: number };

export interface ReceivedRequest {
  readonly path: string;
  readonly body: string;
  readonly headers: IncomingHttpHeaders;
}

export interface WebhookServer {
  readonly base: string;
  readonly received: ReceivedRequest[];
  /** The responses a path gives, in order; the last repeats. `decide` may answer from the request instead. */
  script(path: string, responses: readonly Scripted[] | ((request: ReceivedRequest) => Scripted)): void;
  close(): Promise<void>;
}

export async function startWebhookServer(): Promise<WebhookServer> {
  const scripts = new Map<string, readonly Scripted[] | ((request: ReceivedRequest) => Scripted)>();
  const counts = new Map<string, number>();
  const received: ReceivedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const request = { path: req.url ?? "", body: Buffer.concat(chunks).toString("utf8"), headers: req.headers };
      received.push(request);
      const script = scripts.get(request.path);
      const n = counts.get(request.path) ?? 0;
      counts.set(request.path, n + 1);
      const answer: Scripted = script === undefined ? { status: 404 } : typeof script === "function" ? script(request) : script[Math.min(n, script.length - 1)];
      if ("hangMs" in answer) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!res.writableEnded) res.end("late");
        }, answer.hangMs);
        timers.add(timer);
        return;
      }
      res.writeHead(answer.status, answer.headers).end(answer.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    received,
    script: (path, responses) => scripts.set(path, responses),
    close: async () => {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The two local servers the notifier's tests run against: the webhook stand-in and DynamoDB (dynalite). */
export function useLocalServers(): { readonly http: () => WebhookServer; readonly db: () => DynamoDbServer } {
  let http: WebhookServer | undefined;
  let db: DynamoDbServer | undefined;
  beforeAll(async () => {
    [http, db] = await Promise.all([startWebhookServer(), startDynamoDb()]);
  });
  afterAll(async () => {
    await Promise.all([http?.close(), db?.close()]);
  });
  return { http: () => http as WebhookServer, db: () => db as DynamoDbServer };
}
