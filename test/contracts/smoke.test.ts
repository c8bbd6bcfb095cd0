import { expect } from "chai";
import { deployMosaic, networkHelpers, now, postJob, DAY, USD_UNIT, signQuote, State } from "./helpers/fixtures.ts";

describe("smoke", () => {
  it("runs one ERC-20 lifecycle", async () => {
    const m = await networkHelpers.loadFixture(deployMosaic);
    const deadline = (await now()) + 10n * DAY;
    const jobId = await postJob(m, { token: await m.usd.getAddress() }, [{ amount: 1000n * USD_UNIT, deadline }]);
    await m.escrow.connect(m.client).fund(jobId, 0, 1);
    const { quote, signature } = await signQuote(m.escrow, m.vendor, { jobId, price: 1000n * USD_UNIT });
    await m.escrow.connect(m.client).hire(quote, signature);
    await m.escrow.connect(m.vendor).submit(jobId, 0, "bafydeliverable");
    await expect(m.escrow.connect(m.client).approve(jobId, 0)).to.emit(m.escrow, "MilestoneReleased");
    expect((await m.escrow.milestoneOf(jobId, 0)).state).to.equal(State.Paid);
    await m.escrow.connect(m.client).rate(jobId, 5);
    await m.escrow.connect(m.vendor).rate(jobId, 4);
    expect(await m.escrow.vendorRatingOf(m.vendor.address)).to.equal(500n);
  });
});
