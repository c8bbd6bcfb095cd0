import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { encodeBytes32String } from "ethers";
import type { ArgumentType, IgnitionModuleBuilder } from "@nomicfoundation/ignition-core";

/** One rating-weight unit per 0.0005 ETH (about one US dollar at the demo's 3,000 USD/ETH). */
const ETH_WEIGHT_UNIT = 5n * 10n ** 14n;
/** A job counts toward a vendor's paid jobs once it paid about 100 US dollars: 0.05 ETH. */
const ETH_PAID_JOB_THRESHOLD = 100n * ETH_WEIGHT_UNIT;
/** One rating-weight unit per whole mUSD (6 decimals). */
const USD_WEIGHT_UNIT = 10n ** 6n;
/** A job paid in mUSD counts toward a vendor's paid jobs from 100 mUSD. */
const USD_PAID_JOB_THRESHOLD = 100n * USD_WEIGHT_UNIT;
/**
 * Weight of the 1-star prior in the confidence-adjusted vendor rating an open job's minRating is
 * checked against, in weight units: the same prior matching uses (DEFAULT_RATING_PRIOR_WEIGHT).
 */
const RATING_PRIOR_WEIGHT = 500n;
/** Default arbiter's fee: 1% of a disputed amount (the contract caps it at 5%). */
const ARBITER_FEE_BPS = 100;
/**
 * The registry's starter skill tags (canonical slugs). The table is curated: its owner (the
 * deploying account) adds tags with `addSkillTags`; a vendor can only list tags in the table.
 */
export const STARTER_SKILL_TAGS: readonly string[] = [
  ...["solidity", "smart-contract-audit", "foundry", "hardhat", "defi", "evm", "zk-proofs"],
  ...["typescript", "react", "nextjs", "tailwind", "wagmi", "viem", "accessibility"],
  ...["nodejs", "postgresql", "graphql", "rust", "go", "subgraph", "kubernetes"],
  ...["ui-design", "ux-research", "figma", "branding", "illustration", "motion-design", "design"],
  ...["technical-writing", "copywriting", "seo", "translation", "community-management", "video-editing"],
  ...["python", "machine-learning", "data-analysis", "sql", "dune-analytics"],
];

/**
 * The contracts every network needs: the vendor registry (with the starter skill tags), the
 * escrow, with a default arbiter, and the hour bank and the project registry beside it (they read
 * the escrow's settings).
 * Locally, tag creation is also left open, so that demo vendors may name new skills; on a public
 * network only the registry's owner adds tags.
 *
 * The escrow's configuration calls are sent by the deploying account, so `operator` must be that
 * account (the default). To hand the operator role to a multisig afterwards, call
 * `transferOwnership` and then `acceptOwnership` from the multisig (Ownable2Step).
 *
 * Locally the treasury and the arbiter default to the node's accounts 1 and 2. A public network
 * has one deployer account, so there both must be given as parameters.
 */
export function buildCoreModule({ localAccountDefaults }: { localAccountDefaults: boolean }) {
  return buildModule("MosaicCore", (m) => {
    const operator = m.getParameter("operator", m.getAccount(0));
    const treasury = localAccountDefaults ? m.getParameter("treasury", m.getAccount(1)) : m.getParameter("treasury");
    const arbiter = localAccountDefaults ? m.getParameter("arbiter", m.getAccount(2)) : m.getParameter("arbiter");
    const contracts = coreContracts(m, operator, treasury, arbiter);
    if (localAccountDefaults) m.call(contracts.registry, "setTagCreationOpen", [true]);
    return contracts;
  });
}

function coreContracts(
  m: IgnitionModuleBuilder,
  operator: ArgumentType,
  treasury: ArgumentType,
  arbiter: ArgumentType,
) {
  const arbiterFeeBps = m.getParameter("arbiterFeeBps", ARBITER_FEE_BPS);
  const ethWeightUnit = m.getParameter("ethWeightUnit", ETH_WEIGHT_UNIT);
  const ethPaidJobThreshold = m.getParameter("ethPaidJobThreshold", ETH_PAID_JOB_THRESHOLD);
  const ratingPriorWeight = m.getParameter("ratingPriorWeight", RATING_PRIOR_WEIGHT);

  const skillTags = m.getParameter(
    "skillTags",
    STARTER_SKILL_TAGS.map((tag) => encodeBytes32String(tag)),
  );
  const registry = m.contract("VendorRegistry");
  m.call(registry, "addSkillTags", [skillTags]);
  const escrow = m.contract("MosaicEscrow", [
    operator,
    treasury,
    registry,
    ethWeightUnit,
    ethPaidJobThreshold,
    ratingPriorWeight,
  ]);
  m.call(escrow, "setDefaultArbiter", [arbiter, arbiterFeeBps]);
  // Hour banks read the escrow's treasury, fee, default arbiter, token allowlist and pause: nothing
  // to configure twice. Their ratings use the same prior, in a ledger of their own.
  const hourBank = m.contract("HourBank", [escrow, ratingPriorWeight]);
  // Projects link the escrow's jobs to parts and read its allowlist, registry and pause.
  const projectRegistry = m.contract("ProjectRegistry", [escrow]);

  return { registry, escrow, hourBank, projectRegistry };
}

export const MosaicCoreModule = buildCoreModule({ localAccountDefaults: true });

/**
 * Local networks: the core contracts plus a demo stablecoin, "Mock USD" (mUSD, 6 decimals, open
 * mint, EIP-2612 permit), allowed in the escrow. Never deploy this module to a public network.
 */
export default buildModule("Mosaic", (m) => {
  const { registry, escrow, hourBank, projectRegistry } = m.useModule(MosaicCoreModule);
  const usdWeightUnit = m.getParameter("usdWeightUnit", USD_WEIGHT_UNIT);
  const usdPaidJobThreshold = m.getParameter("usdPaidJobThreshold", USD_PAID_JOB_THRESHOLD);

  const mockUsd = m.contract("MockERC20", ["Mock USD", "mUSD", 6], { id: "MockUSD" });
  m.call(escrow, "configureToken", [mockUsd, true, usdWeightUnit, usdPaidJobThreshold], { id: "AllowMockUSD" });

  return { registry, escrow, hourBank, projectRegistry, mockUsd };
});
