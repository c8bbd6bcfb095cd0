/**
 * The inbox API's refusals and read mark, with real sessions and no index behind it (the browser
 * suite drives the inbox against the real index). The read mark is a cookie of this browser's.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cookieOf, request, signIn } from "./harness.ts";
import { INBOX_READ_COOKIE, readMarkOf, unreadOf, type InboxItem } from "../../../web/server/inbox.ts";

process.env.MOSAIC_SUBGRAPH_URL = "http://127.0.0.1:9/subgraphs/name/mosaic";
const inboxRoute = await import("../../../web/app/api/inbox/route.ts");

const get = (cookie?: string) => inboxRoute.GET(request("/api/inbox", { cookie }));
const mark = (body: string, cookie?: string) =>
  inboxRoute.POST(
    request("/api/inbox", { method: "POST", headers: { "content-type": "application/json" }, body, cookie }),
  );

describe("inbox API", () => {
  it("asks a visitor without a session to sign in", async () => {
    const response = await get();
    assert.equal(response.status, 401);
    assert.match(((await response.json()) as { error: string }).error, /sign in with Ethereum/);
    assert.equal((await mark(JSON.stringify({ at: 1 }))).status, 401);
  });

  it("says the index does not answer rather than showing an empty inbox", async () => {
    const response = await get(await signIn());
    assert.equal(response.status, 502);
  });

  it("keeps the read mark in a cookie of this browser, and refuses a mark that is not a time", async () => {
    const cookie = await signIn();
    const response = await mark(JSON.stringify({ at: 1_800_000_000 }), cookie);
    assert.equal(response.status, 200);
    assert.equal(cookieOf(response), `${INBOX_READ_COOKIE}=1800000000`);
    for (const bad of ["not json", JSON.stringify({ at: "yesterday" }), JSON.stringify({ at: -1 })]) {
      const refused = await mark(bad, cookie);
      assert.equal(refused.status, 400);
      assert.match(((await refused.json()) as { error: string }).error, /unix (time|seconds)/);
    }
  });
});

describe("unread items", () => {
  const item = (id: string, at: number): InboxItem => ({
    id,
    kind: "payment",
    at,
    jobId: "1",
    text: id,
    action: false,
  });

  it("are those after the read mark, whatever else the cookie header holds", () => {
    const items = [item("new", 200), item("old", 100)];
    assert.deepEqual(
      unreadOf(items, readMarkOf(`other=1; ${INBOX_READ_COOKIE}=150; x=y`)).map((i) => i.id),
      ["new"],
    );
    assert.equal(unreadOf(items, readMarkOf(null)).length, 2);
    assert.equal(unreadOf(items, readMarkOf(`not_${INBOX_READ_COOKIE}=999`)).length, 2);
  });
});
