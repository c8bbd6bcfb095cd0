// Deploys the hour bank beside a test deployment of Mosaic (mosaic-chain.ts) and drives one
// bank through every state change the index follows, for the end-to-end hour bank test.
import fs from "node:fs";
import path from "node:path";
import { Contract, ContractFactory, MaxUint256, encodeBytes32String } from "ethers";
import type { JsonRpcSigner } from "ethers";
import { metadataDigestFor } from "./document-cids.ts";
import type { MosaicDeployment } from "./mosaic-chain.ts";

const repoRoot = path.resolve(import.meta.dirname, "../../..");
const DAY = 86_400n;
const USD = 10n ** 6n;

export type HourBankLife = {
  hourBank: Contract;
  member: JsonRpcSigner;
  /** The bank bought, used and closed at expiry; the bank still open. */
  closedBank: bigint;
  openBank: bigint;
};

async function send(contract: Contract, signer: JsonRpcSigner, method: string, ...args: unknown[]) {
  return (await (await (contract.connect(signer) as Contract).getFunction(method)(...args)).wait())!;
}

async function increaseTime(m: MosaicDeployment, seconds: bigint): Promise<void> {
  await m.provider.send("evm_increaseTime", [Number(seconds)]);
  await m.provider.send("evm_mine", []);
}

async function now(m: MosaicDeployment): Promise<bigint> {
  return BigInt((await m.provider.getBlock("latest"))!.timestamp);
}

/**
 * The vendor publishes USD terms (60 USD an hour, 10% off from 100 hours, 5 hours' notice); the
 * client buys 120 hours, shares 40 with a member and tops up; the vendor logs three entries: one
 * approved, one contested and ruled 70% to the vendor, one released after its window; the bank
 * is rated both ways, its fees collected and it is closed at expiry. A second bank stays open
 * with a pending log.
 */
export async function runHourBankLife(m: MosaicDeployment): Promise<HourBankLife> {
  const { operator, client, vendor, arbiter } = m.signers;
  const member = await m.provider.getSigner(6);
  const { abi, bytecode } = JSON.parse(
    fs.readFileSync(path.join(repoRoot, "artifacts/contracts/hours/HourBank.sol/HourBank.json"), "utf8"),
  );
  const factory = new ContractFactory(abi, bytecode, operator);
  const hourBank = (await (await factory.deploy(await m.escrow.getAddress(), 500n)).waitForDeployment()) as Contract;
  const usd = await m.usd.getAddress();
  await send(m.usd, client, "approve", await hourBank.getAddress(), MaxUint256);

  if (!(await m.registry.isRegistered(vendor.address))) {
    await send(
      m.registry,
      vendor,
      "setProfile",
      { hourlyRateCents: 6_000, timezoneOffsetMinutes: 0, availabilityHours: 30 },
      [encodeBytes32String("support")],
      metadataDigestFor("hour vendor profile"),
    );
  }
  await send(hourBank, vendor, "setTerms", usd, 60n * USD, 5, [{ minHours: 100, discountBps: 1_000 }]);
  const order = async (hourCount: number) => ({
    vendor: vendor.address,
    token: usd,
    hourCount,
    maxHourlyRate: 60n * USD,
    expiresAt: (await now(m)) + 60n * DAY,
    reviewWindow: DAY,
  });
  await send(hourBank, client, "buy", await order(120));
  const closedBank = (await hourBank.bankCount()) as bigint;
  await send(hourBank, client, "allocate", closedBank, member.address, 40 * 60);
  await send(
    hourBank,
    member,
    "requestWork",
    closedBank,
    "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy",
  );
  await increaseTime(m, 2n * DAY);
  await send(hourBank, client, "topUp", closedBank, 10, (await now(m)) + 70n * DAY);

  const note = (label: string) => metadataDigestFor(label);
  await send(hourBank, vendor, "logHours", closedBank, client.address, 90, note("triage, Ana"));
  await send(hourBank, client, "approveLog", closedBank, 0);
  await send(hourBank, vendor, "logHours", closedBank, member.address, 120, note("translation, Bo"));
  await send(hourBank, member, "contest", closedBank, 1, "bafkreievidence");
  await send(hourBank, vendor, "submitEvidence", closedBank, 1, "bafkreivendorevidence");
  await send(hourBank, arbiter, "rule", (closedBank << 32n) | 1n, 7_001n);
  await send(hourBank, vendor, "logHours", closedBank, member.address, 45, note("testing, Cy"));
  await increaseTime(m, DAY);
  await send(hourBank, operator, "release", closedBank, 2);
  await send(hourBank, client, "rate", closedBank, 5);
  await send(hourBank, vendor, "rate", closedBank, 4);
  await send(hourBank, operator, "collectFees", closedBank);

  await send(hourBank, client, "buy", await order(20));
  const openBank = (await hourBank.bankCount()) as bigint;
  await send(hourBank, vendor, "logHours", openBank, client.address, 30, note("on call, Ana"));

  await increaseTime(m, 70n * DAY);
  await send(hourBank, operator, "close", closedBank);
  return { hourBank, member, closedBank, openBank };
}
