import { expect } from "chai";
import {
  DAY,
  ETH,
  USD_UNIT,
  State,
  digestOf,
  ethers,
  jobTerms,
  milestoneTerms,
  networkHelpers,
  now,
} from "../helpers/fixtures.ts";
import {
  CID,
  DESIGN,
  LinkKind,
  NOTE,
  PART_BUDGETS,
  ReviewState,
  SKILLS,
  createProject,
  deployProjects,
  hire,
  partTerms,
  postFunded,
  projectTerms,
  reviewerTerms,
  signPermit,
  type ProjectsFixture,
} from "./fixture.ts";

const { loadFixture, time } = networkHelpers;
const LONG_CID = "b".repeat(101);
const SHARE = (PART_BUDGETS[0] * 500n) / 10_000n;

/** A project whose part 0 is linked to a funded job, with the reviewer named on it. */
async function reviewedPart(f: ProjectsFixture, milestoneCount = 1) {
  const projectId = await createProject(f);
  const jobId = await postFunded(f, f.client, PART_BUDGETS[0], {}, milestoneCount);
  await f.projects.connect(f.client).linkJobs(projectId, [0], [0], [jobId]);
  await f.projects.connect(f.client).nameReviewer(projectId, 0, await reviewerTerms(f));
  return { projectId, jobId };
}

/** Three shifts of eight hours from 00:00, 08:00 and 16:00 UTC on part 2. */
function threeShifts(f: ProjectsFixture) {
  return [f.vendor, f.vendor2, f.vendor3].map((v, i) => ({
    vendor: v.address,
    startMinute: i * 480,
    lengthMinutes: 480,
    jobId: 0n,
  }));
}

describe("ProjectRegistry", () => {
  describe("createProject", () => {
    it("creates a project, declares its parts and reads them back", async () => {
      const f = await loadFixture(deployProjects);
      const terms = await projectTerms(f);
      const tx = f.projects.connect(f.client).createProject(terms, partTerms());
      await expect(tx)
        .to.emit(f.projects, "ProjectCreated")
        .withArgs(1n, f.client.address, f.usdAddress, terms.budget, terms.deadline, 60, 540, 1020, CID);
      const solidityHash = ethers.solidityPackedKeccak256(["bytes32[]"], [SKILLS]);
      await expect(tx).to.emit(f.projects, "PartDeclared").withArgs(1n, 0n, PART_BUDGETS[0], 0, solidityHash, SKILLS);
      await expect(tx)
        .to.emit(f.projects, "PartDeclared")
        .withArgs(1n, 1n, PART_BUDGETS[1], 1, ethers.solidityPackedKeccak256(["bytes32[]"], [DESIGN]), DESIGN);
      expect(await f.projects.projectCount()).to.equal(1n);
      const p = await f.projects.projectOf(1n);
      expect([p.client, p.token, p.budget, p.deadline]).to.deep.equal([
        f.client.address,
        f.usdAddress,
        terms.budget,
        terms.deadline,
      ]);
      expect([p.utcOffsetMinutes, p.workStartMinute, p.workEndMinute, p.partCount]).to.deep.equal([
        60n,
        540n,
        1020n,
        3n,
      ]);
      const part = await f.projects.partOf(1n, 1);
      expect([part.budget, part.committed, part.dependsOn, part.skillsHash]).to.deep.equal([
        PART_BUDGETS[1],
        0n,
        1n,
        ethers.solidityPackedKeccak256(["bytes32[]"], [DESIGN]),
      ]);
      expect(part.reviewState).to.equal(ReviewState.None);
      // No skills hash to zero, as the escrow hashes a job's.
      await f.projects
        .connect(f.client)
        .createProject(await projectTerms(f, { workStartMinute: 1320, workEndMinute: 360 }), [
          { budget: 1n, dependsOn: 0, skills: [] },
        ]);
      expect((await f.projects.partOf(2n, 0)).skillsHash).to.equal(ethers.ZeroHash);
      await expect(f.projects.projectOf(3n)).to.be.revertedWithCustomError(f.projects, "ProjectNotFound").withArgs(3n);
      await expect(f.projects.partOf(1n, 3))
        .to.be.revertedWithCustomError(f.projects, "ProjectPartNotFound")
        .withArgs(1n, 3n);
    });

    it("refuses bad terms by their custom errors", async () => {
      const f = await loadFixture(deployProjects);
      const create = async (input: Record<string, unknown>, parts = partTerms()) =>
        f.projects.connect(f.client).createProject(await projectTerms(f, input), parts);
      const other = await ethers.deployContract("MockERC20", ["Other", "OTH", 6]);
      await expect(create({ token: await other.getAddress() }))
        .to.be.revertedWithCustomError(f.projects, "ProjectTokenNotAllowed")
        .withArgs(await other.getAddress());
      await expect(create({ budget: 0n }))
        .to.be.revertedWithCustomError(f.projects, "ProjectInvalidBudget")
        .withArgs(0n, 2n ** 128n - 1n);
      const at = await now();
      await expect(create({ deadline: at })).to.be.revertedWithCustomError(f.projects, "ProjectInvalidDeadline");
      for (const [offset, start, end] of [
        [-721, 540, 1020],
        [841, 540, 1020],
        [0, 1440, 1020],
        [0, 540, 1440],
        [0, 540, 540],
      ]) {
        await expect(create({ utcOffsetMinutes: offset, workStartMinute: start, workEndMinute: end }))
          .to.be.revertedWithCustomError(f.projects, "ProjectInvalidWorkingHours")
          .withArgs(offset, start, end);
      }
      await expect(create({ specCid: "" }))
        .to.be.revertedWithCustomError(f.projects, "ProjectInvalidCid")
        .withArgs(0n, 100n);
      await expect(create({ specCid: LONG_CID }))
        .to.be.revertedWithCustomError(f.projects, "ProjectInvalidCid")
        .withArgs(101n, 100n);
      await expect(create({}, []))
        .to.be.revertedWithCustomError(f.projects, "ProjectInvalidPartCount")
        .withArgs(0n, 32n);
      const many = Array.from({ length: 33 }, () => ({ budget: 1n, dependsOn: 0, skills: [] }));
      await expect(create({}, many))
        .to.be.revertedWithCustomError(f.projects, "ProjectInvalidPartCount")
        .withArgs(33n, 32n);
      await expect(create({}, partTerms([1n, 0n])))
        .to.be.revertedWithCustomError(f.projects, "ProjectInvalidBudget")
        .withArgs(1n, 2_000n * USD_UNIT);
      await expect(create({}, partTerms([1_500n * USD_UNIT, 501n * USD_UNIT])))
        .to.be.revertedWithCustomError(f.projects, "ProjectInvalidBudget")
        .withArgs(2_001n * USD_UNIT, 2_000n * USD_UNIT);
      await expect(create({}, [{ budget: 1n, dependsOn: 1, skills: [] }]))
        .to.be.revertedWithCustomError(f.projects, "ProjectInvalidDependency")
        .withArgs(0n, 1n);
      await f.escrow.pause();
      await expect(create({})).to.be.revertedWithCustomError(f.projects, "ProjectPaused");
    });

    it("refuses a zero escrow address", async () => {
      const f = await loadFixture(deployProjects);
      const factory = await ethers.getContractFactory("ProjectRegistry");
      await expect(factory.deploy(ethers.ZeroAddress)).to.be.revertedWithCustomError(f.projects, "ProjectZeroAddress");
    });
  });

  describe("linkJobs", () => {
    it("links jobs the client posted in one escrow multicall to every part in one transaction", async () => {
      const f = await loadFixture(deployProjects);
      const projectId = await createProject(f);
      await f.projects.connect(f.client).setRelay(projectId, 2, threeShifts(f));
      const deadline = (await now()) + 10n * DAY;
      const amounts = [PART_BUDGETS[0], PART_BUDGETS[1], 100n * USD_UNIT, 150n * USD_UNIT, 150n * USD_UNIT];
      const calls = amounts.map((amount) =>
        f.escrow.interface.encodeFunctionData("postAndFund", [
          jobTerms({ token: f.usdAddress }),
          [milestoneTerms({ amount, deadline })],
        ]),
      );
      await f.escrow.connect(f.client).multicall(calls);
      const first = (await f.escrow.jobCount()) - 4n;
      const jobIds = amounts.map((_, i) => first + BigInt(i));
      const tx = f.projects.connect(f.client).linkJobs(projectId, [0, 1, 2, 2, 2], [0, 0, 0, 1, 2], jobIds);
      await expect(tx)
        .to.emit(f.projects, "JobLinked")
        .withArgs(projectId, 0n, jobIds[0], LinkKind.Part, 0, PART_BUDGETS[0]);
      await expect(tx)
        .to.emit(f.projects, "JobLinked")
        .withArgs(projectId, 2n, jobIds[4], LinkKind.Shift, 2, 150n * USD_UNIT);
      const part0 = await f.projects.partOf(projectId, 0);
      expect([part0.jobId, part0.committed]).to.deep.equal([jobIds[0], PART_BUDGETS[0]]);
      const relay = await f.projects.partOf(projectId, 2);
      expect([relay.jobId, relay.committed, relay.shiftCount]).to.deep.equal([0n, 400n * USD_UNIT, 3n]);
      expect((await f.projects.shiftsOf(projectId, 2)).map((s: { jobId: bigint }) => s.jobId)).to.deep.equal(
        jobIds.slice(2),
      );
      const link = await f.projects.linkOf(jobIds[3]);
      // `shift` is also an array method on the result: read it by position.
      expect([link.projectId, link.kind, link.part, link[3], link.parentJobId]).to.deep.equal([
        projectId,
        LinkKind.Shift,
        2n,
        1n,
        0n,
      ]);
      expect((await f.projects.linkOf(999n)).kind).to.equal(LinkKind.None);
    });

    it("accepts a job already hired, to the shift's vendor on a relay", async () => {
      const f = await loadFixture(deployProjects);
      const projectId = await createProject(f);
      await f.projects.connect(f.client).setRelay(projectId, 2, threeShifts(f));
      const jobId = await postFunded(f, f.client, 100n * USD_UNIT);
      await hire(f, jobId, f.vendor2);
      await expect(f.projects.connect(f.client).linkJobs(projectId, [2], [0], [jobId]))
        .to.be.revertedWithCustomError(f.projects, "ProjectShiftVendorMismatch")
        .withArgs(jobId, f.vendor2.address);
      await expect(f.projects.connect(f.client).linkJobs(projectId, [2], [1], [jobId])).to.emit(
        f.projects,
        "JobLinked",
      );
      const hired = await postFunded(f, f.client, 100n * USD_UNIT);
      await hire(f, hired, f.vendor);
      await expect(f.projects.connect(f.client).linkJobs(projectId, [0], [0], [hired])).to.emit(
        f.projects,
        "JobLinked",
      );
    });

    it("refuses jobs that are not the client's, not in its token, over budget or linked already", async () => {
      const f = await loadFixture(deployProjects);
      const projectId = await createProject(f);
      const link = (part: number, shift: number, jobId: bigint, by = f.client) =>
        f.projects.connect(by).linkJobs(projectId, [part], [shift], [jobId]);
      const jobId = await postFunded(f, f.client, PART_BUDGETS[0]);
      await expect(link(0, 0, jobId, f.stranger))
        .to.be.revertedWithCustomError(f.projects, "ProjectNotClient")
        .withArgs(projectId, f.stranger.address);
      await expect(f.projects.connect(f.client).linkJobs(9n, [0], [0], [jobId]))
        .to.be.revertedWithCustomError(f.projects, "ProjectNotFound")
        .withArgs(9n);
      await expect(f.projects.connect(f.client).linkJobs(projectId, [0, 1], [0], [jobId]))
        .to.be.revertedWithCustomError(f.projects, "ProjectInvalidPartCount")
        .withArgs(2n, 1n);
      await expect(f.projects.connect(f.client).linkJobs(projectId, [0], [0, 0], [jobId]))
        .to.be.revertedWithCustomError(f.projects, "ProjectInvalidPartCount")
        .withArgs(1n, 1n);
      await expect(link(3, 0, jobId))
        .to.be.revertedWithCustomError(f.projects, "ProjectPartNotFound")
        .withArgs(projectId, 3n);
      await expect(link(0, 0, 999n))
        .to.be.revertedWithCustomError(f.escrow, "EscrowJobNotFound")
        .withArgs(999n);
      const strangers = await postFunded(f, f.stranger, PART_BUDGETS[0]);
      await expect(link(0, 0, strangers))
        .to.be.revertedWithCustomError(f.projects, "ProjectJobMismatch")
        .withArgs(strangers);
      const inEth = await postFunded(f, f.client, 10n ** 15n, { token: ETH });
      await expect(link(0, 0, inEth))
        .to.be.revertedWithCustomError(f.projects, "ProjectJobMismatch")
        .withArgs(inEth);
      await expect(link(0, 1, jobId))
        .to.be.revertedWithCustomError(f.projects, "ProjectShiftNotFound")
        .withArgs(projectId, 0n, 1n);
      const tooBig = await postFunded(f, f.client, PART_BUDGETS[1] + 1n);
      await expect(link(1, 0, tooBig))
        .to.be.revertedWithCustomError(f.projects, "ProjectJobOverBudget")
        .withArgs(tooBig, PART_BUDGETS[1] + 1n, PART_BUDGETS[1]);
      await link(0, 0, jobId);
      await expect(link(1, 0, jobId))
        .to.be.revertedWithCustomError(f.projects, "ProjectJobAlreadyLinked")
        .withArgs(jobId);
      const second = await postFunded(f, f.client, 1n);
      await expect(link(0, 0, second))
        .to.be.revertedWithCustomError(f.projects, "ProjectPartAlreadyLinked")
        .withArgs(projectId, 0n);
      await f.projects.connect(f.client).setRelay(projectId, 2, threeShifts(f));
      await expect(link(2, 3, second))
        .to.be.revertedWithCustomError(f.projects, "ProjectShiftNotFound")
        .withArgs(projectId, 2n, 3n);
      await link(2, 0, second);
      const third = await postFunded(f, f.client, 1n);
      await expect(link(2, 0, third))
        .to.be.revertedWithCustomError(f.projects, "ProjectPartAlreadyLinked")
        .withArgs(projectId, 2n);
      await f.escrow.pause();
      await expect(link(2, 1, third)).to.be.revertedWithCustomError(f.projects, "ProjectPaused");
    });

    it("replaces a job that ended unpaid, and takes a new reviewer after a refund", async () => {
      const f = await loadFixture(deployProjects);
      const projectId = await createProject(f);
      const link = (part: number, shift: number, jobId: bigint) =>
        f.projects.connect(f.client).linkJobs(projectId, [part], [shift], [jobId]);
      const first = await postFunded(f, f.client, PART_BUDGETS[0]);
      await link(0, 0, first);
      await f.projects.connect(f.client).nameReviewer(projectId, 0, await reviewerTerms(f));
      await f.escrow.connect(f.client).refund(first, 0);
      await f.projects.settleReview(projectId, 0);
      const second = await postFunded(f, f.client, PART_BUDGETS[0]);
      await expect(link(0, 0, second))
        .to.emit(f.projects, "JobLinked")
        .withArgs(projectId, 0n, second, LinkKind.Part, 0, PART_BUDGETS[0]);
      const part = await f.projects.partOf(projectId, 0);
      expect([part.jobId, part.committed]).to.deep.equal([second, PART_BUDGETS[0]]);
      await expect(f.projects.connect(f.client).nameReviewer(projectId, 0, await reviewerTerms(f))).to.emit(
        f.projects,
        "ReviewerNamed",
      );
      expect((await f.projects.partOf(projectId, 0)).reviewState).to.equal(ReviewState.Held);
      // The second job is funded: it stays.
      const third = await postFunded(f, f.client, 1n);
      await expect(link(0, 0, third))
        .to.be.revertedWithCustomError(f.projects, "ProjectPartAlreadyLinked")
        .withArgs(projectId, 0n);

      // Part 1's job of two milestones: replaceable only once both are cancelled.
      const deadline = (await now()) + 10n * DAY;
      const half = PART_BUDGETS[1] / 2n;
      await f.escrow
        .connect(f.client)
        .postJob(jobTerms({ token: f.usdAddress }), [
          milestoneTerms({ amount: half, deadline }),
          milestoneTerms({ amount: half, deadline: deadline + DAY }),
        ]);
      const twoMilestones = await f.escrow.jobCount();
      await link(1, 0, twoMilestones);
      await f.escrow.connect(f.client).cancel(twoMilestones, 0);
      await expect(link(1, 0, third))
        .to.be.revertedWithCustomError(f.projects, "ProjectPartAlreadyLinked")
        .withArgs(projectId, 1n);
      await f.escrow.connect(f.client).cancel(twoMilestones, 1);
      await link(1, 0, third);
      expect((await f.projects.partOf(projectId, 1)).committed).to.equal(1n);

      // A shift's job, refunded before anyone was hired, is replaced the same way.
      await f.projects.connect(f.client).setRelay(projectId, 2, threeShifts(f));
      const shiftJob = await postFunded(f, f.client, 100n * USD_UNIT);
      await link(2, 0, shiftJob);
      await f.escrow.connect(f.client).refund(shiftJob, 0);
      const nextShiftJob = await postFunded(f, f.client, 100n * USD_UNIT);
      await link(2, 0, nextShiftJob);
      expect((await f.projects.shiftsOf(projectId, 2))[0].jobId).to.equal(nextShiftJob);
      expect((await f.projects.partOf(projectId, 2)).committed).to.equal(100n * USD_UNIT);
    });

    it("refuses a job hired to the part's reviewer", async () => {
      const f = await loadFixture(deployProjects);
      const projectId = await createProject(f);
      await f.projects.connect(f.client).nameReviewer(projectId, 0, await reviewerTerms(f));
      const jobId = await postFunded(f, f.client, PART_BUDGETS[0]);
      await hire(f, jobId, f.reviewer);
      await expect(f.projects.connect(f.client).linkJobs(projectId, [0], [0], [jobId]))
        .to.be.revertedWithCustomError(f.projects, "ProjectConflictOfInterest")
        .withArgs(f.reviewer.address);
    });
  });

  describe("relays", () => {
    it("sets shifts, hands off in turn and reports the 24-hour coverage", async () => {
      const f = await loadFixture(deployProjects);
      const projectId = await createProject(f);
      const shifts = threeShifts(f);
      await expect(f.projects.connect(f.client).setRelay(projectId, 2, shifts))
        .to.emit(f.projects, "RelaySet")
        .withArgs(projectId, 2n, [
          [f.vendor.address, 0n, 480n, 0n],
          [f.vendor2.address, 480n, 480n, 0n],
          [f.vendor3.address, 960n, 480n, 0n],
        ]);
      const [perHour, covered] = await f.projects.coverageOf(projectId, 2);
      expect(covered).to.equal(1440n);
      expect(perHour.every((m: bigint) => m === 60n)).to.equal(true);
      await expect(f.projects.connect(f.vendor2).postHandoff(projectId, 2, 1, NOTE))
        .to.emit(f.projects, "HandoffPosted")
        .withArgs(projectId, 2n, 1, f.vendor2.address, 2, NOTE);
      await expect(f.projects.connect(f.vendor3).postHandoff(projectId, 2, 2, NOTE))
        .to.emit(f.projects, "HandoffPosted")
        .withArgs(projectId, 2n, 2, f.vendor3.address, 0, NOTE);
      // Part 0 is no relay: nothing covered.
      const [, none] = await f.projects.coverageOf(projectId, 0);
      expect(none).to.equal(0n);
    });

    it("counts overlapping shifts once and wraps shifts past midnight", async () => {
      const f = await loadFixture(deployProjects);
      const projectId = await createProject(f);
      await f.projects.connect(f.client).setRelay(projectId, 2, [
        { vendor: f.vendor.address, startMinute: 1380, lengthMinutes: 150, jobId: 0n }, // 23:00-01:30
        { vendor: f.vendor2.address, startMinute: 60, lengthMinutes: 90, jobId: 0n }, // 01:00-02:30
      ]);
      const [perHour, covered] = await f.projects.coverageOf(projectId, 2);
      expect(covered).to.equal(210n);
      expect(perHour.slice(0, 4)).to.deep.equal([60n, 60n, 30n, 0n]);
      expect(perHour[23]).to.equal(60n);
      await expect(f.projects.connect(f.vendor).postHandoff(projectId, 2, 0, NOTE))
        .to.emit(f.projects, "HandoffPosted")
        .withArgs(projectId, 2n, 0, f.vendor.address, 1, NOTE);
    });

    it("refuses bad relays and handoffs by others", async () => {
      const f = await loadFixture(deployProjects);
      const projectId = await createProject(f);
      const set = (part: number, shifts: ReturnType<typeof threeShifts>, by = f.client) =>
        f.projects.connect(by).setRelay(projectId, part, shifts);
      const shifts = threeShifts(f);
      await expect(set(2, shifts, f.stranger)).to.be.revertedWithCustomError(f.projects, "ProjectNotClient");
      await expect(set(3, shifts)).to.be.revertedWithCustomError(f.projects, "ProjectPartNotFound");
      await expect(set(2, shifts.slice(0, 1)))
        .to.be.revertedWithCustomError(f.projects, "ProjectInvalidShift")
        .withArgs(1n);
      await expect(set(2, [...shifts, shifts[0]]))
        .to.be.revertedWithCustomError(f.projects, "ProjectInvalidShift")
        .withArgs(4n);
      for (const bad of [{ startMinute: 1440 }, { lengthMinutes: 0 }, { lengthMinutes: 1441 }, { jobId: 1n }]) {
        await expect(set(2, [shifts[0], { ...shifts[1], ...bad }]))
          .to.be.revertedWithCustomError(f.projects, "ProjectInvalidShift")
          .withArgs(1n);
      }
      await expect(set(2, [shifts[0], { ...shifts[1], vendor: f.stranger.address }]))
        .to.be.revertedWithCustomError(f.projects, "ProjectVendorUnqualified")
        .withArgs(f.stranger.address);
      await expect(set(2, [shifts[0], shifts[0]]))
        .to.be.revertedWithCustomError(f.projects, "ProjectConflictOfInterest")
        .withArgs(f.vendor.address);
      await f.registry
        .connect(f.client)
        .setProfile({ hourlyRateCents: 1, timezoneOffsetMinutes: 0, availabilityHours: 1 }, SKILLS, digestOf("client"));
      await expect(set(2, [shifts[0], { ...shifts[1], vendor: f.client.address }]))
        .to.be.revertedWithCustomError(f.projects, "ProjectConflictOfInterest")
        .withArgs(f.client.address);
      await set(2, shifts);
      await expect(set(2, shifts))
        .to.be.revertedWithCustomError(f.projects, "ProjectPartIsRelay")
        .withArgs(projectId, 2n);
      const jobId = await postFunded(f, f.client, PART_BUDGETS[1]);
      await f.projects.connect(f.client).linkJobs(projectId, [1], [0], [jobId]);
      await expect(set(1, shifts))
        .to.be.revertedWithCustomError(f.projects, "ProjectPartAlreadyLinked")
        .withArgs(projectId, 1n);
      await f.projects.connect(f.client).nameReviewer(projectId, 0, await reviewerTerms(f));
      await expect(set(0, shifts))
        .to.be.revertedWithCustomError(f.projects, "ProjectReviewerAlreadyNamed")
        .withArgs(projectId, 0n);

      await expect(f.projects.connect(f.vendor).postHandoff(projectId, 2, 1, NOTE))
        .to.be.revertedWithCustomError(f.projects, "ProjectNotShiftVendor")
        .withArgs(projectId, 2n, 1n, f.vendor.address);
      await expect(f.projects.connect(f.vendor).postHandoff(projectId, 2, 3, NOTE))
        .to.be.revertedWithCustomError(f.projects, "ProjectShiftNotFound")
        .withArgs(projectId, 2n, 3n);
      await expect(f.projects.connect(f.vendor).postHandoff(projectId, 0, 0, NOTE))
        .to.be.revertedWithCustomError(f.projects, "ProjectShiftNotFound")
        .withArgs(projectId, 0n, 0n);
      await expect(f.projects.connect(f.vendor).postHandoff(projectId, 2, 0, ""))
        .to.be.revertedWithCustomError(f.projects, "ProjectInvalidCid")
        .withArgs(0n, 100n);
      await expect(f.projects.connect(f.vendor).postHandoff(9n, 2, 0, NOTE))
        .to.be.revertedWithCustomError(f.projects, "ProjectNotFound")
        .withArgs(9n);
      await expect(f.projects.shiftsOf(projectId, 5)).to.be.revertedWithCustomError(f.projects, "ProjectPartNotFound");
      await expect(f.projects.coverageOf(9n, 0)).to.be.revertedWithCustomError(f.projects, "ProjectNotFound");
      // A pause stops new relays, never a handoff.
      await f.escrow.pause();
      await expect(set(1, shifts)).to.be.revertedWithCustomError(f.projects, "ProjectPaused");
      await expect(f.projects.connect(f.vendor).postHandoff(projectId, 2, 0, NOTE)).to.emit(
        f.projects,
        "HandoffPosted",
      );
    });
  });

  describe("dependencies", () => {
    it("makes a part ready once the part it depends on is paid", async () => {
      const f = await loadFixture(deployProjects);
      const projectId = await createProject(f);
      expect(await f.projects.isPartReady(projectId, 0)).to.equal(true);
      expect(await f.projects.isPartReady(projectId, 1)).to.equal(false);
      const jobId = await postFunded(f, f.client, PART_BUDGETS[0]);
      await f.projects.connect(f.client).linkJobs(projectId, [0], [0], [jobId]);
      await hire(f, jobId, f.vendor);
      await f.escrow.connect(f.vendor).submit(jobId, 0, NOTE);
      expect(await f.projects.isPartReady(projectId, 1)).to.equal(false);
      await f.escrow.connect(f.client).approve(jobId, 0);
      expect(await f.projects.isPartReady(projectId, 1)).to.equal(true);
      await expect(f.projects.isPartReady(projectId, 3)).to.be.revertedWithCustomError(
        f.projects,
        "ProjectPartNotFound",
      );
    });

    it("makes a part ready once every shift of the relay it depends on is paid", async () => {
      const f = await loadFixture(deployProjects);
      await f.projects.connect(f.client).createProject(await projectTerms(f), [
        { budget: 300n * USD_UNIT, dependsOn: 0, skills: SKILLS },
        { budget: 100n * USD_UNIT, dependsOn: 1, skills: SKILLS },
      ]);
      const projectId = await f.projects.projectCount();
      const shifts = threeShifts(f).slice(0, 2);
      await f.projects.connect(f.client).setRelay(projectId, 0, shifts);
      expect(await f.projects.isPartReady(projectId, 1)).to.equal(false);
      const jobs = [await postFunded(f, f.client, 100n * USD_UNIT), await postFunded(f, f.client, 100n * USD_UNIT)];
      await f.projects.connect(f.client).linkJobs(projectId, [0, 0], [0, 1], jobs);
      const signers = [f.vendor, f.vendor2];
      for (const [i, jobId] of jobs.entries()) {
        await hire(f, jobId, signers[i]);
        await f.escrow.connect(signers[i]).submit(jobId, 0, NOTE);
      }
      await f.escrow.connect(f.client).approve(jobs[0], 0);
      expect(await f.projects.isPartReady(projectId, 1)).to.equal(false);
      await f.escrow.connect(f.client).approve(jobs[1], 0);
      expect(await f.projects.isPartReady(projectId, 1)).to.equal(true);
    });
  });

  describe("review layer", () => {
    it("holds the share, lets the reviewer reject then sign off, and pays it once the job is paid", async () => {
      const f = await loadFixture(deployProjects);
      const { projectId, jobId } = await reviewedPart(f, 2);
      const part = await f.projects.partOf(projectId, 0);
      expect([part.reviewer, part.reviewerShareBps, part.reviewerShare, part.reviewState]).to.deep.equal([
        f.reviewer.address,
        500n,
        SHARE,
        ReviewState.Held,
      ]);
      expect(await f.projects.heldOf(f.usdAddress)).to.equal(SHARE);
      expect(await f.usd.balanceOf(f.projectsAddress)).to.equal(SHARE);
      await hire(f, jobId, f.vendor);
      await f.escrow.connect(f.vendor).submit(jobId, 0, NOTE);
      await expect(f.projects.connect(f.reviewer).review(projectId, 0, 0, true, NOTE))
        .to.emit(f.projects, "MilestoneReviewed")
        .withArgs(projectId, 0n, jobId, 0n, true, NOTE);
      // A sign-off on a milestone before the last is not final.
      expect((await f.projects.partOf(projectId, 0)).signedOff).to.equal(false);
      await f.escrow.connect(f.client).approve(jobId, 0);
      await f.escrow.connect(f.vendor).submit(jobId, 1, NOTE);
      await expect(f.projects.connect(f.reviewer).review(projectId, 0, 1, false, NOTE))
        .to.emit(f.projects, "MilestoneReviewed")
        .withArgs(projectId, 0n, jobId, 1n, false, NOTE);
      await f.escrow.connect(f.client).requestChanges(jobId, 1, NOTE);
      await f.escrow.connect(f.vendor).submit(jobId, 1, NOTE);
      await f.projects.connect(f.reviewer).review(projectId, 0, 1, true, NOTE);
      expect((await f.projects.partOf(projectId, 0)).signedOff).to.equal(true);
      await expect(f.projects.settleReview(projectId, 0))
        .to.be.revertedWithCustomError(f.projects, "ProjectReviewPending")
        .withArgs(projectId, 0n);
      // Signed off: the deadline passing does not hand the share back while the job is still open.
      await time.increase(31n * DAY);
      await expect(f.projects.settleReview(projectId, 0)).to.be.revertedWithCustomError(
        f.projects,
        "ProjectReviewPending",
      );
      await f.escrow.release(jobId, 1);
      const tx = f.projects.connect(f.stranger).settleReview(projectId, 0);
      await expect(tx).to.emit(f.projects, "ReviewSharePaid").withArgs(projectId, 0n, f.reviewer.address, SHARE);
      await expect(tx).to.changeTokenBalances(ethers, f.usd, [f.reviewer, f.projectsAddress], [SHARE, -SHARE]);
      expect((await f.projects.partOf(projectId, 0)).reviewState).to.equal(ReviewState.Paid);
      expect(await f.projects.heldOf(f.usdAddress)).to.equal(0n);
      await expect(f.projects.settleReview(projectId, 0))
        .to.be.revertedWithCustomError(f.projects, "ProjectNoReview")
        .withArgs(projectId, 0n);
    });

    it("pays the reviewer when a dispute splits the signed-off milestone", async () => {
      const f = await loadFixture(deployProjects);
      const { projectId, jobId } = await reviewedPart(f);
      await hire(f, jobId, f.vendor);
      await f.escrow.connect(f.vendor).submit(jobId, 0, NOTE);
      await f.projects.connect(f.reviewer).review(projectId, 0, 0, true, NOTE);
      await f.escrow.connect(f.client).dispute(jobId, 0, NOTE);
      await expect(f.projects.settleReview(projectId, 0)).to.be.revertedWithCustomError(
        f.projects,
        "ProjectReviewPending",
      );
      await f.escrow.connect(f.arbiter).rule((jobId << 8n) | 0n, 5_001n);
      expect((await f.escrow.milestoneOf(jobId, 0)).state).to.equal(State.Resolved);
      await expect(f.projects.settleReview(projectId, 0)).to.emit(f.projects, "ReviewSharePaid");
    });

    it("refunds the share when the job is paid without a final sign-off", async () => {
      const f = await loadFixture(deployProjects);
      const { projectId, jobId } = await reviewedPart(f);
      await hire(f, jobId, f.vendor);
      await f.escrow.connect(f.vendor).submit(jobId, 0, NOTE);
      await f.projects.connect(f.reviewer).review(projectId, 0, 0, false, NOTE);
      await f.escrow.connect(f.client).approve(jobId, 0);
      const tx = f.projects.settleReview(projectId, 0);
      await expect(tx).to.emit(f.projects, "ReviewShareRefunded").withArgs(projectId, 0n, f.client.address, SHARE);
      await expect(tx).to.changeTokenBalance(ethers, f.usd, f.client, SHARE);
      expect((await f.projects.partOf(projectId, 0)).reviewState).to.equal(ReviewState.Refunded);
    });

    it("refunds the share when the job is refunded or cancelled", async () => {
      const f = await loadFixture(deployProjects);
      const { projectId, jobId } = await reviewedPart(f);
      await f.escrow.connect(f.client).refund(jobId, 0);
      await expect(f.projects.settleReview(projectId, 0)).to.emit(f.projects, "ReviewShareRefunded");

      const other = await createProject(f);
      const deadline = (await now()) + 10n * DAY;
      await f.escrow
        .connect(f.client)
        .postJob(jobTerms({ token: f.usdAddress }), [milestoneTerms({ amount: PART_BUDGETS[0], deadline })]);
      const unfunded = await f.escrow.jobCount();
      await f.projects.connect(f.client).linkJobs(other, [0], [0], [unfunded]);
      await f.projects.connect(f.client).nameReviewer(other, 0, await reviewerTerms(f));
      await f.escrow.connect(f.client).cancel(unfunded, 0);
      await expect(f.projects.settleReview(other, 0))
        .to.emit(f.projects, "ReviewShareRefunded")
        .withArgs(other, 0n, f.client.address, SHARE);
    });

    it("refunds an unreviewed share after the deadline, linked or not", async () => {
      const f = await loadFixture(deployProjects);
      const projectId = await createProject(f);
      const terms = await reviewerTerms(f);
      await f.projects.connect(f.client).nameReviewer(projectId, 0, terms);
      await expect(f.projects.settleReview(projectId, 0)).to.be.revertedWithCustomError(
        f.projects,
        "ProjectReviewPending",
      );
      await time.increaseTo(terms.deadline);
      await expect(f.projects.settleReview(projectId, 0)).to.emit(f.projects, "ReviewShareRefunded");

      const { projectId: linked } = await reviewedPart(f);
      await expect(f.projects.settleReview(linked, 0)).to.be.revertedWithCustomError(
        f.projects,
        "ProjectReviewPending",
      );
      await time.increase(31n * DAY);
      await expect(f.projects.settleReview(linked, 0)).to.emit(f.projects, "ReviewShareRefunded");
    });

    it("never lets a reviewer hired on the job review it, and refunds its share at once", async () => {
      const f = await loadFixture(deployProjects);
      const { projectId, jobId } = await reviewedPart(f);
      await hire(f, jobId, f.reviewer);
      await f.escrow.connect(f.reviewer).submit(jobId, 0, NOTE);
      await expect(f.projects.connect(f.reviewer).review(projectId, 0, 0, true, NOTE))
        .to.be.revertedWithCustomError(f.projects, "ProjectConflictOfInterest")
        .withArgs(f.reviewer.address);
      await expect(f.projects.settleReview(projectId, 0))
        .to.emit(f.projects, "ReviewShareRefunded")
        .withArgs(projectId, 0n, f.client.address, SHARE);
    });

    it("refuses reviews by others, of unsubmitted milestones and of unlinked parts", async () => {
      const f = await loadFixture(deployProjects);
      const projectId = await createProject(f);
      await expect(f.projects.connect(f.reviewer).review(projectId, 0, 0, true, NOTE))
        .to.be.revertedWithCustomError(f.projects, "ProjectNoReview")
        .withArgs(projectId, 0n);
      await f.projects.connect(f.client).nameReviewer(projectId, 0, await reviewerTerms(f));
      await expect(f.projects.connect(f.reviewer).review(projectId, 0, 0, true, NOTE))
        .to.be.revertedWithCustomError(f.projects, "ProjectPartNotLinked")
        .withArgs(projectId, 0n);
      await expect(f.projects.connect(f.vendor).review(projectId, 0, 0, true, NOTE))
        .to.be.revertedWithCustomError(f.projects, "ProjectNotReviewer")
        .withArgs(projectId, 0n, f.vendor.address);
      await expect(f.projects.connect(f.reviewer).review(projectId, 0, 0, true, LONG_CID))
        .to.be.revertedWithCustomError(f.projects, "ProjectInvalidCid")
        .withArgs(101n, 100n);
      const jobId = await postFunded(f, f.client, PART_BUDGETS[0]);
      await f.projects.connect(f.client).linkJobs(projectId, [0], [0], [jobId]);
      await expect(f.projects.connect(f.reviewer).review(projectId, 0, 0, true, NOTE))
        .to.be.revertedWithCustomError(f.projects, "ProjectMilestoneNotSubmitted")
        .withArgs(jobId, 0n, State.Funded);
      await expect(f.projects.connect(f.reviewer).review(projectId, 0, 1, true, NOTE))
        .to.be.revertedWithCustomError(f.escrow, "EscrowMilestoneNotFound")
        .withArgs(jobId, 1n);
      // A pause never blocks a verdict or a settlement.
      await hire(f, jobId, f.vendor);
      await f.escrow.connect(f.vendor).submit(jobId, 0, NOTE);
      await f.escrow.pause();
      await expect(f.projects.connect(f.reviewer).review(projectId, 0, 0, true, NOTE)).to.emit(
        f.projects,
        "MilestoneReviewed",
      );
      await f.escrow.connect(f.client).approve(jobId, 0);
      await expect(f.projects.settleReview(projectId, 0)).to.emit(f.projects, "ReviewSharePaid");
    });

    it("names a reviewer by permit, and in ETH", async () => {
      const f = await loadFixture(deployProjects);
      const projectId = await createProject(f);
      await f.usd.connect(f.client).approve(f.projectsAddress, 0);
      const permit = await signPermit(f, f.client, SHARE);
      const terms = await reviewerTerms(f);
      await expect(f.projects.connect(f.client).nameReviewerWithPermit(projectId, 0, terms, ...permit))
        .to.emit(f.projects, "ReviewerNamed")
        .withArgs(projectId, 0n, f.reviewer.address, 500, SHARE, terms.deadline);
      // A permit already used (or front-run) does not stop a deposit the allowance covers.
      await f.usd.connect(f.client).approve(f.projectsAddress, ethers.MaxUint256);
      await expect(f.projects.connect(f.client).nameReviewerWithPermit(projectId, 2, terms, ...permit)).to.emit(
        f.projects,
        "ReviewerNamed",
      );
      await expect(f.projects.connect(f.client).nameReviewer(projectId, 1, { ...terms, skills: DESIGN }, { value: 1n }))
        .to.be.revertedWithCustomError(f.projects, "ProjectWrongValue")
        .withArgs(0n, 1n);

      const budget = 10n ** 18n;
      await f.projects
        .connect(f.client)
        .createProject(await projectTerms(f, { token: ETH, budget }), [{ budget, dependsOn: 0, skills: SKILLS }]);
      const inEth = await f.projects.projectCount();
      const share = budget / 20n;
      await expect(f.projects.connect(f.client).nameReviewer(inEth, 0, terms, { value: share - 1n }))
        .to.be.revertedWithCustomError(f.projects, "ProjectWrongValue")
        .withArgs(share, share - 1n);
      await expect(f.projects.connect(f.client).nameReviewerWithPermit(inEth, 0, terms, ...permit))
        .to.be.revertedWithCustomError(f.projects, "ProjectWrongValue")
        .withArgs(share, 0n);
      await expect(f.projects.connect(f.client).nameReviewer(inEth, 0, terms, { value: share })).to.changeEtherBalances(
        ethers,
        [f.client, f.projectsAddress],
        [-share, share],
      );
      await time.increaseTo(terms.deadline);
      await expect(f.projects.settleReview(inEth, 0)).to.changeEtherBalance(ethers, f.client, share);
    });

    it("refuses reviewers without the skills, with another role in the part, or a bad share", async () => {
      const f = await loadFixture(deployProjects);
      const projectId = await createProject(f);
      const name = async (input: Record<string, unknown>, part = 0, by = f.client) =>
        f.projects.connect(by).nameReviewer(projectId, part, await reviewerTerms(f, input));
      await expect(name({}, 0, f.stranger)).to.be.revertedWithCustomError(f.projects, "ProjectNotClient");
      await expect(name({}, 3)).to.be.revertedWithCustomError(f.projects, "ProjectPartNotFound");
      await expect(name({ skills: DESIGN }))
        .to.be.revertedWithCustomError(f.projects, "ProjectSkillsMismatch")
        .withArgs(projectId, 0n);
      await expect(name({ reviewer: f.stranger.address }))
        .to.be.revertedWithCustomError(f.projects, "ProjectVendorUnqualified")
        .withArgs(f.stranger.address);
      // vendor2 is registered, but for design only.
      await expect(name({ reviewer: f.vendor2.address }))
        .to.be.revertedWithCustomError(f.projects, "ProjectVendorUnqualified")
        .withArgs(f.vendor2.address);
      await f.registry
        .connect(f.client)
        .setProfile({ hourlyRateCents: 1, timezoneOffsetMinutes: 0, availabilityHours: 1 }, SKILLS, digestOf("client"));
      await expect(name({ reviewer: f.client.address }))
        .to.be.revertedWithCustomError(f.projects, "ProjectConflictOfInterest")
        .withArgs(f.client.address);
      const jobId = await postFunded(f, f.client, PART_BUDGETS[0]);
      await f.projects.connect(f.client).linkJobs(projectId, [0], [0], [jobId]);
      await hire(f, jobId, f.vendor);
      await expect(name({ reviewer: f.vendor.address }))
        .to.be.revertedWithCustomError(f.projects, "ProjectConflictOfInterest")
        .withArgs(f.vendor.address);
      await expect(name({ deadline: await now() })).to.be.revertedWithCustomError(f.projects, "ProjectInvalidDeadline");
      await expect(name({ shareBps: 2_001 }))
        .to.be.revertedWithCustomError(f.projects, "ProjectInvalidReviewerShare")
        .withArgs(2_001n);
      await expect(name({ shareBps: 0 }))
        .to.be.revertedWithCustomError(f.projects, "ProjectInvalidReviewerShare")
        .withArgs(0n);
      await f.projects.connect(f.client).setRelay(projectId, 2, threeShifts(f));
      await expect(name({}, 2)).to.be.revertedWithCustomError(f.projects, "ProjectPartIsRelay").withArgs(projectId, 2n);
      await name({});
      await expect(name({}))
        .to.be.revertedWithCustomError(f.projects, "ProjectReviewerAlreadyNamed")
        .withArgs(projectId, 0n);
      await f.escrow.pause();
      await expect(name({}, 1)).to.be.revertedWithCustomError(f.projects, "ProjectPaused");
      await expect(f.projects.settleReview(9n, 0)).to.be.revertedWithCustomError(f.projects, "ProjectNotFound");
    });

    it("refuses tokens that deliver less than asked", async () => {
      const f = await loadFixture(deployProjects);
      const fot = await ethers.deployContract("FeeOnTransferToken");
      const fotAddress = await fot.getAddress();
      await f.escrow.configureToken(fotAddress, true, 10n ** 18n, 10n ** 20n);
      await fot.mint(f.client.address, 10n ** 21n);
      await fot.connect(f.client).approve(f.projectsAddress, ethers.MaxUint256);
      const budget = 100n * 10n ** 18n;
      await f.projects
        .connect(f.client)
        .createProject(await projectTerms(f, { token: fotAddress, budget }), [
          { budget, dependsOn: 0, skills: SKILLS },
        ]);
      const share = budget / 20n;
      await expect(
        f.projects.connect(f.client).nameReviewer(await f.projects.projectCount(), 0, await reviewerTerms(f)),
      )
        .to.be.revertedWithCustomError(f.projects, "ProjectTokenDeliveredLess")
        .withArgs(fotAddress, share, share - share / 100n);
    });
  });

  describe("pull payments", () => {
    it("owes a refused token payment and lets the payee withdraw it", async () => {
      const f = await loadFixture(deployProjects);
      const blt = await ethers.deployContract("BlocklistToken");
      const bltAddress = await blt.getAddress();
      await f.escrow.configureToken(bltAddress, true, USD_UNIT, 100n * USD_UNIT);
      await blt.mint(f.client.address, 10_000n * USD_UNIT);
      await blt.connect(f.client).approve(f.projectsAddress, ethers.MaxUint256);
      const budget = 1_000n * USD_UNIT;
      await f.projects
        .connect(f.client)
        .createProject(await projectTerms(f, { token: bltAddress, budget }), [
          { budget, dependsOn: 0, skills: SKILLS },
        ]);
      const projectId = await f.projects.projectCount();
      const terms = await reviewerTerms(f);
      await f.projects.connect(f.client).nameReviewer(projectId, 0, terms);
      await blt.setBlocked(f.client.address, true);
      await time.increaseTo(terms.deadline);
      await expect(f.projects.settleReview(projectId, 0))
        .to.emit(f.projects, "PaymentDeferred")
        .withArgs(bltAddress, f.client.address, SHARE);
      expect(await f.projects.owed(bltAddress, f.client.address)).to.equal(SHARE);
      await expect(f.projects.connect(f.client).withdraw(bltAddress, ethers.ZeroAddress)).to.be.revertedWithCustomError(
        f.projects,
        "ProjectZeroAddress",
      );
      await expect(f.projects.connect(f.client).withdraw(bltAddress, f.stranger.address))
        .to.emit(f.projects, "Withdrawn")
        .withArgs(bltAddress, f.client.address, f.stranger.address, SHARE);
      expect(await blt.balanceOf(f.stranger.address)).to.equal(SHARE);
      await expect(f.projects.connect(f.client).withdraw(bltAddress, f.stranger.address))
        .to.be.revertedWithCustomError(f.projects, "ProjectNothingOwed")
        .withArgs(bltAddress, f.client.address);
    });

    it("owes refused ETH to a contract client and sends it on withdrawal", async () => {
      const f = await loadFixture(deployProjects);
      const wallet = await ethers.deployContract("RejectingReceiver");
      const walletAddress = await wallet.getAddress();
      const budget = 10n ** 18n;
      const share = budget / 20n;
      const terms = await projectTerms(f, { token: ETH, budget });
      await wallet.execute(
        f.projectsAddress,
        f.projects.interface.encodeFunctionData("createProject", [terms, [{ budget, dependsOn: 0, skills: SKILLS }]]),
      );
      const projectId = await f.projects.projectCount();
      const reviewer = await reviewerTerms(f);
      await wallet.execute(
        f.projectsAddress,
        f.projects.interface.encodeFunctionData("nameReviewer", [projectId, 0, reviewer]),
        { value: share },
      );
      await time.increaseTo(reviewer.deadline);
      await expect(f.projects.settleReview(projectId, 0))
        .to.emit(f.projects, "PaymentDeferred")
        .withArgs(ETH, walletAddress, share);
      const withdraw = f.projects.interface.encodeFunctionData("withdraw", [ETH, f.stranger.address]);
      await expect(wallet.execute(f.projectsAddress, withdraw)).to.changeEtherBalance(ethers, f.stranger, share);
    });
  });

  describe("sub-jobs", () => {
    it("lets the hired vendor link a job it funded, and a sub-job of that", async () => {
      const f = await loadFixture(deployProjects);
      const projectId = await createProject(f);
      const jobId = await postFunded(f, f.client, PART_BUDGETS[0]);
      await f.projects.connect(f.client).linkJobs(projectId, [0], [0], [jobId]);
      const subJob = await postFunded(f, f.vendor, 200n * USD_UNIT);
      await expect(f.projects.connect(f.vendor).linkSubJob(jobId, subJob))
        .to.be.revertedWithCustomError(f.projects, "ProjectNotPrime")
        .withArgs(jobId, f.vendor.address);
      await hire(f, jobId, f.vendor);
      await expect(f.projects.connect(f.vendor).linkSubJob(jobId, subJob))
        .to.emit(f.projects, "SubJobLinked")
        .withArgs(projectId, jobId, subJob, f.vendor.address);
      const link = await f.projects.linkOf(subJob);
      expect([link.projectId, link.kind, link.part, link.parentJobId]).to.deep.equal([
        projectId,
        LinkKind.SubJob,
        0n,
        jobId,
      ]);
      // The sub-vendor is paid by the prime through the escrow as usual.
      await hire(f, subJob, f.vendor3);
      await f.escrow.connect(f.vendor3).submit(subJob, 0, NOTE);
      await expect(f.escrow.connect(f.vendor).approve(subJob, 0)).to.emit(f.escrow, "MilestoneReleased");
      const subSub = await postFunded(f, f.vendor3, 50n * USD_UNIT);
      await expect(f.projects.connect(f.vendor3).linkSubJob(subJob, subSub))
        .to.emit(f.projects, "SubJobLinked")
        .withArgs(projectId, subJob, subSub, f.vendor3.address);
    });

    it("refuses unlinked parents, linked sub-jobs and sub-jobs of someone else", async () => {
      const f = await loadFixture(deployProjects);
      const projectId = await createProject(f);
      const jobId = await postFunded(f, f.client, PART_BUDGETS[0]);
      const stray = await postFunded(f, f.client, 1n);
      await expect(f.projects.connect(f.vendor).linkSubJob(jobId, stray))
        .to.be.revertedWithCustomError(f.projects, "ProjectJobNotLinked")
        .withArgs(jobId);
      await f.projects.connect(f.client).linkJobs(projectId, [0], [0], [jobId]);
      await hire(f, jobId, f.vendor);
      await expect(f.projects.connect(f.vendor).linkSubJob(jobId, jobId))
        .to.be.revertedWithCustomError(f.projects, "ProjectJobAlreadyLinked")
        .withArgs(jobId);
      await expect(f.projects.connect(f.vendor).linkSubJob(jobId, stray))
        .to.be.revertedWithCustomError(f.projects, "ProjectJobMismatch")
        .withArgs(stray);
      const subJob = await postFunded(f, f.vendor, 1n);
      await f.escrow.pause();
      await expect(f.projects.connect(f.vendor).linkSubJob(jobId, subJob)).to.be.revertedWithCustomError(
        f.projects,
        "ProjectPaused",
      );
    });
  });

  describe("a whole project with the real escrow", () => {
    it("runs parts, a relay, a review and a sub-job, and every wei adds up", async () => {
      const f = await loadFixture(deployProjects);
      const start = await f.usd.balanceOf(f.client.address);
      const projectId = await createProject(f);
      await f.projects.connect(f.client).setRelay(projectId, 2, threeShifts(f));
      const jobs: bigint[] = [];
      for (const amount of [PART_BUDGETS[0], PART_BUDGETS[1], 100n * USD_UNIT, 100n * USD_UNIT, 200n * USD_UNIT]) {
        jobs.push(await postFunded(f, f.client, amount));
      }
      await f.projects.connect(f.client).linkJobs(projectId, [0, 1, 2, 2, 2], [0, 0, 0, 1, 2], jobs);
      await f.projects.connect(f.client).nameReviewer(projectId, 0, await reviewerTerms(f));
      const workers = [f.vendor, f.vendor2, f.vendor, f.vendor2, f.vendor3];
      for (const [i, jobId] of jobs.entries()) await hire(f, jobId, workers[i]);
      await f.projects.connect(f.vendor).postHandoff(projectId, 2, 0, NOTE);
      await f.projects.connect(f.vendor2).postHandoff(projectId, 2, 1, NOTE);
      const subJob = await postFunded(f, f.vendor, 300n * USD_UNIT);
      await f.projects.connect(f.vendor).linkSubJob(jobs[0], subJob);
      await hire(f, subJob, f.vendor3);
      await f.escrow.connect(f.vendor3).submit(subJob, 0, NOTE);
      await f.escrow.connect(f.vendor).approve(subJob, 0);
      for (const [i, jobId] of jobs.entries()) {
        await f.escrow.connect(workers[i]).submit(jobId, 0, NOTE);
        if (i === 0) await f.projects.connect(f.reviewer).review(projectId, 0, 0, true, NOTE);
        await f.escrow.connect(f.client).approve(jobId, 0);
      }
      await f.projects.settleReview(projectId, 0);
      const spent = start - (await f.usd.balanceOf(f.client.address));
      expect(spent).to.equal(2_000n * USD_UNIT + SHARE);
      expect(await f.usd.balanceOf(f.reviewer.address)).to.equal(1_000_000n * USD_UNIT + SHARE);
      expect(await f.usd.balanceOf(f.projectsAddress)).to.equal(0n);
      expect(await f.projects.heldOf(f.usdAddress)).to.equal(0n);
      expect(await f.projects.isPartReady(projectId, 1)).to.equal(true);
      expect((await f.projects.partOf(projectId, 2)).committed).to.equal(400n * USD_UNIT);
    });
  });
});
