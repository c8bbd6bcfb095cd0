/**
 * The matcher reads the index through the SDK's GraphQL client (one client for every part of
 * Mosaic); this module keeps the matcher's names for it and its own data-shape error.
 */
import { createIndexClient, IndexQueryError, IndexUnreachableError } from "@mosaic/sdk/index-client";

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface GraphQLRequestOptions {
  fetch?: FetchLike;
  timeoutMs?: number;
}

export const DEFAULT_SUBGRAPH_URL = "http://127.0.0.1:8000/subgraphs/name/mosaic";
const DEFAULT_TIMEOUT_MS = 15_000;

/** Nothing answered at the URL: the indexer is not running, or the URL is wrong. */
export { IndexUnreachableError as SubgraphUnreachableError };
/** The server answered, but not with GraphQL data (HTTP error, bad JSON, query errors). */
export { IndexQueryError as SubgraphQueryError };

export function postGraphQL<T>(url: string, query: string, options: GraphQLRequestOptions = {}): Promise<T> {
  const client = createIndexClient(url, {
    fetch: options.fetch as typeof fetch | undefined,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
  return client.query<T>(query);
}

/** An entity came back in a shape the matcher cannot use. */
export class SubgraphDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SubgraphDataError";
  }
}
