/**
 * The Safe apps manifest (`/manifest.json`): what Safe{Wallet} shows when someone adds Mosaic as a
 * custom Safe app. Safe reads it from its own origin, so it is open to any origin (read-only, no
 * credentials). Framing by Safe is a separate setting (MOSAIC_SAFE_APP_ORIGINS, security-headers.ts).
 */
export const dynamic = "force-static";

const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, OPTIONS",
  "access-control-allow-headers": "X-Requested-With, content-type, Authorization",
};

const SAFE_APP_MANIFEST = {
  name: "Mosaic",
  description: "Outsourcing with milestone escrow: post jobs, fund milestones and pay vendors from your Safe.",
  // Relative to the app's URL (Next serves app/icon.svg at /icon.svg).
  iconPath: "icon.svg",
};

export function GET() {
  return Response.json(SAFE_APP_MANIFEST, { headers: CORS });
}

export function OPTIONS() {
  return new Response(null, { status: 204, headers: CORS });
}
