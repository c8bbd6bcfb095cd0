/** Minimal GraphQL-over-HTTP client for The Graph's query endpoint. */

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface GraphQLRequestOptions {
  fetch?: FetchLike;
  timeoutMs?: number;
}

export const DEFAULT_SUBGRAPH_URL = "http://127.0.0.1:8000/subgraphs/name/mosaic";
const DEFAULT_TIMEOUT_MS = 15_000;

/** Nothing answered at the URL: the indexer is not running, or the URL is wrong. */
export class SubgraphUnreachableError extends Error {
  readonly url: string;
  constructor(url: string, cause: unknown) {
    super(`Could not reach the subgraph at ${url}: ${describeCause(cause)}`, {
      cause,
    });
    this.name = "SubgraphUnreachableError";
    this.url = url;
  }
}

/** The server answered, but not with GraphQL data (HTTP error, bad JSON, query errors). */
export class SubgraphQueryError extends Error {
  readonly url: string;
  readonly status: number;
  constructor(url: string, status: number, detail: string) {
    super(`The subgraph at ${url} answered HTTP ${status}: ${detail}`);
    this.name = "SubgraphQueryError";
    this.url = url;
    this.status = status;
  }
}

export async function postGraphQL<T>(url: string, query: string, options: GraphQLRequestOptions = {}): Promise<T> {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json",
      },
      body: JSON.stringify({ query }),
      signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
  } catch (error) {
    throw new SubgraphUnreachableError(url, error);
  }
  const text = await response.text();
  let body: { data?: T | null; errors?: { message?: string }[] };
  try {
    body = JSON.parse(text);
  } catch {
    throw new SubgraphQueryError(url, response.status, `not JSON: ${text.slice(0, 200)}`);
  }
  if (Array.isArray(body.errors) && body.errors.length > 0) {
    const messages = body.errors.map((e) => e.message ?? JSON.stringify(e)).join("; ");
    throw new SubgraphQueryError(url, response.status, messages);
  }
  if (!response.ok || body.data === undefined || body.data === null) {
    throw new SubgraphQueryError(url, response.status, text.slice(0, 200) || "empty body");
  }
  return body.data;
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = (cause as Error & { cause?: { code?: string; message?: string } }).cause;
    return inner?.code ?? inner?.message ?? cause.message;
  }
  return String(cause);
}

/** An entity came back in a shape the matcher cannot use. */
export class SubgraphDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SubgraphDataError";
  }
}
