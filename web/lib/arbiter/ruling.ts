/**
 * What an ERC-792 ruling pays, exactly as MosaicEscrow's `_resolve` computes it: ruling r in
 * 1..10001 gives the vendor r - 1 basis points of the disputed amount after the arbiter's fee, and
 * the platform fee (rounded up) comes out of the vendor's share; ruling 0 (refused to arbitrate) splits evenly
 * without the arbiter's fee.
 */
export const BPS = 10_000n;
export const MAX_RULING = 10_001;

export interface RulingPreview {
  vendorBps: number;
  arbiterFee: bigint;
  vendorGross: bigint;
  platformFee: bigint;
  toVendor: bigint;
  toClient: bigint;
}

export function previewRuling(amount: bigint, ruling: number, arbiterFeeBps: number, feeBps: number): RulingPreview {
  if (!Number.isInteger(ruling) || ruling < 0 || ruling > MAX_RULING)
    throw new RangeError(`ruling must be 0..${MAX_RULING}`);
  const charge = ruling !== 0;
  const vendorBps = ruling === 0 ? 5_000 : ruling - 1;
  const arbiterFee = charge ? (amount * BigInt(arbiterFeeBps)) / BPS : 0n;
  const rest = amount - arbiterFee;
  const vendorGross = (rest * BigInt(vendorBps)) / BPS;
  // The platform fee rounds up (MosaicEscrow `_takeFee`).
  const platformFee = (vendorGross * BigInt(feeBps) + BPS - 1n) / BPS;
  return {
    vendorBps,
    arbiterFee,
    vendorGross,
    platformFee,
    toVendor: vendorGross - platformFee,
    toClient: rest - vendorGross,
  };
}
