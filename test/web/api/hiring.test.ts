/**
 * Invitations and counter-offers through POST /api/documents: the refusals the document store
 * decides before reading the chain, and the plain answer when the chain cannot be read. Who the
 * job's client is (read from the escrow) is checked in the browser suite against a real node.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CHAIN_ID, alice, bob, postDocument, signIn } from "./harness.ts";

const invitation = (content: Record<string, unknown>) => ({
  kind: "invitation",
  content: { chainId: CHAIN_ID, jobId: "1", vendor: bob.address, ...content },
});

async function refusal(body: unknown, cookie: string): Promise<string> {
  const response = await postDocument(body, cookie);
  assert.equal(response.status, 400);
  return ((await response.json()) as { error: string }).error;
}

describe("invitations and counter-offers", () => {
  it("need a session", async () => {
    assert.equal((await postDocument(invitation({}))).status, 401);
  });

  it("are refused for another chain, for oneself, and with fields the schema does not know", async () => {
    const cookie = await signIn(alice);
    assert.match(await refusal(invitation({ chainId: 1 }), cookie), /content\.chainId must be 31337/);
    assert.match(await refusal(invitation({ vendor: alice.address }), cookie), /another account than yours/);
    assert.match(await refusal(invitation({ budget: "10" }), cookie), /content\.budget is not a known field/);
    assert.match(
      await refusal({ kind: "counter-offer", content: { chainId: CHAIN_ID, jobId: "1", vendor: bob.address } }, cookie),
      /content\.price is required/,
    );
  });

  it("say the escrow cannot be read rather than storing what nobody checked", async () => {
    const cookie = await signIn(alice);
    assert.match(await refusal(invitation({ message: "Hello" }), cookie), /escrow cannot be read right now/);
  });
});
