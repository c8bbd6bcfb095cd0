/**
 * Whether the page runs as a Safe app: inside a frame whose parent is one of the Safe{Wallet}
 * origins the server allows (MOSAIC_SAFE_APP_ORIGINS). Read by the wallet runtime (the Safe
 * connector and the transport exist only then), never by the first load.
 */
export function safeFrameOrigin(allowed: readonly string[]): string | null {
  if (typeof window === "undefined" || allowed.length === 0 || window.parent === window) return null;
  // Chromium and Safari name the framing origin; elsewhere the referrer does (Safe sends one).
  const ancestors = (window.location as Location & { ancestorOrigins?: DOMStringList }).ancestorOrigins;
  let parent: string | null = ancestors && ancestors.length > 0 ? ancestors[0] : null;
  if (!parent && document.referrer) {
    try {
      parent = new URL(document.referrer).origin;
    } catch {
      parent = null;
    }
  }
  return parent && allowed.includes(parent) ? parent : null;
}
