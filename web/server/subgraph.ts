/** Queries to the Mosaic subgraph (the local indexer in development, graph-node in production). */
import { serverConfig } from "./config.ts";

export class SubgraphError extends Error {}

/** What a visitor reads when the index is down: what it means for them, no internal address. */
export const UNREACHABLE =
  "Mosaic's job index is temporarily unavailable, so this page cannot show current data. Funds in escrow are " +
  "not affected: they are on chain. Please try again in a minute.";

export async function querySubgraph<T>(
  query: string,
  variables: Record<string, unknown> = {},
  subgraphUrl: string = serverConfig().subgraphUrl,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(subgraphUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query, variables }),
      cache: "no-store",
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    // The address is for the operator's log, not for the visitor.
    console.error(`The subgraph at ${subgraphUrl} cannot be reached: ${(error as Error).message}`);
    throw new SubgraphError(UNREACHABLE);
  }
  const body = (await response.json().catch(() => ({}))) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new SubgraphError(`The index answered: ${body.errors[0].message}`);
  if (!response.ok || !body.data) throw new SubgraphError(`The index answered HTTP ${response.status}.`);
  return body.data;
}

/** The latest block the index has processed, or null when it cannot be reached. */
export async function indexedBlock(): Promise<number | null> {
  try {
    const data = await querySubgraph<{ _meta: { block: { number: number } } | null }>(
      "{ _meta { block { number } } }",
      {},
      serverConfig().indexerStatusUrl,
    );
    return data._meta?.block.number ?? null;
  } catch {
    return null;
  }
}
