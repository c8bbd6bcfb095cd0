import { json } from "../../../server/http.ts";
import { indexedBlock } from "../../../server/subgraph.ts";

export const dynamic = "force-dynamic";

/** The latest block the index has processed (`null` when the index cannot be reached). */
export async function GET() {
  return json({ block: await indexedBlock() });
}
