import { isPreviewable, readAttachment } from "../../../../../../server/documents/attachments.ts";
import { jsonError } from "../../../../../../server/http.ts";

export const dynamic = "force-dynamic";

/**
 * An attachment's bytes, checked against its CID. Images and PDFs are served as what their bytes
 * are, for previews; anything else as a download. Immutable: the CID is the content.
 */
export async function GET(request: Request, context: { params: Promise<{ id: string; cid: string }> }) {
  const { cid } = await context.params;
  const result = await readAttachment(cid);
  if (!result.ok) return jsonError(result.status, result.error);
  const name =
    new URL(request.url).searchParams
      .get("name")
      ?.replace(/[^\w.-]+/g, "_")
      .slice(0, 100) || cid;
  const inline = isPreviewable(result.type);
  return new Response(Buffer.from(result.bytes), {
    status: 200,
    headers: {
      "content-type": result.type,
      "content-length": String(result.bytes.byteLength),
      "content-disposition": `${inline ? "inline" : "attachment"}; filename="${name}"`,
      "cache-control": "public, max-age=31536000, immutable",
      etag: `"${cid}"`,
      "x-content-type-options": "nosniff",
      // Nothing in a served file may run (the browser's PDF viewer refuses a sandboxed document).
      "content-security-policy": `default-src 'none'; img-src 'self'; style-src 'unsafe-inline'${result.type === "application/pdf" ? "" : "; sandbox"}`,
    },
  });
}
