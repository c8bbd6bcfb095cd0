import { readDocument } from "../../../../server/documents/service.ts";
import { jsonError } from "../../../../server/http.ts";

export const dynamic = "force-dynamic";

/** The stored bytes, served only after checking them against the CID; immutable by construction. */
export async function GET(_request: Request, context: { params: Promise<{ cid: string }> }) {
  const { cid } = await context.params;
  const result = await readDocument(cid);
  if (!result.ok) return jsonError(result.status, result.error);
  return new Response(Buffer.from(result.document.bytes), {
    status: 200,
    headers: {
      "content-type": "application/json",
      "cache-control": "public, max-age=31536000, immutable",
      etag: `"${result.document.cid}"`,
      "x-content-type-options": "nosniff",
    },
  });
}
