// Unit tests of @mosaic/sdk that need no node: amounts, typed data, documents, errors, the index client.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { ContractFunctionRevertedError, encodeErrorResult, getAddress, type Abi, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { createWalletClient, http as viemHttp } from "viem";
import { amountProblem, bpsOf, formatAmount, formatUnits, parseUnits } from "../src/amounts.ts";
import {
  escrowDomain,
  quoteSigner,
  settlementDigest,
  signQuote,
  signSettlement,
  splitSignature,
  verifyQuote,
  verifySettlement,
  QUOTE_TYPES,
  type Quote,
} from "../src/typed-data.ts";
import {
  bytesMatchCid,
  cidDigest,
  cidOf,
  documentBytes,
  documentCid,
  parseCid,
  validateDocument,
  verifyDocument,
  DOCUMENT_KINDS,
} from "../src/documents.ts";
import { contractErrorNotices, decodeContractError, explainRevert, parseErrorNotices } from "../src/errors.ts";
import { describeRevert } from "../src/revert.ts";
import { mosaicEscrowAbi } from "../src/contracts.ts";
import { createIndexClient, indexedPayments, paginate, waitUntilIndexed } from "../src/index-client.ts";
import { skillName, skillTag } from "../src/jobs.ts";

describe("amounts: exact bigint formatting and parsing", () => {
  it("formats every digit by default and cuts (never rounds) with maxFraction", () => {
    assert.equal(formatUnits(1_500_000n, 6), "1.5");
    assert.equal(formatUnits(123_456_789_012_345_678_901n, 18), "123.456789012345678901");
    assert.equal(formatUnits(1_999_999n, 6, { maxFraction: 2 }), "1.99");
    assert.equal(formatUnits(1n, 18, { maxFraction: 4 }), "0.0001");
    assert.equal(formatUnits(-2_500_000n, 6), "-2.5");
    assert.equal(formatUnits(12_345_678_000_000n, 6, { grouping: true }), "12,345,678");
    assert.equal(formatAmount(0n, { symbol: "ETH", decimals: 18 }), "0 ETH");
  });

  it("parses decimals exactly, including values a float would lose", () => {
    assert.equal(parseUnits("1.5", 6), 1_500_000n);
    assert.equal(parseUnits("0.1", 18), 100_000_000_000_000_000n);
    assert.equal(parseUnits("9007199254740993", 0), 9_007_199_254_740_993n);
    assert.equal(parseUnits("1,000.000001", 6), 1_000_000_001n);
    assert.equal(parseUnits(".25", 2), 25n);
    assert.equal(parseUnits("-3", 6), -3_000_000n);
    for (const text of ["123.456789012345678901", "0.000000000000000001", "42"]) {
      assert.equal(formatUnits(parseUnits(text, 18), 18), text);
    }
  });

  it("refuses what is not an amount of the token", () => {
    assert.throws(() => parseUnits("1.0000001", 6), /at most 6 digits/);
    assert.throws(() => parseUnits("1e18", 18), RangeError);
    assert.throws(() => parseUnits("", 6), /enter an amount/);
    assert.equal(amountProblem("12.5", 6), null);
    assert.equal(bpsOf(1_000_001n, 2500), 250_000n);
  });
});

describe("typed data: quotes, settlements, permits", () => {
  const vendor = privateKeyToAccount(generatePrivateKey());
  const client = privateKeyToAccount(generatePrivateKey());
  const wallet = createWalletClient({ transport: viemHttp("http://127.0.0.1:1") });
  const domain = escrowDomain(31337, "0x5fbdb2315678afecb367f032d93f642f64180aa3");
  const quote: Quote = { jobId: 7n, vendor: vendor.address, price: 10n ** 18n, nonce: 0n, expiresAt: 2_000_000_000n };

  it("signs a quote with a local key and verifies it; another signer or another quote fails", async () => {
    const signature = await signQuote({ client: wallet, account: vendor }, domain, quote);
    assert.equal(await verifyQuote(domain, quote, signature), true);
    assert.equal(await quoteSigner(domain, quote, signature), vendor.address);
    assert.equal(await verifyQuote(domain, { ...quote, price: quote.price + 1n }, signature), false);
    const forged = await signQuote({ client: wallet, account: client }, domain, quote);
    assert.equal(await verifyQuote(domain, quote, forged), false);
    assert.equal(await verifyQuote(domain, quote, "0x1234"), false);
    const { v, r, s } = splitSignature(signature);
    assert.ok(v === 27 || v === 28);
    assert.equal(r.length, 66);
    assert.equal(s.length, 66);
  });

  it("checks a settlement against each party", async () => {
    const settlement = { jobId: 3n, index: 0n, vendorBps: 6000, deadline: 2_000_000_000n };
    const byClient = await signSettlement({ client: wallet, account: client }, domain, settlement);
    assert.equal(await verifySettlement(domain, settlement, byClient, client.address), true);
    assert.equal(await verifySettlement(domain, settlement, byClient, vendor.address), false);
    assert.notEqual(settlementDigest(domain, settlement), settlementDigest(domain, { ...settlement, vendorBps: 6001 }));
  });

  it("keeps the escrow's domain and the contract's field order", () => {
    assert.deepEqual(domain, {
      name: "Mosaic Escrow",
      version: "1",
      chainId: 31337,
      verifyingContract: getAddress("0x5fbdb2315678afecb367f032d93f642f64180aa3"),
    });
    assert.deepEqual(
      QUOTE_TYPES.Quote.map((f) => f.name),
      ["jobId", "vendor", "price", "nonce", "expiresAt"],
    );
  });
});

describe("documents: CIDs, verification, schemas", () => {
  it("addresses bytes by CIDv1 raw sha-256", async () => {
    const empty = await cidOf(new Uint8Array());
    assert.equal(empty.toString(), "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
    const doc = { title: "x", description: "y" };
    const cid = await documentCid(doc);
    const sha = createHash("sha256").update(JSON.stringify(doc)).digest("hex");
    assert.equal(cidDigest(cid), `0x${sha}`);
    assert.equal(await bytesMatchCid(cid, documentBytes(doc)), true);
    assert.equal(await bytesMatchCid(cid, documentBytes({ ...doc, title: "z" })), false);
  });

  it("verifies fetched bytes and refuses other CID kinds", async () => {
    const cid = await documentCid({ a: 1 });
    assert.deepEqual(await verifyDocument(cid, documentBytes({ a: 1 })), { ok: true, content: { a: 1 } });
    const wrong = await verifyDocument(cid, documentBytes({ a: 2 }));
    assert.equal(wrong.ok, false);
    assert.equal(parseCid("QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG"), null);
    assert.equal(parseCid("not a cid"), null);
  });

  it("validates each kind", () => {
    assert.deepEqual(
      [...DOCUMENT_KINDS],
      [
        "job-spec",
        "vendor-profile",
        "deliverable",
        "quote",
        "evidence",
        "note",
        "message",
        "invitation",
        "counter-offer",
      ],
    );
    assert.equal(
      validateDocument("counter-offer", { chainId: 1, jobId: "1", vendor: "0x" + "1".repeat(40) }),
      "content.price is required",
    );
    assert.equal(
      validateDocument("message", {
        chainId: 1,
        jobId: "1",
        author: "0x" + "1".repeat(40),
        text: "hi",
        createdAt: 1,
        nonce: "0x12",
        signature: "0x12",
      }),
      "content.nonce must be 32 bytes of 0x-prefixed hex",
    );
    assert.equal(validateDocument("job-spec", { title: "t", description: "d" }), null);
    assert.equal(validateDocument("job-spec", { title: "t" }), "content.description is required");
    assert.equal(validateDocument("vendor-profile", { name: "n", links: ["nope"] }), "content.links[0] must be a URL");
  });
});

describe("errors: the contracts' NatSpec words", () => {
  it("reads notices, joining continued lines", () => {
    const notices = parseErrorNotices(`
    /// @notice The milestone's deadline has passed.
    error EscrowDeadlinePassed(uint256 jobId);
    /// @notice Two lines
    ///         of words.
    /// @param x ignored
    error Two(uint256 x);
    error Undocumented();`);
    assert.deepEqual(notices, {
      EscrowDeadlinePassed: "The milestone's deadline has passed.",
      Two: "Two lines of words.",
    });
  });

  it("has a notice for the escrow's errors, generated from contracts/interfaces", () => {
    const notices = contractErrorNotices();
    assert.ok(Object.keys(notices).length > 30);
    assert.match(notices.EscrowNotClient ?? "", /client/i);
  });

  it("decodes revert data and explains it in the contract's words", () => {
    // Arguments from the generated ABI (5 for each number), so the test follows the contract's changes.
    const entry = mosaicEscrowAbi.find((e) => e.type === "error" && e.name === "EscrowNotClient") as unknown as {
      inputs: { type: string }[];
    };
    const other = getAddress("0x1111111111111111111111111111111111111111");
    const args = entry.inputs.map((input) => (input.type === "address" ? other : 5n));
    const data = encodeErrorResult({ abi: mosaicEscrowAbi, errorName: "EscrowNotClient", args } as never);
    const decoded = decodeContractError(data);
    assert.equal(decoded?.name, "EscrowNotClient");
    assert.deepEqual(decoded?.args, args);
    // As a JSON-RPC error carries it (nested `data`), and with the dApp's own notices table.
    const explained = explainRevert({ error: { code: 3, data } }, { EscrowNotClient: "Only the client may." });
    assert.equal(explained, `Only the client may. (EscrowNotClient${args.length ? `: ${args.join(", ")}` : ""})`);
    // As viem decodes it in a write: the page-sized path with a fetched notices table.
    const viemError = new ContractFunctionRevertedError({ abi: mosaicEscrowAbi as Abi, data, functionName: "approve" });
    assert.equal(
      describeRevert(viemError, { EscrowNotClient: "Only." }),
      `Only. (EscrowNotClient: ${args.join(", ")})`,
    );
    assert.equal(describeRevert(new Error("fetch failed"), {}), null);
    assert.equal(decodeContractError("0xdeadbeef"), null);
    assert.equal(explainRevert(new Error("fetch failed")), null);
  });

  it("encodes skill tags as the contracts do", () => {
    assert.equal(skillTag("solidity"), "0x736f6c6964697479000000000000000000000000000000000000000000000000");
    assert.equal(skillName(skillTag("zk")), "zk");
  });
});

describe("index client: paging by id_gt, waiting for a block", () => {
  // A stand-in GraphQL server: 5 payments, answers `id_gt` pages and a _meta block that advances.
  const ids = ["0x01", "0x02", "0x03", "0x04", "0x05"];
  const seen: unknown[] = [];
  let block = 10;
  let server: http.Server;
  let url: string;

  before(async () => {
    server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        const { query, variables } = JSON.parse(body) as { query: string; variables: Record<string, unknown> };
        res.setHeader("content-type", "application/json");
        if (query.includes("_meta")) {
          block += 1;
          res.end(JSON.stringify({ data: { _meta: { block: { number: block }, hasIndexingErrors: false } } }));
          return;
        }
        if (query.includes("broken")) {
          res.end(JSON.stringify({ errors: [{ message: "Type `Query` has no field `broken`" }] }));
          return;
        }
        seen.push(variables.after);
        const page = ids.filter((id) => id > String(variables.after)).slice(0, Number(variables.first));
        const rows = page.map((id) => ({
          id,
          kind: "Approval",
          job: { id: "1" },
          vendor: { id: "0xv" },
          token: { id: "0x00" },
          gross: "1000000000000000000001",
          toVendor: "995",
          fee: "5",
          timestamp: "1",
          blockNumber: "2",
          transactionHash: "0xt",
        }));
        res.end(JSON.stringify({ data: { payments: rows } }));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  after(() => new Promise<void>((r) => server.close(() => r())));

  it("pages until a short page, each page after the last id", async () => {
    seen.length = 0;
    const payments = await indexedPayments(createIndexClient(url), { first: 2 });
    assert.deepEqual(
      payments.map((p) => p.id),
      ids,
    );
    assert.deepEqual(seen, ["0x", "0x02", "0x04"]);
    assert.equal(payments[0].gross, 1_000_000_000_000_000_000_001n);
  });

  it("tells an unreachable index from a failing query", async () => {
    // A port nothing listens on: taken from a server that is then closed.
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const nowhere = `http://127.0.0.1:${port}/`;
    await assert.rejects(createIndexClient(nowhere).query("{ x }"), (error: Error) => {
      assert.equal(error.name, "IndexUnreachableError");
      assert.equal(error.message, `could not reach the index at ${nowhere}: ECONNREFUSED`);
      return true;
    });
  });

  it("throws the server's error messages", async () => {
    await assert.rejects(
      paginate(createIndexClient(url), "{ broken }", { field: "broken", first: 1 }),
      /has no field `broken`/,
    );
  });

  it("waits until the index reaches a block, or says where it stopped", async () => {
    const client = createIndexClient(url);
    const status = await waitUntilIndexed(client, block + 3, { intervalMs: 5 });
    assert.ok((status.block ?? 0) >= 13);
    await assert.rejects(
      waitUntilIndexed(client, 1_000_000, { timeoutMs: 50, intervalMs: 10 }),
      /did not reach block 1000000 in time \(indexed up to block \d+\)/,
    );
  });
});

void ({} as Hex);
