/**
 * Runs one query on Athena (docs/aws-facts.md o12, o13): StartQueryExecution in the hunt workgroup,
 * GetQueryExecution with exponential backoff until a terminal state, GetQueryResults page by page
 * (1,000 rows, the first row of the first page being the header), StopQueryExecution when the
 * caller aborts (Ctrl-C). A failed query's reason is surfaced as it is.
 * https://docs.aws.amazon.com/athena/latest/APIReference/API_GetQueryResults.html
 */
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from "@aws-sdk/client-athena";

export interface AthenaQuery {
  readonly sql: string;
  readonly workGroup: string;
  readonly database: string;
  readonly catalog?: string;
}

export interface AthenaResult {
  readonly queryExecutionId: string;
  readonly columns: readonly string[];
  readonly rows: readonly (string | null)[][];
  readonly bytesScanned: number;
}

/** A query Athena ended as FAILED or CANCELLED, with its reason. */
export class AthenaQueryError extends Error {
  constructor(
    readonly queryExecutionId: string,
    readonly state: string,
    reason: string,
  ) {
    super(`Athena query ${queryExecutionId} ${state}: ${reason}`);
    this.name = "AthenaQueryError";
  }
}

export interface PollOptions {
  readonly firstDelayMs?: number;
  readonly maxDelayMs?: number;
  /** For tests: how to wait. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly signal?: AbortSignal;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The client, honouring `AWS_ENDPOINT_URL` (a local emulator or a VPC endpoint). */
export const athenaClient = (): AthenaClient => new AthenaClient(process.env.AWS_ENDPOINT_URL ? { endpoint: process.env.AWS_ENDPOINT_URL } : {});

/**
 * Athena's price: $5 per TB scanned, each query rounded up to the MB with a 10 MB minimum
 * (docs/aws-facts.md o14, uncertain: third-party pages). https://aws.amazon.com/athena/pricing/
 */
export function athenaCostUsd(bytesScanned: number): number {
  const mb = Math.max(10, Math.ceil(bytesScanned / 1_000_000));
  return (mb / 1_000_000) * 5;
}

export async function runAthenaQuery(client: AthenaClient, query: AthenaQuery, options: PollOptions = {}): Promise<AthenaResult> {
  const sleep = options.sleep ?? defaultSleep;
  const started = await client.send(
    new StartQueryExecutionCommand({
      QueryString: query.sql,
      WorkGroup: query.workGroup,
      QueryExecutionContext: { Database: query.database, Catalog: query.catalog ?? "AwsDataCatalog" },
    }),
  );
  const id = started.QueryExecutionId;
  if (id === undefined) throw new Error("Athena returned no QueryExecutionId");
  const stop = () => {
    void client.send(new StopQueryExecutionCommand({ QueryExecutionId: id })).catch(() => undefined);
  };
  options.signal?.addEventListener("abort", stop, { once: true });
  try {
    let delay = options.firstDelayMs ?? 200;
    let bytesScanned = 0;
    for (;;) {
      if (options.signal?.aborted) throw new AthenaQueryError(id, "CANCELLED", "stopped by the user");
      const execution = await client.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
      const status = execution.QueryExecution?.Status;
      bytesScanned = execution.QueryExecution?.Statistics?.DataScannedInBytes ?? bytesScanned;
      const state = status?.State ?? "QUEUED";
      if (state === "SUCCEEDED") break;
      if (state === "FAILED" || state === "CANCELLED") throw new AthenaQueryError(id, state, status?.StateChangeReason ?? status?.AthenaError?.ErrorMessage ?? "no reason given");
      await sleep(delay);
      delay = Math.min(delay * 2, options.maxDelayMs ?? 5000);
    }
    const rows: (string | null)[][] = [];
    let columns: string[] = [];
    let token: string | undefined;
    let first = true;
    do {
      const page = await client.send(new GetQueryResultsCommand({ QueryExecutionId: id, MaxResults: 1000, NextToken: token }));
      if (first) columns = (page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((c) => c.Name ?? "");
      const data = (page.ResultSet?.Rows ?? []).map((r) => (r.Data ?? []).map((d) => d.VarCharValue ?? null));
      rows.push(...(first ? data.slice(1) : data));
      first = false;
      token = page.NextToken;
    } while (token !== undefined);
    return { queryExecutionId: id, columns, rows, bytesScanned };
  } finally {
    options.signal?.removeEventListener("abort", stop);
  }
}
