import { jsonError } from "../../../../../server/http.ts";
import { readAvatar } from "../../../../../server/names.ts";

export const dynamic = "force-dynamic";

/** An avatar image, checked against its CID, with its sniffed image type; immutable by construction. */
export async function GET(_request: Request, context: { params: Promise<{ cid: string }> }) {
  const { cid } = await context.params;
  const avatar = await readAvatar(cid);
  if (!avatar) return jsonError(404, `no avatar with CID ${cid}`);
  return new Response(Buffer.from(avatar.bytes), {
    status: 200,
    headers: {
      "content-type": avatar.type,
      "cache-control": "public, max-age=31536000, immutable",
      "content-security-policy": "default-src 'none'",
      "x-content-type-options": "nosniff",
    },
  });
}
