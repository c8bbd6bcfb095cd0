import { contractErrorAbi } from "../../../../server/error-abi.ts";

export const dynamic = "force-dynamic";

/** The ABI items of every custom error the contracts can revert with, to decode any revert's data. */
export function GET() {
  return Response.json(contractErrorAbi(), { headers: { "cache-control": "public, max-age=300" } });
}
