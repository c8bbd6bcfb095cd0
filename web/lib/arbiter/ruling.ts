/**
 * What an ERC-792 ruling pays, exactly as MosaicEscrow's `_resolve` computes it: ruling r in
 * 1..10001 gives the vendor r - 1 basis points of the disputed amount; the arbiter's fee is charged
 * to each party in proportion to the share the ruling denied it (from its share, or from the vendor's
 * bond when the vendor raised the dispute), and what a party cannot cover falls to the other. The
 * platform fee (rounded up, capped) comes out of the vendor's gross share; the bond is returned
 * without fee. Ruling 0 (refused to arbitrate) splits evenly without the arbiter's fee.
 */
export const BPS = 10_000n;
export const MAX_RULING = 10_001;
/** MosaicEscrow.MAX_FEE_BPS: the platform fee never passes it, even after rounding up. */
const MAX_FEE_BPS = 200n;

export interface RulingPreview {
  vendorBps: number;
  arbiterFee: bigint;
  vendorGross: bigint;
  platformFee: bigint;
  toVendor: bigint;
  toClient: bigint;
}

const min = (a: bigint, b: bigint) => (a < b ? a : b);

/** `bond`: what the vendor bonded when it raised the dispute (0 when the client raised it). */
export function previewRuling(
  amount: bigint,
  ruling: number,
  arbiterFeeBps: number,
  feeBps: number,
  bond = 0n,
): RulingPreview {
  if (!Number.isInteger(ruling) || ruling < 0 || ruling > MAX_RULING)
    throw new RangeError(`ruling must be 0..${MAX_RULING}`);
  const vendorBps = ruling === 0 ? 5_000 : ruling - 1;
  const arbiterFee = ruling !== 0 ? (amount * BigInt(arbiterFeeBps)) / BPS : 0n;
  let vendorShare = (amount * BigInt(vendorBps)) / BPS;
  let toClient = amount - vendorShare;
  vendorShare += bond;
  const vendorPart = min((arbiterFee * (BPS - BigInt(vendorBps))) / BPS, vendorShare);
  const clientPart = min(arbiterFee - vendorPart, toClient);
  vendorShare -= arbiterFee - clientPart;
  toClient -= clientPart;
  const vendorGross = vendorShare > bond ? vendorShare - bond : 0n;
  const rounded = (vendorGross * BigInt(feeBps) + BPS - 1n) / BPS;
  const platformFee = min(rounded, (vendorGross * MAX_FEE_BPS) / BPS);
  return {
    vendorBps,
    arbiterFee,
    vendorGross,
    platformFee,
    toVendor: vendorShare - platformFee,
    toClient,
  };
}
