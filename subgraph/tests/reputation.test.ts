import { afterEach, assert, beforeEach, clearStore, describe, test } from "matchstick-as/assembly/index";
import { handleQuotesRevoked, handleRated } from "../src/mappings/escrow";
import { quotesRevoked, rated } from "./utils/escrow-events";
import { CLIENT, VENDOR, lastEventId, resetChain } from "./utils/mock";
import { amount0, postHiredJob, registerVendor, release } from "./utils/scenario";

const C = CLIENT.toHexString();
const V = VENDOR.toHexString();

describe("handleRated", () => {
  beforeEach(() => {
    resetChain();
    postHiredJob(1);
    release(1, 0, amount0());
  });
  afterEach(() => {
    clearStore();
  });

  test("adds the client's rating to the vendor's on-chain record", () => {
    handleRated(rated(1, CLIENT, VENDOR, 4, 100000));
    assert.fieldEquals("Account", V, "weightedScoreSum", "400000");
    assert.fieldEquals("Account", V, "ratingWeight", "100000");
    assert.fieldEquals("Account", V, "ratingCount", "1");
    assert.fieldEquals("Vendor", V, "ratingWeightedSum", "400000");
    assert.fieldEquals("Vendor", V, "ratingWeight", "100000");
    assert.fieldEquals("Vendor", V, "ratingCount", "1");
    assert.fieldEquals("Job", "1", "clientRated", "true");
    assert.fieldEquals("Job", "1", "vendorRated", "false");
    assert.fieldEquals("Protocol", "mosaic", "ratingCount", "1");
    assert.fieldEquals("DailyStat", "20089", "ratings", "1");
  });

  test("records the rating with its weight and roles", () => {
    handleRated(rated(1, CLIENT, VENDOR, 4, 100000));
    let id = lastEventId();
    assert.fieldEquals("Rating", id, "job", "1");
    assert.fieldEquals("Rating", id, "rater", C);
    assert.fieldEquals("Rating", id, "ratee", V);
    assert.fieldEquals("Rating", id, "raterRole", "Client");
    assert.fieldEquals("Rating", id, "vendorRatee", V);
    assert.fieldEquals("Rating", id, "score", "4");
    assert.fieldEquals("Rating", id, "weight", "100000");
  });

  test("records the vendor's rating of the client on the client side of the client's account", () => {
    handleRated(rated(1, VENDOR, CLIENT, 5, 100000, false));
    assert.fieldEquals("Rating", lastEventId(), "raterRole", "Vendor");
    assert.fieldEquals("Rating", lastEventId(), "clientRatee", C);
    assert.fieldEquals("Account", C, "clientRatingCount", "1");
    assert.fieldEquals("Account", C, "clientWeightedScoreSum", "500000");
    assert.fieldEquals("Account", C, "ratingCount", "0");
    assert.fieldEquals("Job", "1", "vendorRated", "true");
    assert.notInStore("Vendor", C);
  });

  test("records a weightless rating without counting it, as the escrow does", () => {
    handleRated(rated(1, CLIENT, VENDOR, 1, 0));
    assert.fieldEquals("Vendor", V, "ratingCount", "0");
    assert.fieldEquals("Vendor", V, "ratingWeight", "0");
    assert.fieldEquals("Vendor", V, "ratingWeightedSum", "0");
  });

  test("keeps what a vendor received as a client off its vendor record, as vendorStatsOf does", () => {
    registerVendor(CLIENT);
    handleRated(rated(1, VENDOR, CLIENT, 3, 2500, false));
    assert.fieldEquals("Vendor", C, "ratingCount", "0");
    assert.fieldEquals("Vendor", C, "ratingWeightedSum", "0");
    assert.fieldEquals("Account", C, "clientRatingWeight", "2500");
  });

  test("counts the job among the vendor's paid jobs when the rating says so, whoever rated", () => {
    handleRated(rated(1, VENDOR, CLIENT, 5, 100000, false, true));
    assert.fieldEquals("Account", V, "paidJobs", "1");
    assert.fieldEquals("Vendor", V, "countedPaidJobs", "1");
    assert.fieldEquals("Job", "1", "paidJobCounted", "true");
    handleRated(rated(1, CLIENT, VENDOR, 5, 100000));
    assert.fieldEquals("Vendor", V, "countedPaidJobs", "1");
    assert.fieldEquals("Vendor", V, "ratingCount", "1");
  });

  test("starts a vendor registered later from its address's vendor record", () => {
    handleRated(rated(1, CLIENT, VENDOR, 3, 2500));
    registerVendor(VENDOR);
    assert.fieldEquals("Vendor", V, "ratingCount", "1");
    assert.fieldEquals("Vendor", V, "ratingWeight", "2500");
  });
});

describe("handleQuotesRevoked", () => {
  beforeEach(() => {
    resetChain();
  });
  afterEach(() => {
    clearStore();
  });

  test("stores the nonce new quotes must carry", () => {
    handleQuotesRevoked(quotesRevoked(VENDOR, 3));
    assert.fieldEquals("Account", V, "quoteNonce", "3");
    assert.fieldEquals("QuoteRevocation", lastEventId(), "account", V);
    assert.fieldEquals("QuoteRevocation", lastEventId(), "nonce", "3");
    assert.notInStore("Vendor", V);
  });
});
