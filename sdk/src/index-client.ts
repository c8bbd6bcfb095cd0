/**
 * The index: typed GraphQL queries of Mosaic's subgraph (served by graph-node, or by the in-repo
 * indexer with the same schema), paging by `id_gt`, and waiting until a block is indexed.
 * Works in browsers and Node (global `fetch`); amounts arrive as decimal strings and are turned
 * into bigints here.
 */

export interface IndexClient {
  /** The subgraph's GraphQL endpoint. */
  url: string;
  /** Runs one query; throws with the server's messages when it answers with errors. */
  query<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

/** The index answered, but not with data: HTTP error, not JSON, or GraphQL errors (their messages). */
export class IndexQueryError extends Error {
  /** The endpoint that answered, and its HTTP status (200 when only the GraphQL errors failed it). */
  readonly url: string;
  readonly status: number;
  constructor(message: string, url = "", status = 0) {
    super(url ? `the index at ${url} answered HTTP ${status}: ${message}` : message);
    this.name = "IndexQueryError";
    this.url = url;
    this.status = status;
  }
}

/** Nothing answered at the URL: the indexer is not running, or the URL is wrong. */
export class IndexUnreachableError extends Error {
  readonly url: string;
  constructor(url: string, cause: unknown) {
    const inner = (cause as { cause?: { code?: string; message?: string } })?.cause;
    super(`could not reach the index at ${url}: ${inner?.code ?? inner?.message ?? (cause as Error)?.message}`, {
      cause,
    });
    this.name = "IndexUnreachableError";
    this.url = url;
  }
}

/** A client of the GraphQL endpoint at `url` (e.g. http://127.0.0.1:8000/subgraphs/name/mosaic). */
export function createIndexClient(
  url: string,
  options: { fetch?: typeof fetch; timeoutMs?: number } = {},
): IndexClient {
  const doFetch = options.fetch ?? globalThis.fetch;
  return {
    url,
    async query<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
      let response: Response;
      try {
        response = await doFetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", accept: "application/json" },
          body: JSON.stringify({ query, variables }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
        });
      } catch (error) {
        throw new IndexUnreachableError(url, error);
      }
      const text = await response.text();
      let body: { data?: T; errors?: { message: string }[] };
      try {
        body = JSON.parse(text);
      } catch {
        throw new IndexQueryError(`not JSON: ${text.slice(0, 200)}`, url, response.status);
      }
      if (body.errors?.length)
        throw new IndexQueryError(body.errors.map((e) => e.message).join("; "), url, response.status);
      if (!response.ok || !body.data) throw new IndexQueryError(text.slice(0, 200) || "no data", url, response.status);
      return body.data;
    },
  };
}

/**
 * Every row of a list query, page by page in id order: `cursorVariable` (used as `id_gt` in the
 * query) starts at `start` and becomes the last id of each page, until a page has fewer than
 * `first` rows. Stable while new rows are indexed, unlike `skip`.
 */
export async function paginate<Row extends { id: string }>(
  client: IndexClient,
  query: string,
  options: {
    field: string;
    variables?: Record<string, unknown>;
    first?: number;
    cursorVariable?: string;
    start?: string;
    /** Stops after this many pages (a guard against a query that ignores the cursor). */
    maxPages?: number;
    /** The variables of a page from its cursor, when the cursor goes elsewhere than `cursorVariable`. */
    variablesFor?: (cursor: unknown) => Record<string, unknown>;
  },
): Promise<{ rows: Row[]; last: Record<string, unknown> }> {
  const first = options.first ?? Number(options.variables?.first ?? 1000);
  if (!Number.isInteger(first) || first < 1) throw new RangeError("paginate needs a positive `first`");
  const cursorVariable = options.cursorVariable ?? "after";
  const rows: Row[] = [];
  let cursor: unknown = options.start ?? options.variables?.[cursorVariable] ?? "";
  let last: Record<string, unknown> = {};
  for (let page = 0; page < (options.maxPages ?? 10_000); page++) {
    last = await client.query<Record<string, unknown>>(query, {
      ...options.variables,
      first,
      ...(options.variablesFor ? options.variablesFor(cursor) : { [cursorVariable]: cursor }),
    });
    const batch = last[options.field] as Row[] | undefined;
    if (!Array.isArray(batch)) throw new IndexQueryError(`the answer has no list \`${options.field}\` to page through`);
    rows.push(...batch);
    if (batch.length < first) break;
    cursor = batch[batch.length - 1].id;
  }
  return { rows, last };
}

export interface IndexStatus {
  /** Last block indexed, or null before the first. */
  block: number | null;
  hasIndexingErrors: boolean;
}

/** The block the index has reached (`_meta`). */
export async function indexStatus(client: IndexClient): Promise<IndexStatus> {
  const data = await client.query<{ _meta: { block: { number: number } | null; hasIndexingErrors: boolean } | null }>(
    "{ _meta { block { number } hasIndexingErrors } }",
  );
  return { block: data._meta?.block?.number ?? null, hasIndexingErrors: data._meta?.hasIndexingErrors ?? false };
}

/**
 * Waits until the index has reached `block` (e.g. a receipt's `blockNumber`), so a query sees the
 * transaction. Throws when the index reports indexing errors or does not get there in time.
 */
export async function waitUntilIndexed(
  client: IndexClient,
  block: bigint | number,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<IndexStatus> {
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  let last = "no answer yet";
  for (;;) {
    try {
      const status = await indexStatus(client);
      if (status.hasIndexingErrors) throw new IndexQueryError(`${client.url} reports indexing errors`);
      if (status.block !== null && BigInt(status.block) >= BigInt(block)) return status;
      last = status.block === null ? "nothing indexed yet" : `indexed up to block ${status.block}`;
    } catch (error) {
      if ((error as Error).message.includes("indexing errors")) throw error;
      last = (error as Error).message;
    }
    if (Date.now() > deadline)
      throw new IndexQueryError(`${client.url} did not reach block ${block} in time (${last})`);
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 500));
  }
}

// ------------------------------------------------------------------------------------------ typed queries

export interface IndexedMilestone {
  index: number;
  amount: bigint;
  bonus: bigint;
  state: string;
  bonusState: string;
  deadline: bigint;
}

export interface IndexedJob {
  id: string;
  status: string;
  client: string;
  vendor: string | null;
  token: string;
  open: boolean;
  specCid: string;
  totalAmount: bigint;
  escrowed: bigint;
  createdAt: bigint;
  milestones: IndexedMilestone[];
}

const JOB_FIELDS = `
  id status open specCid totalAmount escrowed createdAt
  client { id } vendor { id } token { id }
  milestones(orderBy: index) { index amount bonus state bonusState deadline }
`;

type RawJob = Omit<
  IndexedJob,
  "client" | "vendor" | "token" | "totalAmount" | "escrowed" | "createdAt" | "milestones"
> & {
  client: { id: string };
  vendor: { id: string } | null;
  token: { id: string };
  totalAmount: string;
  escrowed: string;
  createdAt: string;
  milestones: (Omit<IndexedMilestone, "amount" | "bonus" | "deadline"> & {
    amount: string;
    bonus: string;
    deadline: string;
  })[];
};

function toJob(raw: RawJob): IndexedJob {
  return {
    ...raw,
    client: raw.client.id,
    vendor: raw.vendor?.id ?? null,
    token: raw.token.id,
    totalAmount: BigInt(raw.totalAmount),
    escrowed: BigInt(raw.escrowed),
    createdAt: BigInt(raw.createdAt),
    milestones: raw.milestones.map((m) => ({
      ...m,
      amount: BigInt(m.amount),
      bonus: BigInt(m.bonus),
      deadline: BigInt(m.deadline),
    })),
  };
}

/** One job by id (decimal string or bigint), or null when the index does not have it. */
export async function indexedJob(client: IndexClient, jobId: bigint | string): Promise<IndexedJob | null> {
  const data = await client.query<{ job: RawJob | null }>(`query Job($id: ID!) { job(id: $id) { ${JOB_FIELDS} } }`, {
    id: String(jobId),
  });
  return data.job ? toJob(data.job) : null;
}

/**
 * Every job matching `where` (a JobFilter, e.g. `{ status: "Open" }`), paged by id. Job ids are
 * strings of decimal numbers, so "id order" is the subgraph's string order, stable for paging.
 */
export async function indexedJobs(
  client: IndexClient,
  options: { where?: Record<string, unknown>; first?: number; maxPages?: number } = {},
): Promise<IndexedJob[]> {
  const { rows } = await paginate<RawJob>(
    client,
    `query Jobs($first: Int!, $where: Job_filter!) {
      jobs(first: $first, orderBy: id, where: $where) { ${JOB_FIELDS} }
    }`,
    {
      field: "jobs",
      first: options.first,
      maxPages: options.maxPages,
      variablesFor: (cursor) => ({ where: { ...options.where, id_gt: cursor } }),
    },
  );
  return rows.map(toJob);
}

export interface IndexedPayment {
  id: string;
  kind: string;
  job: string;
  vendor: string;
  token: string;
  gross: bigint;
  toVendor: bigint;
  fee: bigint;
  timestamp: bigint;
  blockNumber: bigint;
  transactionHash: string;
}

/** Every payment to vendors, paged by `id_gt` (the saved `payments-export` query's shape). */
export async function indexedPayments(
  client: IndexClient,
  options: { first?: number } = {},
): Promise<IndexedPayment[]> {
  type Raw = Record<string, unknown> & { id: string };
  const { rows } = await paginate<Raw>(
    client,
    `query Payments($first: Int!, $after: Bytes!) {
      payments(first: $first, where: { id_gt: $after }, orderBy: id) {
        id kind job { id } vendor { id } token { id } gross toVendor fee timestamp blockNumber transactionHash
      }
    }`,
    { field: "payments", first: options.first, start: "0x" },
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as string,
    job: (r.job as { id: string }).id,
    vendor: (r.vendor as { id: string }).id,
    token: (r.token as { id: string }).id,
    gross: BigInt(r.gross as string),
    toVendor: BigInt(r.toVendor as string),
    fee: BigInt(r.fee as string),
    timestamp: BigInt(r.timestamp as string),
    blockNumber: BigInt(r.blockNumber as string),
    transactionHash: r.transactionHash as string,
  }));
}
