import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/** One rating-weight unit per 0.0005 ETH (about one US dollar at the demo's 3,000 USD/ETH). */
const ETH_WEIGHT_UNIT = 5n * 10n ** 14n;
/** One rating-weight unit per whole mUSD (6 decimals). */
const USD_WEIGHT_UNIT = 10n ** 6n;
/** Default arbiter's fee: 1% of a disputed amount (the contract caps it at 5%). */
const ARBITER_FEE_BPS = 100;

/**
 * The contracts every network needs: the vendor registry and the escrow, with a default arbiter.
 *
 * The escrow's configuration calls are sent by the deploying account, so `operator` must be that
 * account (the default). To hand the operator role to a multisig afterwards, call
 * `transferOwnership` and then `acceptOwnership` from the multisig (Ownable2Step).
 */
export const MosaicCoreModule = buildModule("MosaicCore", (m) => {
  const operator = m.getParameter("operator", m.getAccount(0));
  const treasury = m.getParameter("treasury", m.getAccount(1));
  const arbiter = m.getParameter("arbiter", m.getAccount(2));
  const arbiterFeeBps = m.getParameter("arbiterFeeBps", ARBITER_FEE_BPS);
  const ethWeightUnit = m.getParameter("ethWeightUnit", ETH_WEIGHT_UNIT);

  const registry = m.contract("VendorRegistry");
  const escrow = m.contract("MosaicEscrow", [operator, treasury, registry, ethWeightUnit]);
  m.call(escrow, "setDefaultArbiter", [arbiter, arbiterFeeBps]);

  return { registry, escrow };
});

/**
 * Local networks: the core contracts plus a demo stablecoin, "Mock USD" (mUSD, 6 decimals, open
 * mint, EIP-2612 permit), allowed in the escrow. Never deploy this module to a public network.
 */
export default buildModule("Mosaic", (m) => {
  const { registry, escrow } = m.useModule(MosaicCoreModule);
  const usdWeightUnit = m.getParameter("usdWeightUnit", USD_WEIGHT_UNIT);

  const mockUsd = m.contract("MockERC20", ["Mock USD", "mUSD", 6], { id: "MockUSD" });
  m.call(escrow, "configureToken", [mockUsd, true, usdWeightUnit], { id: "AllowMockUSD" });

  return { registry, escrow, mockUsd };
});
