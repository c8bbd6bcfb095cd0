/** Small helpers shared by the route handlers: JSON answers and the request's own origin. */

export function jsonError(status: number, error: string, headers?: HeadersInit): Response {
  return Response.json({ error }, { status, headers: { "cache-control": "no-store", ...headers } });
}

export function json(body: unknown, status = 200, headers?: HeadersInit): Response {
  return Response.json(body, { status, headers: { "cache-control": "no-store", ...headers } });
}

/** The host the browser addressed (`Host` header), e.g. `127.0.0.1:3000`. */
export function requestHost(request: Request): string {
  return request.headers.get("host") ?? new URL(request.url).host;
}

/**
 * The app's origin as the browser sees it. MOSAIC_PUBLIC_ORIGIN pins it behind a proxy; otherwise
 * the request's scheme (or X-Forwarded-Proto) and host.
 */
export function requestOrigin(request: Request): string {
  const pinned = process.env.MOSAIC_PUBLIC_ORIGIN;
  if (pinned) return new URL(pinned).origin;
  const forwarded = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  const protocol = forwarded ? `${forwarded}:` : new URL(request.url).protocol;
  return `${protocol}//${requestHost(request)}`;
}
