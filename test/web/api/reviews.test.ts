/**
 * Written reviews through the route handlers, with a real embedded store. The ratings the server
 * checks against come from a stand-in index serving The Graph's answer for the `ratings` query
 * (the browser test people.test.ts runs the same checks against the real chain and indexer):
 * job 7 was rated 4 of 5 by Alice (its client) about Bob (its vendor).
 */
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { after, describe, it } from "node:test";
import type { PrivateKeyAccount } from "viem";
import { REVIEW_REPLY_TYPES, REVIEW_TYPES, reviewsDomain } from "@mosaic/sdk/typed-data";

const RATINGS: Record<string, { score: number; raterRole: string; ratee: { id: string } }> = {};

const index = createServer((req, res) => {
  let body = "";
  req.on("data", (chunk) => (body += chunk));
  req.on("end", () => {
    const { variables } = JSON.parse(body) as { variables: Record<string, unknown> };
    const rating = RATINGS[`${variables.job}:${variables.rater}`];
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ data: { ratings: rating ? [rating] : [], vendors: [] } }));
  });
});
await new Promise<void>((resolve) => index.listen(0, "127.0.0.1", resolve));
process.env.MOSAIC_SUBGRAPH_URL = `http://127.0.0.1:${(index.address() as { port: number }).port}/`;
after(() => index.close());

const { CHAIN_ID, alice, bob, carol, request } = await import("./harness.ts");
const reviewsRoute = await import("../../../web/app/api/reviews/route.ts");
const repliesRoute = await import("../../../web/app/api/reviews/replies/route.ts");
const { contractsOn } = await import("../../../web/server/public-config.ts");

const BOB = bob.address.toLowerCase();
RATINGS[`7:${alice.address.toLowerCase()}`] = { score: 4, raterRole: "Client", ratee: { id: BOB } };

const escrow = contractsOn(CHAIN_ID)!.escrow;
const domain = reviewsDomain(CHAIN_ID, escrow) as {
  name: string;
  version: string;
  chainId: number;
  verifyingContract: `0x${string}`;
};

async function signedReview(signer: PrivateKeyAccount, fields: { jobId?: string; rating: number; text: string }) {
  const jobId = fields.jobId ?? "7";
  const signature = await signer.signTypedData({
    domain,
    types: REVIEW_TYPES,
    primaryType: "Review",
    message: { jobId: BigInt(jobId), rater: signer.address, rating: fields.rating, text: fields.text },
  });
  return { chainId: CHAIN_ID, jobId, rater: signer.address, rating: fields.rating, text: fields.text, signature };
}

async function signedReply(signer: PrivateKeyAccount, review: string, text: string) {
  const signature = await signer.signTypedData({
    domain,
    types: REVIEW_REPLY_TYPES,
    primaryType: "ReviewReply",
    message: { jobId: 7n, review, author: signer.address, text },
  });
  return { chainId: CHAIN_ID, jobId: "7", review, author: signer.address, text, signature };
}

async function post(route: { POST: (r: Request) => Promise<Response> }, path: string, content: unknown) {
  const response = await route.POST(
    request(path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ content }),
    }),
  );
  return { status: response.status, body: (await response.json()) as { cid?: string; error?: string } };
}

async function reviewsOf(ratee: string) {
  const response = await reviewsRoute.GET(request(`/api/reviews?ratee=${ratee}&as=vendor`));
  return ((await response.json()) as { reviews: { cid: string; content: { text: string }; reply: unknown }[] }).reviews;
}

describe("GET /api/reviews?job&rater", () => {
  async function score(query: string) {
    const response = await reviewsRoute.GET(request(`/api/reviews?${query}`));
    return ((await response.json()) as { rating: number | null }).rating;
  }

  it("answers the indexed score at once, and with wait=1 waits for a rating the index has not caught up with", async () => {
    const carolAddress = carol.address.toLowerCase();
    assert.equal(await score(`job=7&rater=${alice.address.toLowerCase()}`), 4);
    assert.equal(await score(`job=8&rater=${carolAddress}`), null);
    // The rating reaches the index a moment after the page asked.
    const arrives = setTimeout(
      () => (RATINGS[`8:${carolAddress}`] = { score: 3, raterRole: "Client", ratee: { id: BOB } }),
      700,
    );
    try {
      assert.equal(await score(`job=8&rater=${carolAddress}&wait=1`), 3);
    } finally {
      clearTimeout(arrives);
      delete RATINGS[`8:${carolAddress}`];
    }
  });
});

describe("POST /api/reviews", () => {
  it("refuses a review whose rating differs from the one on chain", async () => {
    const { status, body } = await post(
      reviewsRoute,
      "/api/reviews",
      await signedReview(alice, { rating: 5, text: "Great" }),
    );
    assert.equal(status, 400);
    assert.match(body.error!, /says 5 of 5 but .* rated job 7 4 of 5 on chain/);
    assert.equal((await reviewsOf(BOB)).length, 0);
  });

  it("refuses a review from someone who did not rate the job", async () => {
    const { status, body } = await post(
      reviewsRoute,
      "/api/reviews",
      await signedReview(carol, { rating: 4, text: "Fine" }),
    );
    assert.equal(status, 403);
    assert.match(body.error!, /has not rated job 7 on chain/);
  });

  it("refuses a forged signature: a review in Alice's name signed by Carol", async () => {
    const forged = { ...(await signedReview(carol, { rating: 4, text: "Awful" })), rater: alice.address };
    const { status, body } = await post(reviewsRoute, "/api/reviews", forged);
    assert.equal(status, 403);
    assert.match(body.error!, /not the rater's signature/);
  });

  it("refuses a review whose words were changed after signing", async () => {
    const signed = await signedReview(alice, { rating: 4, text: "Solid work" });
    const { status } = await post(reviewsRoute, "/api/reviews", { ...signed, text: "Terrible work" });
    assert.equal(status, 403);
  });

  it("stores the rater's review of its rating once, and lists it under the vendor", async () => {
    const text = 'Solid work <script>alert("x")</script>';
    const first = await post(reviewsRoute, "/api/reviews", await signedReview(alice, { rating: 4, text }));
    assert.equal(first.status, 201, first.body.error);
    assert.match(first.body.cid!, /^bafk/);
    const again = await post(reviewsRoute, "/api/reviews", await signedReview(alice, { rating: 4, text: "Again" }));
    assert.equal(again.status, 409);
    const listed = await reviewsOf(BOB);
    assert.equal(listed.length, 1);
    assert.equal(listed[0].content.text, text, "stored as the rater wrote it; pages render it as text");
  });
});

describe("POST /api/reviews/replies", () => {
  it("lets the vendor reply once, signed, and refuses a second reply", async () => {
    const [review] = await reviewsOf(BOB);
    const forged = { ...(await signedReply(carol, review.cid, "Not me")), author: bob.address };
    const refused = await post(repliesRoute, "/api/reviews/replies", forged);
    assert.equal(refused.status, 403);
    const stranger = await post(repliesRoute, "/api/reviews/replies", await signedReply(carol, review.cid, "Hi"));
    assert.equal(stranger.status, 404, "only the reviewed party can reply");
    const first = await post(repliesRoute, "/api/reviews/replies", await signedReply(bob, review.cid, "Thank you"));
    assert.equal(first.status, 201, first.body.error);
    const second = await post(repliesRoute, "/api/reviews/replies", await signedReply(bob, review.cid, "And again"));
    assert.equal(second.status, 409);
    assert.match(second.body.error!, /already has its reply/);
    const [listed] = await reviewsOf(BOB);
    assert.deepEqual((listed.reply as { content: { text: string } }).content.text, "Thank you");
  });
});
