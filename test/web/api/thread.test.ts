/**
 * A job's thread through its route handlers, against a real store: who may read it, signed
 * messages (forged, tampered, replayed and stale ones refused), attachments (size limit, types
 * recognised from the bytes), and deliverable markdown rendered without HTML or script links.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { after, describe, it } from "node:test";
import type { PrivateKeyAccount } from "viem/accounts";
import { privateKeyToAccount } from "viem/accounts";
import { zeroAddress } from "viem";
import { QUOTE_TYPES, THREAD_MESSAGE_TYPES, escrowDomain, threadDomain } from "@mosaic/sdk/typed-data";
import { MAX_ATTACHMENT_BYTES } from "@mosaic/sdk/documents";

const { CHAIN_ID, alice, bob, carol, documentsRoute, postDocument, request, signIn } = await import("./harness.ts");
const { renderMarkdown } = await import("../../../web/components/deliverable/markdown.ts");
const threadRoute = await import("../../../web/app/api/jobs/[id]/thread/route.ts");
const attachmentsRoute = await import("../../../web/app/api/jobs/[id]/attachments/route.ts");
const attachmentRoute = await import("../../../web/app/api/jobs/[id]/attachments/[cid]/route.ts");

// A stand-in index: job 7's client is Alice, its vendor Bob, its arbiter Carol (no dispute yet);
// job 8 is disputed, so Carol reads its thread; job 10 is an invite job nobody was hired for yet.
const dave = privateKeyToAccount("0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6");
const lower = (a: PrivateKeyAccount) => a.address.toLowerCase();
const index = createServer((req, res) => {
  let body = "";
  req.on("data", (chunk) => (body += chunk));
  req.on("end", () => {
    const id = (JSON.parse(body) as { variables?: { id?: string } }).variables?.id;
    const disputed = id === "8";
    const invite = id === "10";
    res.setHeader("content-type", "application/json");
    res.end(
      JSON.stringify({
        data: {
          job:
            id === "7" || id === "8" || invite
              ? {
                  open: false,
                  client: { id: lower(alice) },
                  vendor: invite ? null : { id: lower(bob) },
                  arbiter: lower(carol),
                  milestones: [
                    {
                      index: 0,
                      state: disputed ? "Disputed" : "Submitted",
                      deliverableCid: null,
                      dispute: disputed ? { status: "Open" } : null,
                    },
                  ],
                }
              : null,
        },
      }),
    );
  });
});
await new Promise<void>((resolve) => index.listen(0, "127.0.0.1", resolve));
process.env.MOSAIC_SUBGRAPH_URL = `http://127.0.0.1:${(index.address() as { port: number }).port}/`;
after(() => index.close());

const params = (id: string) => ({ params: Promise.resolve({ id }) });

async function signedMessage(
  signer: PrivateKeyAccount,
  jobId: string,
  text: string,
  overrides: { author?: `0x${string}`; createdAt?: number; to?: `0x${string}` } = {},
) {
  const author = overrides.author ?? signer.address;
  const to = overrides.to ?? zeroAddress;
  const createdAt = overrides.createdAt ?? Math.floor(Date.now() / 1000);
  const nonce = `0x${randomBytes(32).toString("hex")}` as `0x${string}`;
  const signature = await signer.signTypedData({
    domain: threadDomain(CHAIN_ID),
    types: THREAD_MESSAGE_TYPES,
    primaryType: "ThreadMessage",
    message: { jobId: BigInt(jobId), author, to, text, createdAt: BigInt(createdAt), nonce },
  });
  return { chainId: CHAIN_ID, jobId, author, ...(overrides.to ? { to } : {}), text, createdAt, nonce, signature };
}

function post(jobId: string, body: unknown, cookie?: string): Promise<Response> {
  return threadRoute.POST(
    request(`/api/jobs/${jobId}/thread`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      cookie,
    }),
    params(jobId),
  );
}

function read(jobId: string, cookie?: string): Promise<Response> {
  return threadRoute.GET(request(`/api/jobs/${jobId}/thread`, { cookie }), params(jobId));
}

interface Item {
  kind: string;
  label: string;
  author: string;
  role: string;
  text: string;
}

async function items(jobId: string, cookie: string): Promise<Item[]> {
  const response = await read(jobId, cookie);
  assert.equal(response.status, 200, await response.clone().text());
  return ((await response.json()) as { items: Item[] }).items;
}

const error = async (response: Response) => ((await response.json()) as { error: string }).error;

describe("a job's thread", () => {
  it("carries a signed message from the client to the vendor, oldest first with its author", async () => {
    const [aliceCookie, bobCookie] = [await signIn(alice), await signIn(bob)];
    const first = await post("7", await signedMessage(alice, "7", "Could you start with the vault?"), aliceCookie);
    assert.equal(first.status, 201, await first.clone().text());
    const second = await post("7", await signedMessage(bob, "7", "Yes, starting today."), bobCookie);
    assert.equal(second.status, 201);
    const seen = (await items("7", bobCookie)).filter((i) => i.kind === "message");
    assert.deepEqual(
      seen.slice(-2).map((i) => [i.role, i.author, i.text]),
      [
        ["client", lower(alice), "Could you start with the vault?"],
        ["vendor", lower(bob), "Yes, starting today."],
      ],
    );
  });

  it("puts the client's change-request note in the thread the vendor reads", async () => {
    const aliceCookie = await signIn(alice);
    const stored = await postDocument(
      { kind: "note", content: { text: "Please add tests for withdraw.", jobId: "7", index: 0 } },
      aliceCookie,
    );
    assert.equal(stored.status, 201);
    const change = (await items("7", await signIn(bob))).find((i) => i.kind === "change-request");
    assert.equal(change?.text, "Please add tests for withdraw.");
    assert.equal(change?.label, "Change request on milestone 1");
  });

  it("refuses a stranger reading it with a clear 403, and anyone signed out with 401", async () => {
    const stranger = await read("7", await signIn(dave));
    assert.equal(stranger.status, 403);
    assert.match(await error(stranger), /thread is private: only its client, its vendor/);
    // The arbiter is a stranger until a milestone is disputed.
    assert.equal((await read("7", await signIn(carol))).status, 403);
    assert.equal((await read("7")).status, 401);
    // Messages are not listed through the public document listing either.
    const listed = await documentsRoute.GET(request("/api/documents?kind=message&subject=job:31337:7"));
    assert.equal(listed.status, 403);
  });

  it("shows a disputed job's whole thread, evidence included, to its arbiter", async () => {
    const [aliceCookie, bobCookie, carolCookie] = [await signIn(alice), await signIn(bob), await signIn(carol)];
    await post("8", await signedMessage(alice, "8", "The audit missed the fee path."), aliceCookie);
    const evidence = {
      name: "Vendor evidence",
      description: "Report page 4 covers the fee path.",
      jobId: "8",
      index: 0,
    };
    assert.equal((await postDocument({ kind: "evidence", content: evidence }, bobCookie)).status, 201);
    const seen = await items("8", carolCookie);
    assert.ok(seen.some((i) => i.kind === "message" && i.text === "The audit missed the fee path."));
    assert.ok(seen.some((i) => i.kind === "evidence" && i.role === "vendor" && /page 4/.test(i.text)));
    // The arbiter's reasons join the thread; the same note from anyone else is not a ruling.
    await postDocument(
      { kind: "note", content: { text: "Split: page 4 is thin.", jobId: "8", index: 0, ruling: 6001 } },
      carolCookie,
    );
    assert.ok((await items("8", aliceCookie)).some((i) => i.kind === "ruling" && i.role === "arbiter"));
  });

  it("leaves out notes written about the job by someone who is not a party", async () => {
    await postDocument({ kind: "note", content: { text: "Injected by a stranger", jobId: "7" } }, await signIn(dave));
    assert.ok(!(await items("7", await signIn(alice))).some((i) => i.text === "Injected by a stranger"));
  });
});

describe("an invite job before hiring", () => {
  const ESCROW = "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0" as const;
  async function quote(vendor: PrivateKeyAccount, message: string) {
    const q = { jobId: 10n, vendor: vendor.address, price: 1_000n, nonce: 0n, expiresAt: 4_000_000_000n };
    const signature = await vendor.signTypedData({
      domain: escrowDomain(CHAIN_ID, ESCROW),
      types: QUOTE_TYPES,
      primaryType: "Quote",
      message: q,
    });
    const content = { chainId: CHAIN_ID, escrow: ESCROW, jobId: "10", vendor: vendor.address, price: "1000" };
    const body = { ...content, nonce: "0", expiresAt: 4_000_000_000, signature, message };
    const response = await postDocument({ kind: "quote", content: body }, await signIn(vendor));
    assert.equal(response.status, 201, await response.clone().text());
  }

  it("keeps each quote, and the client's answer to it, between the client and that vendor", async () => {
    await quote(bob, "Bob can do it in a week.");
    await quote(dave, "Dave can do it in two.");
    const [aliceCookie, bobCookie, daveCookie] = [await signIn(alice), await signIn(bob), await signIn(dave)];
    const answer = await signedMessage(alice, "10", "Bob, can you include the fuzz tests?", { to: bob.address });
    assert.equal((await post("10", answer, aliceCookie)).status, 201);
    assert.equal((await post("10", await signedMessage(bob, "10", "Yes, included."), bobCookie)).status, 201);

    const bobSees = await items("10", bobCookie);
    assert.deepEqual(
      bobSees.map((i) => [i.kind, i.label, i.text]),
      [
        ["quote", "Quote", "Bob can do it in a week."],
        ["message", "Private message", "Bob, can you include the fuzz tests?"],
        ["message", "Message", "Yes, included."],
      ],
    );
    const daveSees = await items("10", daveCookie);
    assert.deepEqual(
      daveSees.map((i) => i.text),
      ["Dave can do it in two."],
    );
    const aliceSees = await items("10", aliceCookie);
    assert.equal(aliceSees.length, 4);
  });

  it("refuses a message addressed to someone who is not a party", async () => {
    const toCarol = await signedMessage(alice, "10", "Carol?", { to: carol.address });
    const response = await post("10", toCarol, await signIn(alice));
    assert.equal(response.status, 400);
    assert.match(await error(response), /to must be another party of this job/);
  });
});

describe("signed messages", () => {
  it("refuses a forged signature: another key signing in the author's name", async () => {
    const forged = await signedMessage(dave, "7", "Release everything to Dave", { author: alice.address });
    const response = await post("7", forged, await signIn(alice));
    assert.equal(response.status, 400);
    assert.match(await error(response), /signature is not the author's EIP-712 signature/);
  });

  it("refuses a message whose text was changed after signing", async () => {
    const signed = await signedMessage(alice, "7", "Pay 10");
    const response = await post("7", { ...signed, text: "Pay 1000" }, await signIn(alice));
    assert.equal(response.status, 400);
    assert.match(await error(response), /signature is not the author's/);
  });

  it("refuses a replayed message, and a message signed for another job", async () => {
    const cookie = await signIn(alice);
    const signed = await signedMessage(alice, "7", "Only once");
    assert.equal((await post("7", signed, cookie)).status, 201);
    const replay = await post("7", signed, cookie);
    assert.equal(replay.status, 409);
    assert.match(await error(replay), /already posted: its nonce is spent/);
    const elsewhere = await post("8", signed, cookie);
    assert.equal(elsewhere.status, 400);
    assert.match(await error(elsewhere), /jobId must be 8/);
  });

  it("refuses a message signed long ago, and one posted under someone else's session", async () => {
    const stale = await signedMessage(alice, "7", "Old news", { createdAt: Math.floor(Date.now() / 1000) - 3600 });
    const late = await post("7", stale, await signIn(alice));
    assert.equal(late.status, 400);
    assert.match(await error(late), /signed too long ago/);
    const borrowed = await post("7", await signedMessage(alice, "7", "Hello"), await signIn(bob));
    assert.equal(borrowed.status, 403);
    assert.match(await error(borrowed), /author must be the signed-in account/);
  });

  it("refuses a stranger writing in the thread, even with a valid signature", async () => {
    const response = await post("7", await signedMessage(dave, "7", "Hire me instead"), await signIn(dave));
    assert.equal(response.status, 403);
    assert.match(await error(response), /only the job's parties/);
  });

  it("is not accepted through the plain document route", async () => {
    const response = await postDocument(
      { kind: "message", content: await signedMessage(alice, "7", "x") },
      await signIn(alice),
    );
    assert.equal(response.status, 400);
    assert.match(await error(response), /posted to \/api\/jobs\/<id>\/thread/);
  });
});

describe("attachments", () => {
  const upload = (bytes: Uint8Array<ArrayBuffer>, cookie?: string) =>
    attachmentsRoute.POST(
      request("/api/jobs/7/attachments", {
        method: "POST",
        headers: { "content-type": "application/octet-stream" },
        body: bytes,
        cookie,
      }),
      params("7"),
    );
  const download = (cid: string) =>
    attachmentRoute.GET(request(`/api/jobs/7/attachments/${cid}?name=x.png`), {
      params: Promise.resolve({ id: "7", cid }),
    });
  const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...randomBytes(64)]);

  it("refuses a file over the limit, saying the limit", async () => {
    const response = await upload(new Uint8Array(MAX_ATTACHMENT_BYTES + 1), await signIn(bob));
    assert.equal(response.status, 413);
    assert.match(await error(response), /attachment too large: at most 5 MiB \(5242880 bytes\) per file/);
  });

  it("stores an image by CID and serves it as an image, checked against the CID", async () => {
    const response = await upload(png, await signIn(bob));
    assert.equal(response.status, 201, await response.clone().text());
    const { cid, type, size } = (await response.json()) as { cid: string; type: string; size: number };
    assert.equal(type, "image/png");
    assert.equal(size, png.byteLength);
    const served = await download(cid);
    assert.equal(served.status, 200);
    assert.equal(served.headers.get("content-type"), "image/png");
    assert.deepEqual(new Uint8Array(await served.arrayBuffer()), png);
  });

  it("serves a PDF for the browser's viewer, recognised from its bytes", async () => {
    const pdf = new TextEncoder().encode("%PDF-1.4\n1 0 obj << /Type /Page >> endobj\n%%EOF\n");
    const { cid, type } = (await (await upload(pdf, await signIn(bob))).json()) as { cid: string; type: string };
    assert.equal(type, "application/pdf");
    const served = await download(cid);
    assert.equal(served.headers.get("content-type"), "application/pdf");
    assert.match(served.headers.get("content-disposition") ?? "", /^inline;/);
  });

  it("serves an HTML file as a download, never as a page", async () => {
    const html = new TextEncoder().encode("<html><script>alert(1)</script></html>");
    const { cid } = (await (await upload(html, await signIn(bob))).json()) as { cid: string };
    const served = await download(cid);
    assert.equal(served.headers.get("content-type"), "application/octet-stream");
    assert.match(served.headers.get("content-disposition") ?? "", /^attachment;/);
    assert.match(served.headers.get("content-security-policy") ?? "", /sandbox/);
  });

  it("refuses uploads from anyone but the job's client and vendor", async () => {
    const response = await upload(png, await signIn(dave));
    assert.equal(response.status, 403);
    assert.equal((await upload(png)).status, 401);
  });
});

describe("deliverable markdown", () => {
  it("renders markdown with scripts and raw HTML escaped and javascript: links left as text", () => {
    const html = renderMarkdown(
      "# Report\n\n<script>alert('x')</script>\n\n<img src=x onerror=alert(1)>\n\n" +
        "[click](javascript:alert(1)) and [docs](https://example.org/a) **done**",
    );
    assert.match(html, /<h1>Report<\/h1>/);
    assert.match(html, /<strong>done<\/strong>/);
    assert.match(
      html,
      /<a href="https:\/\/example.org\/a" rel="noopener noreferrer nofollow ugc" target="_blank">docs<\/a>/,
    );
    assert.doesNotMatch(html, /<script|<img/i);
    assert.match(html, /&lt;script&gt;alert/);
    assert.doesNotMatch(html, /href="javascript:/i);
    assert.match(html, /\[click\]\(javascript:alert\(1\)\)/);
  });

  it("accepts a deliverable's attachments only in their declared shape", async () => {
    const cookie = await signIn(bob);
    const bad = await postDocument(
      {
        kind: "deliverable",
        content: {
          jobId: "7",
          index: 0,
          summary: "x",
          attachments: [{ cid: "nope", name: "a", type: "image/png", size: 1 }],
        },
      },
      cookie,
    );
    assert.equal(bad.status, 400);
    assert.match(await error(bad), /attachments\[0\]\.cid must be a CIDv1/);
    const tooBig = await postDocument(
      {
        kind: "deliverable",
        content: {
          jobId: "7",
          index: 0,
          summary: "x",
          attachments: [{ cid: "bafkreib4", name: "a", type: "x", size: MAX_ATTACHMENT_BYTES + 1 }],
        },
      },
      cookie,
    );
    assert.equal(tooBig.status, 400);
  });
});
