import { contractErrorNotices } from "@mosaic/sdk/errors";

export const dynamic = "force-dynamic";

/** `{ "<ErrorName>": "<NatSpec notice>" }` for every custom error of the contracts' interfaces. */
export function GET() {
  return Response.json(contractErrorNotices(), { headers: { "cache-control": "public, max-age=300" } });
}
