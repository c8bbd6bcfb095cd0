import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { buildCoreModule } from "./Mosaic.ts";

/** One rating-weight unit per whole USDC (6 decimals): about one US dollar. */
const USDC_WEIGHT_UNIT = 10n ** 6n;
/** A job paid in USDC counts toward a vendor's paid jobs from 100 USDC. */
const USDC_PAID_JOB_THRESHOLD = 100n * USDC_WEIGHT_UNIT;

/**
 * Public networks: the core contracts with the treasury and arbiter given as parameters (a public
 * network has one deployer account), and the network's USDC allowed in the escrow. No demo token.
 * Parameters live in ignition/parameters/<network>.json; `npm run deploy -- --network <name>` uses it.
 */
export default buildModule("MosaicPublic", (m) => {
  const { registry, escrow } = m.useModule(buildCoreModule({ localAccountDefaults: false }));
  const usdc = m.getParameter("usdc");
  const usdcWeightUnit = m.getParameter("usdcWeightUnit", USDC_WEIGHT_UNIT);
  const usdcPaidJobThreshold = m.getParameter("usdcPaidJobThreshold", USDC_PAID_JOB_THRESHOLD);

  m.call(escrow, "configureToken", [usdc, true, usdcWeightUnit, usdcPaidJobThreshold], { id: "AllowUSDC" });

  return { registry, escrow };
});
