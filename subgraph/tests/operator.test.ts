import { Address, BigInt } from "@graphprotocol/graph-ts";
import { afterEach, assert, beforeEach, clearStore, describe, test } from "matchstick-as/assembly/index";
import { Protocol } from "../generated/schema";
import {
  handleDefaultArbiterChangeAnnounced,
  handleDefaultArbiterSet,
  handleFeeChangeAnnounced,
  handleOwnershipTransferred,
  handleOwnershipTransferStarted,
  handlePaused,
  handleSurplusSwept,
  handleTokenConfigured,
  handleTreasurySet,
  handleUnpaused,
} from "../src/mappings/escrow";
import {
  defaultArbiterChangeAnnounced,
  defaultArbiterSet,
  feeChangeAnnounced,
  ownershipTransferred,
  ownershipTransferStarted,
  paused,
  surplusSwept,
  tokenConfigured,
  treasurySet,
  unpaused,
} from "./utils/escrow-events";
import {
  ARBITER,
  DAY,
  ESCROW,
  OPERATOR,
  START_TIME,
  TREASURY,
  USDC,
  advanceTime,
  lastEventId,
  resetChain,
} from "./utils/mock";

const P = "mosaic";

describe("handleSurplusSwept", () => {
  beforeEach(() => {
    resetChain();
  });
  afterEach(() => {
    clearStore();
  });

  test("records the sweep and adds it to the token's swept total", () => {
    handleSurplusSwept(surplusSwept(USDC, TREASURY, BigInt.fromI32(123)));
    handleSurplusSwept(surplusSwept(USDC, TREASURY, BigInt.fromI32(7)));
    assert.fieldEquals("Token", USDC.toHexString(), "surplusSwept", "130");
    assert.fieldEquals("SurplusSweep", lastEventId(), "amount", "7");
    assert.fieldEquals("SurplusSweep", lastEventId(), "treasury", TREASURY.toHexString());
    assert.fieldEquals("Token", USDC.toHexString(), "held", "0");
  });
});

describe("handleTokenConfigured", () => {
  beforeEach(() => {
    resetChain();
  });
  afterEach(() => {
    clearStore();
  });

  test("allows a token with its rating weight unit", () => {
    handleTokenConfigured(tokenConfigured(USDC, true, BigInt.fromI32(1000000)));
    let token = USDC.toHexString();
    assert.fieldEquals("Token", token, "allowed", "true");
    assert.fieldEquals("Token", token, "weightUnit", "1000000");
    assert.fieldEquals("Token", token, "held", "0");
    let id = lastEventId();
    assert.fieldEquals("OperatorAction", id, "kind", "TokenConfigured");
    assert.fieldEquals("OperatorAction", id, "token", token);
    assert.fieldEquals("OperatorAction", id, "allowed", "true");
    assert.fieldEquals("OperatorAction", id, "weightUnit", "1000000");
    assert.fieldEquals("Protocol", P, "escrow", ESCROW.toHexString());
  });

  test("keeps the paid-job threshold new jobs will snapshot", () => {
    handleTokenConfigured(tokenConfigured(USDC, true, BigInt.fromI32(1000000), BigInt.fromI32(50000000)));
    assert.fieldEquals("Token", USDC.toHexString(), "paidJobThreshold", "50000000");
    assert.fieldEquals("OperatorAction", lastEventId(), "paidJobThreshold", "50000000");
  });

  test("disallows and re-weights a token", () => {
    handleTokenConfigured(tokenConfigured(USDC, true, BigInt.fromI32(1000000)));
    handleTokenConfigured(tokenConfigured(USDC, false, BigInt.fromI32(2000000)));
    assert.fieldEquals("Token", USDC.toHexString(), "allowed", "false");
    assert.fieldEquals("Token", USDC.toHexString(), "weightUnit", "2000000");
    assert.entityCount("OperatorAction", 2);
  });
});

describe("handleFeeChangeAnnounced", () => {
  beforeEach(() => {
    resetChain();
  });
  afterEach(() => {
    clearStore();
  });

  test("keeps the fee in force until the announced one takes over", () => {
    let effectiveAt = START_TIME + 2 * DAY;
    handleFeeChangeAnnounced(feeChangeAnnounced(100, effectiveAt));
    assert.fieldEquals("Protocol", P, "feeBps", "50");
    assert.fieldEquals("Protocol", P, "currentFeeBps", "50");
    assert.fieldEquals("Protocol", P, "pendingFeeBps", "100");
    assert.fieldEquals("Protocol", P, "feeEffectiveAt", effectiveAt.toString());
    assert.fieldEquals("OperatorAction", lastEventId(), "kind", "FeeChangeAnnounced");
    assert.fieldEquals("OperatorAction", lastEventId(), "feeBps", "100");
    assert.fieldEquals("OperatorAction", lastEventId(), "effectiveAt", effectiveAt.toString());
  });

  test("applies the announced fee to events after its time", () => {
    handleFeeChangeAnnounced(feeChangeAnnounced(100, START_TIME + 2 * DAY));
    advanceTime(2 * DAY);
    handlePaused(paused(OPERATOR));
    assert.fieldEquals("Protocol", P, "feeBps", "100");
  });

  test("makes the fee in force current when the next change is announced", () => {
    handleFeeChangeAnnounced(feeChangeAnnounced(100, START_TIME + 2 * DAY));
    advanceTime(3 * DAY);
    handleFeeChangeAnnounced(feeChangeAnnounced(20, START_TIME + 5 * DAY));
    let protocol = Protocol.load(P)!;
    assert.i32Equals(protocol.currentFeeBps, 100);
    assert.i32Equals(protocol.pendingFeeBps, 20);
    assert.i32Equals(protocol.feeBps, 100);
  });
});

describe("handleDefaultArbiterSet", () => {
  afterEach(() => {
    clearStore();
  });

  test("names the default arbiter and its fee", () => {
    handleDefaultArbiterSet(defaultArbiterSet(ARBITER, 250));
    assert.fieldEquals("Protocol", P, "defaultArbiter", ARBITER.toHexString());
    assert.fieldEquals("Protocol", P, "defaultArbiterFeeBps", "250");
    assert.fieldEquals("OperatorAction", lastEventId(), "account", ARBITER.toHexString());
    assert.fieldEquals("OperatorAction", lastEventId(), "feeBps", "250");
  });
});

describe("handleDefaultArbiterChangeAnnounced", () => {
  beforeEach(() => {
    resetChain();
  });
  afterEach(() => {
    clearStore();
  });

  test("keeps the default arbiter in force until the announced one takes over", () => {
    handleDefaultArbiterSet(defaultArbiterSet(ARBITER, 100));
    let effectiveAt = START_TIME + 2 * DAY;
    handleDefaultArbiterChangeAnnounced(defaultArbiterChangeAnnounced(TREASURY, 250, effectiveAt));
    assert.fieldEquals("Protocol", P, "defaultArbiter", ARBITER.toHexString());
    assert.fieldEquals("Protocol", P, "defaultArbiterFeeBps", "100");
    assert.fieldEquals("Protocol", P, "pendingDefaultArbiter", TREASURY.toHexString());
    assert.fieldEquals("Protocol", P, "pendingDefaultArbiterFeeBps", "250");
    assert.fieldEquals("Protocol", P, "defaultArbiterEffectiveAt", effectiveAt.toString());
    assert.fieldEquals("OperatorAction", lastEventId(), "kind", "DefaultArbiterChangeAnnounced");
    assert.fieldEquals("OperatorAction", lastEventId(), "account", TREASURY.toHexString());
    assert.fieldEquals("OperatorAction", lastEventId(), "feeBps", "250");
    assert.fieldEquals("OperatorAction", lastEventId(), "effectiveAt", effectiveAt.toString());
  });

  test("applies the announced arbiter to events after its time", () => {
    handleDefaultArbiterSet(defaultArbiterSet(ARBITER, 100));
    handleDefaultArbiterChangeAnnounced(defaultArbiterChangeAnnounced(TREASURY, 250, START_TIME + 2 * DAY));
    advanceTime(DAY);
    handlePaused(paused(OPERATOR));
    assert.fieldEquals("Protocol", P, "defaultArbiter", ARBITER.toHexString());
    advanceTime(DAY);
    handleUnpaused(unpaused(OPERATOR));
    assert.fieldEquals("Protocol", P, "defaultArbiter", TREASURY.toHexString());
    assert.fieldEquals("Protocol", P, "defaultArbiterFeeBps", "250");
  });
});

describe("handleTreasurySet", () => {
  afterEach(() => {
    clearStore();
  });

  test("records where collected fees go", () => {
    handleTreasurySet(treasurySet(TREASURY));
    assert.fieldEquals("Protocol", P, "treasury", TREASURY.toHexString());
    assert.fieldEquals("OperatorAction", lastEventId(), "kind", "TreasurySet");
  });
});

describe("handlePaused and handleUnpaused", () => {
  afterEach(() => {
    clearStore();
  });

  test("track the pause", () => {
    handlePaused(paused(OPERATOR));
    assert.fieldEquals("Protocol", P, "paused", "true");
    assert.fieldEquals("OperatorAction", lastEventId(), "kind", "Paused");
    assert.fieldEquals("OperatorAction", lastEventId(), "account", OPERATOR.toHexString());
    handleUnpaused(unpaused(OPERATOR));
    assert.fieldEquals("Protocol", P, "paused", "false");
    assert.fieldEquals("OperatorAction", lastEventId(), "kind", "Unpaused");
  });
});

describe("handleOwnershipTransferStarted and handleOwnershipTransferred", () => {
  afterEach(() => {
    clearStore();
  });

  test("track the two-step ownership transfer", () => {
    handleOwnershipTransferred(ownershipTransferred(Address.zero(), OPERATOR));
    handleOwnershipTransferStarted(ownershipTransferStarted(OPERATOR, TREASURY));
    assert.fieldEquals("Protocol", P, "owner", OPERATOR.toHexString());
    assert.fieldEquals("Protocol", P, "pendingOwner", TREASURY.toHexString());
    assert.fieldEquals("OperatorAction", lastEventId(), "previousOwner", OPERATOR.toHexString());
    handleOwnershipTransferred(ownershipTransferred(OPERATOR, TREASURY));
    assert.fieldEquals("Protocol", P, "owner", TREASURY.toHexString());
    assert.fieldEquals("Protocol", P, "pendingOwner", "null");
    assert.fieldEquals("OperatorAction", lastEventId(), "kind", "OwnershipTransferred");
  });
});
