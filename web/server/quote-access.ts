/**
 * Who may read a job's quotes: its client sees every quote, a vendor only its own. Prices stay
 * between the two parties of each offer.
 */
import { querySubgraph } from "./subgraph.ts";

/** The client of job `jobId` from the index, or null when the index has no such job. */
export async function jobClient(jobId: string): Promise<string | null> {
  const { job } = await querySubgraph<{ job: { client: { id: string } } | null }>(
    `query Client($id: ID!) { job(id: $id) { client { id } } }`,
    { id: BigInt(jobId).toString() },
  );
  return job?.client.id.toLowerCase() ?? null;
}

export function visibleTo<T extends { author: string }>(docs: T[], viewer: string | null, client: string | null): T[] {
  if (!viewer) return [];
  const me = viewer.toLowerCase();
  if (client && me === client) return docs;
  return docs.filter((d) => d.author.toLowerCase() === me);
}
