/**
 * A real DynamoDB-compatible server for the stream detector's tests: dynalite, in memory, on
 * 127.0.0.1 and an ephemeral port, with the function's table created as the construct declares it.
 */
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { TABLE_KEY } from "../../../functions/stream-detector/window-table";

// dynalite ships no types: its factory returns an http.Server.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require("dynalite") as (options: Record<string, unknown>) => Server;

export interface DynamoDbServer {
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  readonly documents: DynamoDBDocumentClient;
  /** Creates a fresh table (one per test keeps tests independent) and returns its name. */
  createTable(): Promise<string>;
  close(): Promise<void>;
}

let tables = 0;

export async function startDynamoDb(): Promise<DynamoDbServer> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
  return {
    endpoint,
    client,
    documents: DynamoDBDocumentClient.from(client),
    async createTable() {
      const name = `tripline-stream-detector-${++tables}`;
      await client.send(
        new CreateTableCommand({
          TableName: name,
          AttributeDefinitions: [{ AttributeName: TABLE_KEY, AttributeType: "S" }],
          KeySchema: [{ AttributeName: TABLE_KEY, KeyType: "HASH" }],
          BillingMode: "PAY_PER_REQUEST",
        }),
      );
      return name;
    },
    async close() {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
