/**
 * Rendered pages kept for as long as what they show stays the same: the job board is rendered once
 * per indexed block (and pause state) for each query string and cookie header, then served from
 * memory by the proxy (web/proxy.ts).
 *
 * The content security policy stays a fresh nonce per response. A render writes its nonce into the
 * HTML (on every script, and where Next's payload passes it on); the entry keeps the HTML cut at
 * each place that nonce stood, and every response joins the pieces with its own new nonce. No
 * response ever shows the render's nonce, and no two responses share one.
 *
 * The cache is bounded in entries and bytes (least recently used goes first), and everything
 * stored for an earlier generation (an older indexed block) is dropped as soon as a newer one is
 * seen. Requests for the same page while it renders share the one render.
 */

/** A page the render marks as not to be kept (an error it shows instead of the data). */
export const NO_PAGE_CACHE_ATTRIBUTE = "data-no-page-cache";

export interface CachedPage {
  /** The HTML's bytes between the places the render's nonce stood (at least two pieces). */
  pieces: Uint8Array[];
  contentType: string;
  bytes: number;
}

export interface RenderedPage {
  status: number;
  contentType: string | null;
  setsCookie: boolean;
  /** The nonce of the render's content security policy. */
  nonce: string | null;
  html: string;
}

/** The nonce a content security policy allows scripts by, if any. */
export function policyNonce(policy: string | null): string | null {
  return /'nonce-([A-Za-z0-9+/=_-]+)'/.exec(policy ?? "")?.[1] ?? null;
}

/**
 * Whether a render may be kept for everyone who sends the same key: a complete 200 HTML page that
 * sets no cookie, shows no error, and whose every script carries the render's nonce.
 */
export function cacheableRender(page: RenderedPage): page is RenderedPage & { nonce: string } {
  if (page.status !== 200 || page.setsCookie || !page.nonce || page.nonce.length < 16) return false;
  if (!(page.contentType ?? "").startsWith("text/html") || !/<\/html>\s*$/i.test(page.html)) return false;
  if (page.html.includes(NO_PAGE_CACHE_ATTRIBUTE)) return false;
  const scripts = page.html.match(/<script\b[^>]*>/gi) ?? [];
  return scripts.length > 0 && scripts.every((tag) => tag.includes(`nonce="${page.nonce}"`));
}

/** The page's HTML with `nonce` wherever the render's nonce stood. */
export function pageWithNonce(page: CachedPage, nonce: string): Uint8Array {
  const stamp = new TextEncoder().encode(nonce);
  const out = new Uint8Array(page.bytes + stamp.byteLength * (page.pieces.length - 1));
  let at = 0;
  page.pieces.forEach((piece, i) => {
    if (i > 0) {
      out.set(stamp, at);
      at += stamp.byteLength;
    }
    out.set(piece, at);
    at += piece.byteLength;
  });
  return out;
}

export interface PageCacheLimits {
  maxEntries: number;
  maxBytes: number;
}

export class PageCache {
  /** Insertion order is recency order: a hit moves its entry to the end. */
  private readonly entries = new Map<string, Promise<CachedPage | null>>();
  private readonly sizes = new Map<string, number>();
  private bytes = 0;
  private generation: string | undefined;
  private readonly limits: PageCacheLimits;

  constructor(limits: PageCacheLimits) {
    this.limits = limits;
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  /** Whether `key` is kept (or rendering) for `generation`. */
  has(generation: string, key: string): boolean {
    return generation === this.generation && this.entries.has(key);
  }

  /**
   * The page for `key` in `generation`: from memory, or from `render` (shared by every caller
   * while it runs). Null when the render may not be kept; the caller then renders as usual.
   */
  page(generation: string, key: string, render: () => Promise<RenderedPage>): Promise<CachedPage | null> {
    if (generation !== this.generation) {
      this.clear();
      this.generation = generation;
    }
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const pending = render().then(
      (rendered) => (cacheableRender(rendered) ? entry(rendered.html, rendered.nonce, rendered.contentType) : null),
      () => null,
    );
    this.entries.set(key, pending);
    void pending.then((page) => {
      if (this.entries.get(key) !== pending) return;
      if (!page) {
        this.entries.delete(key);
        return;
      }
      this.sizes.set(key, page.bytes);
      this.bytes += page.bytes;
      this.evict();
    });
    this.evict();
    return pending;
  }

  clear(): void {
    this.entries.clear();
    this.sizes.clear();
    this.bytes = 0;
  }

  private evict(): void {
    while (this.entries.size > this.limits.maxEntries || this.bytes > this.limits.maxBytes) {
      const oldest = this.entries.keys().next().value!;
      this.entries.delete(oldest);
      this.bytes -= this.sizes.get(oldest) ?? 0;
      this.sizes.delete(oldest);
    }
  }
}

function entry(html: string, nonce: string, contentType: string | null): CachedPage {
  const encoder = new TextEncoder();
  const pieces = html.split(nonce).map((piece) => encoder.encode(piece));
  return {
    pieces,
    contentType: contentType ?? "text/html; charset=utf-8",
    bytes: pieces.reduce((sum, piece) => sum + piece.byteLength, 0),
  };
}
