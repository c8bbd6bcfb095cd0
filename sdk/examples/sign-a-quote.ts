/**
 * 3. Sign a quote: a vendor offers to do an invite-only job for a price (EIP-712, no gas); the
 *    client checks the signature and hires the vendor with it.
 *
 *   node sdk/examples/sign-a-quote.ts
 */
import {
  cidDigest,
  documentCid,
  escrowDomain,
  formatUnits,
  parseUnits,
  postAndFund,
  quoteDigest,
  readJob,
  readVendor,
  signQuote,
  skillTag,
  verifyQuote,
  writeEscrow,
  writeRegistry,
  type Quote,
} from "@mosaic/sdk";
import { mosaicEscrowAbi } from "@mosaic/sdk/contracts";
import { accounts, chainId, chainTime, contextFor, escrow, publicClient } from "./setup.ts";

const client = contextFor(accounts[3]);
const vendor = contextFor(accounts[4]);
const now = await chainTime();

const { jobId, total } = await postAndFund(
  client,
  { reviewWindow: 86_400, open: false, specCid: "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku" },
  [{ amount: parseUnits("0.5", 18), deadline: now + 10n * 86_400n }],
);

// Only registered vendors can be hired: the vendor publishes a profile first (once).
if (!(await readVendor(vendor, accounts[4])).registered) {
  const profile = await documentCid({ name: "Ada Audits", bio: "Solidity reviews." });
  await writeRegistry(vendor, "setProfile", [
    { hourlyRateCents: 12_000, timezoneOffsetMinutes: 60, availabilityHours: 20 },
    [skillTag("solidity")],
    cidDigest(profile),
  ]);
  console.log(`vendor ${accounts[4]} registered`);
}

// The vendor signs: the price must be what the client funded, the nonce the vendor's current one.
const { quoteNonce } = await readVendor(vendor, accounts[4]);
const quote: Quote = { jobId, vendor: accounts[4], price: total, nonce: quoteNonce, expiresAt: now + 86_400n };
const domain = escrowDomain(chainId, escrow);
const signature = await signQuote({ client: vendor.walletClient!, account: accounts[4] }, domain, quote);
console.log(`vendor signed a quote for job #${jobId} at ${formatUnits(quote.price, 18)} ETH`);

// Anyone can check it off chain; the digest is the one the escrow computes.
console.log(`signature valid: ${await verifyQuote(domain, quote, signature)}`);
const onChain = await publicClient.readContract({
  address: escrow,
  abi: mosaicEscrowAbi,
  functionName: "hashQuote",
  args: [quote],
});
console.log(`digest matches the escrow's hashQuote: ${onChain === quoteDigest(domain, quote)}`);

await writeEscrow(client, "hire", [quote, signature]);
console.log(`hired: job #${jobId} vendor is ${(await readJob(client, jobId)).vendor}`);
