import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  cacheableRender,
  NO_PAGE_CACHE_ATTRIBUTE,
  PageCache,
  pageWithNonce,
  policyNonce,
  type RenderedPage,
} from "../../../web/server/page-cache.ts";
import { contentSecurityPolicy } from "../../../web/server/security-headers.ts";

const NONCE = "cmVuZGVyLW5vbmNlLTEyMw==";

function html(body: string, nonce = NONCE): RenderedPage {
  return {
    status: 200,
    contentType: "text/html; charset=utf-8",
    setsCookie: false,
    nonce,
    html: `<!DOCTYPE html><html><head><script src="/_next/static/chunks/a.js" async="" nonce="${nonce}"></script></head><body>${body}<script nonce="${nonce}">self.__next_f.push([1,"{\\"nonce\\":\\"${nonce}\\"}"])</script></body></html>`,
  };
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe("page cache", () => {
  it("reads the nonce of a policy", () => {
    assert.equal(policyNonce(contentSecurityPolicy({ nonce: NONCE })), NONCE);
    assert.equal(policyNonce(contentSecurityPolicy({})), null);
    assert.equal(policyNonce(null), null);
  });

  it("keeps only complete 200 HTML pages that set no cookie, show no error and nonce every script", () => {
    assert.ok(cacheableRender(html("board")));
    assert.ok(!cacheableRender({ ...html("board"), status: 500 }));
    assert.ok(!cacheableRender({ ...html("board"), setsCookie: true }));
    assert.ok(!cacheableRender({ ...html("board"), nonce: null }));
    assert.ok(!cacheableRender({ ...html("board"), contentType: "text/x-component" }));
    assert.ok(!cacheableRender({ ...html("board"), html: html("board").html.replace("</html>", "") }));
    assert.ok(!cacheableRender(html(`<p role="alert" ${NO_PAGE_CACHE_ATTRIBUTE}="">index down</p>`)));
    assert.ok(!cacheableRender(html("<script>unnonced()</script>")));
  });

  it("serves each response with its own nonce wherever the render's stood, and the render's nowhere", async () => {
    const cache = new PageCache({ maxEntries: 10, maxBytes: 1_000_000 });
    const page = (await cache.page("7:false", "/", async () => html("<p>é board</p>")))!;
    const first = text(pageWithNonce(page, "Zmlyc3Qtbm9uY2UtLS0tLQ=="));
    const second = text(pageWithNonce(page, "c2Vjb25kLW5vbmNlLS0tLQ=="));
    assert.equal(first, html("<p>é board</p>", "Zmlyc3Qtbm9uY2UtLS0tLQ==").html);
    assert.equal(second, html("<p>é board</p>", "c2Vjb25kLW5vbmNlLS0tLQ==").html);
    assert.ok(!first.includes(NONCE) && !second.includes(NONCE));
  });

  it("renders a page once per generation and key, shared while it renders", async () => {
    const cache = new PageCache({ maxEntries: 10, maxBytes: 1_000_000 });
    let renders = 0;
    const render = async () => {
      renders += 1;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return html(`<p>render ${renders}</p>`);
    };
    const [a, b] = await Promise.all([cache.page("7:false", "/", render), cache.page("7:false", "/", render)]);
    assert.equal(renders, 1);
    assert.equal(a, b);
    await cache.page("7:false", "/", render);
    assert.equal(renders, 1);
    await cache.page("7:false", "/?q=x", render);
    assert.equal(renders, 2);
    // A new block: everything rendered before is dropped.
    const fresh = await cache.page("8:false", "/", render);
    assert.equal(renders, 3);
    assert.ok(text(pageWithNonce(fresh!, "n")).includes("<p>render 3</p>"));
    assert.equal(cache.size.entries, 1);
  });

  it("does not keep a render that failed or may not be kept", async () => {
    const cache = new PageCache({ maxEntries: 10, maxBytes: 1_000_000 });
    assert.equal(await cache.page("1:false", "/", () => Promise.reject(new Error("down"))), null);
    assert.equal(await cache.page("1:false", "/", async () => ({ ...html("x"), status: 404 })), null);
    assert.equal(cache.size.entries, 0);
    assert.ok(await cache.page("1:false", "/", async () => html("x")));
    assert.equal(cache.size.entries, 1);
  });

  it("stays within its entry and byte limits, dropping the least recently used first", async () => {
    const one = html("x".repeat(1000));
    const bytes = new TextEncoder().encode(one.html.replaceAll(NONCE, "")).byteLength;
    const cache = new PageCache({ maxEntries: 3, maxBytes: bytes * 2 });
    let renders = 0;
    const render = async () => {
      renders += 1;
      return one;
    };
    await cache.page("1:false", "a", render);
    await cache.page("1:false", "b", render);
    await cache.page("1:false", "a", render); // a is now the most recent
    await cache.page("1:false", "c", render); // over the byte limit: b goes
    assert.deepEqual(cache.size, { entries: 2, bytes: bytes * 2 });
    assert.equal(renders, 3);
    await cache.page("1:false", "a", render);
    assert.equal(renders, 3);
    await cache.page("1:false", "b", render);
    assert.equal(renders, 4);
  });
});
