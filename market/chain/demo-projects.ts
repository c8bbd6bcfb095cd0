/**
 * Demo projects: one demand decomposed into parts, each part paid by ordinary escrow jobs the client
 * posts, funds and then links in the project registry. The seed leaves a project in every state the
 * dApp shows:
 *   1. a funded 3-part project (all parts funded in one escrow multicall, linked in one call) whose
 *      frontend waits for the design, which is paid; the backend's vendor links a sub-job it posted
 *      and funded, and the sub-vendor is paid;
 *   2. a relay part of three shift vendors around the clock, who hand off twice;
 *   3. a reviewed part whose reviewer rejects the first submission, signs off the revision, and is
 *      paid its share once the client approves; and a part whose job is refunded unhired, so its
 *      reviewer's share goes back to the client.
 * Every call goes through the seed's phases (demo-timeline.ts) and its driver, as the hour banks'.
 */
import { Interface, MaxUint256, ZeroAddress, encodeBytes32String, type InterfaceAbi } from "ethers";
import { projectRegistryAbi } from "@mosaic/sdk/contracts";
import { QUOTE_TYPES } from "@mosaic/sdk/typed-data";
import type { Client, Vendor } from "./demo-actors.ts";
import type { Action, Contract, SeedContext } from "./demo-jobs.ts";
import type { MarketTx, Receipt } from "./driver.ts";
import { DAY, liveDeadline, phaseOffset } from "./demo-timeline.ts";

/** Gas limits per call, with room above what each uses (bench/results/project-gas.json). */
export const PROJECT_GAS = {
  approveToken: 100_000n,
  createProject: 900_000n,
  multicall: 1_800_000n,
  postAndFund: 700_000n,
  linkJobs: 700_000n,
  setRelay: 450_000n,
  hire: 230_000n,
  nameReviewer: 350_000n,
  submit: 80_000n,
  approve: 210_000n,
  requestChanges: 80_000n,
  refund: 110_000n,
  review: 200_000n,
  postHandoff: 120_000n,
  linkSubJob: 200_000n,
  settleReview: 200_000n,
};

const USD = 10n ** 6n;
const ETH = 10n ** 18n;
/** Every project job's review window. */
const REVIEW_WINDOW = 5 * DAY;
/** The reviewers' share: 5% of the part's budget. */
const REVIEWER_BPS = 500;

interface PartPlan {
  title: string;
  budget: bigint;
  /** 1 + the index of the part it waits for; 0 for none. */
  dependsOn: number;
  skills: string[];
  /** Vendor hired on the part's job (relay parts: one per shift). */
  vendors: Vendor[];
  /** Escrow job ids, filled in from JobPosted (relay parts: one per shift). */
  jobIds: bigint[];
}

interface ProjectPlan {
  name: string;
  client: Client;
  /** The client's time zone, minutes east of UTC. */
  utcOffsetMinutes: number;
  parts: PartPlan[];
  /** Set from the creation's ProjectCreated event. */
  id?: bigint;
}

export interface ProjectSeed {
  actions: Action[];
  /** The projects by name, ids filled in as they are created. */
  projects: Map<string, { id?: bigint }>;
  /** Every escrow job the projects posted (parts, shifts, sub-jobs) with its token. */
  jobTokens: Map<bigint, string>;
}

/**
 * Plans the demo projects for the first three `clients` with distinct vendors of `vendors` in each
 * project. Returns no action with fewer than four vendors or no client.
 */
export function planProjects(
  ctx: SeedContext,
  projectRegistry: string,
  vendors: Vendor[],
  clients: Client[],
  funder: string,
): ProjectSeed {
  const registry: Contract = {
    address: projectRegistry,
    iface: new Interface(projectRegistryAbi as unknown as InterfaceAbi),
  };
  const { escrow, usd } = ctx;
  const actions: Action[] = [];
  const projects = new Map<string, ProjectPlan>();
  const jobTokens = new Map<bigint, string>();
  if (vendors.length < 4 || clients.length === 0) return { actions, projects, jobTokens };
  const available = vendors.filter((v) => v.availabilityHours > 0);
  const pool = available.length >= 4 ? available : vendors;
  /** `count` distinct vendors starting at `from` (wrapping). */
  const pick = (from: number, count: number) => Array.from({ length: count }, (_, i) => pool[(from + i) % pool.length]);
  const clientAt = (i: number) => clients[i % clients.length];
  const at = (phase: string) => ctx.start + phaseOffset(phase);

  const add = (phase: string, build: () => MarketTx | undefined | Promise<MarketTx | undefined>) => {
    phaseOffset(phase); // fails fast on a typo
    actions.push({ phase, build });
  };
  const tx = (
    from: string,
    to: Contract,
    method: string,
    args: unknown[],
    label: string,
    extra: Partial<MarketTx> = {},
  ): MarketTx => ({
    from,
    to: to.address,
    data: to.iface.encodeFunctionData(method, args),
    gas: PROJECT_GAS[method as keyof typeof PROJECT_GAS],
    label: `project: ${label}`,
    ...extra,
  });
  const jobIdsOf = (receipt: Receipt): bigint[] => {
    const topic = escrow.iface.getEvent("JobPosted")!.topicHash;
    return receipt.logs
      .filter((l) => l.address.toLowerCase() === escrow.address.toLowerCase() && l.topics[0] === topic)
      .map((l) => BigInt(l.topics[1]));
  };
  const idOf = (p: ProjectPlan) => {
    if (p.id === undefined) throw new Error(`project "${p.name}" was not created`);
    return p.id;
  };
  const jobOf = (part: PartPlan, i = 0) => {
    const id = part.jobIds[i];
    if (id === undefined) throw new Error(`part "${part.title}" has no job ${i} yet`);
    return id;
  };
  const note = (kind: string, fields: Record<string, unknown>) =>
    ctx.docs.add({ kind: "mosaic.review-note/v1", note: kind, ...fields });

  // ---------------------------------------------------------------- shared steps

  const usdTerms = (specCid: string, skills: string[]) => ({
    token: usd.address,
    arbiter: ZeroAddress,
    arbiterFeeBps: 0,
    reviewWindow: REVIEW_WINDOW,
    open: false,
    minRating: 0,
    minPaidJobs: 0,
    requiredSkills: skills.map(encodeBytes32String),
    specCid,
  });
  const oneMilestone = (amount: bigint) => [
    { amount, bonus: 0n, deadline: ctx.start + liveDeadline(0), outcomeDeadline: 0 },
  ];
  const jobSpec = (p: ProjectPlan, part: PartPlan, amount: bigint, shift?: number) =>
    ctx.docs.add({
      kind: "mosaic.job-spec/v1",
      title: `${p.name}: ${part.title}${shift === undefined ? "" : `, shift ${shift + 1}`}`,
      client: p.client.company,
      summary: `Part of ${p.client.company}'s project "${p.name}": ${part.title.toLowerCase()}.`,
      skills: part.skills,
      currency: "mUSD",
      milestones: [
        {
          index: 0,
          title: part.title,
          amount: amount.toString(),
          bonus: "0",
          acceptance: `${part.title} delivered and accepted.`,
        },
      ],
    });

  /** Creates the project, then posts and funds one job per part (per shift) in one escrow multicall. */
  const create = (p: ProjectPlan, budget: bigint, relayShifts: Map<number, number>) => {
    add("post", async () => {
      const specCid = await ctx.docs.add({
        kind: "mosaic.job-spec/v1",
        title: p.name,
        client: p.client.company,
        summary: `${p.client.company}'s project "${p.name}", in ${p.parts.length} part(s).`,
        parts: p.parts.map((part) => ({ title: part.title, skills: part.skills, budget: part.budget.toString() })),
        currency: "mUSD",
      });
      const terms = {
        token: usd.address,
        budget,
        deadline: at("live.post") + 40 * DAY,
        utcOffsetMinutes: p.utcOffsetMinutes,
        workStartMinute: 9 * 60,
        workEndMinute: 17 * 60,
        specCid,
      };
      const parts = p.parts.map((part) => ({
        budget: part.budget,
        dependsOn: part.dependsOn,
        skills: part.skills.map(encodeBytes32String),
      }));
      return tx(p.client.address, registry, "createProject", [terms, parts], `create "${p.name}"`, {
        onReceipt: (receipt) => {
          for (const log of receipt.logs) {
            if (log.address.toLowerCase() !== registry.address.toLowerCase()) continue;
            const parsed = registry.iface.parseLog(log);
            if (parsed?.name === "ProjectCreated") p.id = parsed.args.projectId as bigint;
          }
        },
      });
    });
    add("post", async () => {
      const calls: string[] = [];
      for (const [index, part] of p.parts.entries()) {
        const shifts = relayShifts.get(index) ?? 0;
        for (let s = 0; s < Math.max(1, shifts); s++) {
          const amount = shifts ? part.budget / BigInt(shifts) : part.budget;
          const spec = await jobSpec(p, part, amount, shifts ? s : undefined);
          calls.push(
            escrow.iface.encodeFunctionData("postAndFund", [usdTerms(spec, part.skills), oneMilestone(amount)]),
          );
        }
      }
      return tx(p.client.address, escrow, "multicall", [calls], `fund "${p.name}"`, {
        onReceipt: (receipt) => {
          const ids = jobIdsOf(receipt);
          for (const [index, part] of p.parts.entries()) {
            const shifts = relayShifts.get(index) ?? 0;
            part.jobIds = ids.splice(0, Math.max(1, shifts));
            for (const id of part.jobIds) jobTokens.set(id, usd.address);
          }
        },
      });
    });
  };
  /** The client hires `vendor` on `jobId` from the vendor's signed quote for `price`. */
  const hire = (phase: string, client: string, vendor: Vendor, job: () => bigint, price: bigint, label: string) =>
    add(phase, async () => {
      const quote = {
        jobId: job(),
        vendor: vendor.address,
        price,
        nonce: ctx.quoteNonces.get(vendor.address.toLowerCase()) ?? 0n,
        expiresAt: at(phase) + 7 * DAY,
      };
      const signature = await ctx.chain.signTypedData(vendor.address, ctx.escrowDomain, QUOTE_TYPES, quote);
      return tx(client, escrow, "hire", [quote, signature], `hire ${label}`);
    });
  const submit = (phase: string, vendor: Vendor, job: () => bigint, label: string, version = 1) =>
    add(phase, async () => {
      const cid = await ctx.docs.add({
        kind: "mosaic.deliverable/v1",
        milestone: 0,
        version,
        summary: version === 1 ? `${label}: delivered as agreed.` : `${label}: revised, every review note addressed.`,
        files: [`ipfs://deliverables/${label.toLowerCase().replaceAll(" ", "-")}-v${version}.zip`],
      });
      return tx(vendor.address, escrow, "submit", [job(), 0, cid], `submit ${label}`);
    });
  const escrowBy = (phase: string, from: string, method: string, job: () => bigint, label: string) =>
    add(phase, () => tx(from, escrow, method, [job(), 0], `${method} ${label}`));

  // ---------------------------------------------------------------- 1. funded, with a dependency and a sub-job

  const [designer, frontender, backender, subVendor] = pick(0, 4);
  const relaunch: ProjectPlan = {
    name: "Shop relaunch",
    client: clientAt(0),
    utcOffsetMinutes: -300,
    parts: [
      {
        title: "Design",
        budget: 1_500n * USD,
        dependsOn: 0,
        skills: designer.skills.slice(0, 1),
        vendors: [designer],
        jobIds: [],
      },
      {
        title: "Frontend",
        budget: 3_000n * USD,
        dependsOn: 1,
        skills: frontender.skills.slice(0, 1),
        vendors: [frontender],
        jobIds: [],
      },
      {
        title: "Backend",
        budget: 3_500n * USD,
        dependsOn: 0,
        skills: backender.skills.slice(0, 1),
        vendors: [backender],
        jobIds: [],
      },
    ],
  };
  projects.set(relaunch.name, relaunch);
  create(relaunch, 8_500n * USD, new Map());
  const [design, frontend, backend] = relaunch.parts;
  add("hire", () =>
    tx(
      relaunch.client.address,
      registry,
      "linkJobs",
      [idOf(relaunch), [0, 1, 2], [0, 0, 0], relaunch.parts.map((part) => jobOf(part))],
      `link "${relaunch.name}"`,
    ),
  );
  for (const part of relaunch.parts) {
    hire("hire", relaunch.client.address, part.vendors[0], () => jobOf(part), part.budget, part.title);
  }
  submit("r0.submit", designer, () => jobOf(design), "Design");
  escrowBy("r0.review", relaunch.client.address, "approve", () => jobOf(design), "Design");
  submit("live.submit", frontender, () => jobOf(frontend), "Frontend");
  // The backend's vendor subcontracts the load tests: it posts and funds a job in ETH, links it to its
  // own job, hires the sub-vendor, who delivers and is paid.
  const subJob = { id: undefined as bigint | undefined, price: ETH / 20n };
  const subJobId = () => {
    if (subJob.id === undefined) throw new Error("the sub-job was not posted");
    return subJob.id;
  };
  add("r0.fund", async () => {
    const spec = await ctx.docs.add({
      kind: "mosaic.job-spec/v1",
      title: `${relaunch.name}: load tests of the backend`,
      client: backender.name,
      summary: `Load tests of the backend ${backender.name} builds for ${relaunch.client.company}.`,
      skills: subVendor.skills.slice(0, 1),
      currency: "ETH",
      milestones: [
        {
          index: 0,
          title: "Load tests",
          amount: subJob.price.toString(),
          bonus: "0",
          acceptance: "Report of the load tests.",
        },
      ],
    });
    const terms = { ...usdTerms(spec, subVendor.skills.slice(0, 1)), token: ZeroAddress };
    return tx(backender.address, escrow, "postAndFund", [terms, oneMilestone(subJob.price)], "post sub-job", {
      value: subJob.price,
      onReceipt: (receipt) => {
        subJob.id = jobIdsOf(receipt)[0];
        jobTokens.set(subJob.id, ZeroAddress);
      },
    });
  });
  hire("r0.submit", backender.address, subVendor, subJobId, subJob.price, "sub-vendor");
  add("r0.submit", () => tx(backender.address, registry, "linkSubJob", [jobOf(backend), subJobId()], "link sub-job"));
  submit("r0.review", subVendor, subJobId, "Load tests");
  escrowBy("r0.respond", backender.address, "approve", subJobId, "sub-job");

  // ---------------------------------------------------------------- 2. a relay around the clock

  // Three vendors from the east to the west, each on an eight-hour UTC shift.
  const shiftVendors = pick(4, 3).sort((a, b) => b.timezoneOffsetMinutes - a.timezoneOffsetMinutes);
  const rota: ProjectPlan = {
    name: "Launch support rota",
    client: clientAt(1),
    utcOffsetMinutes: 60,
    parts: [{ title: "Support", budget: 2_700n * USD, dependsOn: 0, skills: [], vendors: shiftVendors, jobIds: [] }],
  };
  projects.set(rota.name, rota);
  create(rota, 2_700n * USD, new Map([[0, 3]]));
  const [support] = rota.parts;
  add("hire", () =>
    tx(
      rota.client.address,
      registry,
      "setRelay",
      [
        idOf(rota),
        0,
        shiftVendors.map((v, s) => ({ vendor: v.address, startMinute: s * 8 * 60, lengthMinutes: 8 * 60, jobId: 0 })),
      ],
      `relay "${rota.name}"`,
    ),
  );
  add("hire", () =>
    tx(
      rota.client.address,
      registry,
      "linkJobs",
      [idOf(rota), [0, 0, 0], [0, 1, 2], support.jobIds],
      `link "${rota.name}"`,
    ),
  );
  shiftVendors.forEach((vendor, s) =>
    hire("hire", rota.client.address, vendor, () => jobOf(support, s), support.budget / 3n, `shift ${s + 1}`),
  );
  const handoff = (phase: string, shift: number, text: string) =>
    add(phase, async () => {
      const cid = await note("handoff", { project: String(idOf(rota)), part: 0, shift, text });
      return tx(
        shiftVendors[shift].address,
        registry,
        "postHandoff",
        [idOf(rota), 0, shift, cid],
        `handoff ${shift + 1}`,
      );
    });
  handoff("r0.submit", 0, "Queue at 14 tickets; the payment outage is escalated to the provider, ticket #881.");
  handoff("r0.review", 1, "Outage resolved at 15:10 UTC; 3 refunds left to confirm. Launch banner goes live at 18:00.");
  submit("r0.review", shiftVendors[0], () => jobOf(support, 0), "Support shift 1");
  escrowBy("r0.respond", rota.client.address, "approve", () => jobOf(support, 0), "shift 1");

  // ---------------------------------------------------------------- 3. the review layer

  const [reviewer, labeller] = pick(1, 2);
  const skills = reviewer.skills.slice(0, 1);
  const batch: ProjectPlan = {
    name: "Data labelling batch",
    client: clientAt(2),
    utcOffsetMinutes: 330,
    parts: [
      { title: "Labelling", budget: 2_000n * USD, dependsOn: 0, skills, vendors: [labeller], jobIds: [] },
      { title: "Second batch", budget: 1_500n * USD, dependsOn: 0, skills, vendors: [], jobIds: [] },
    ],
  };
  projects.set(batch.name, batch);
  create(batch, 4_000n * USD, new Map());
  const [labelling, second] = batch.parts;
  add("hire", () =>
    tx(
      batch.client.address,
      registry,
      "linkJobs",
      [idOf(batch), [0, 1], [0, 0], batch.parts.map((part) => jobOf(part))],
      `link "${batch.name}"`,
    ),
  );
  hire("hire", batch.client.address, labeller, () => jobOf(labelling), labelling.budget, "Labelling");
  for (const index of [0, 1]) {
    add("hire", () =>
      tx(
        batch.client.address,
        registry,
        "nameReviewer",
        [
          idOf(batch),
          index,
          {
            reviewer: reviewer.address,
            shareBps: REVIEWER_BPS,
            deadline: at("r2.fund"),
            skills: skills.map(encodeBytes32String),
          },
        ],
        `name reviewer ${index + 1}`,
      ),
    );
  }
  const verdict = (phase: string, signOff: boolean, text: string) =>
    add(phase, async () => {
      const cid = await note(signOff ? "sign-off" : "rejection", {
        project: String(idOf(batch)),
        part: 0,
        milestone: 0,
        text,
      });
      return tx(
        reviewer.address,
        registry,
        "review",
        [idOf(batch), 0, 0, signOff, cid],
        signOff ? "sign off" : "reject",
      );
    });
  submit("r0.submit", labeller, () => jobOf(labelling), "Labelling");
  verdict("r0.review", false, "12% of the sampled labels are wrong: the occluded class is missing from 40 images.");
  add("r0.respond", async () => {
    const cid = await ctx.docs.add({
      kind: "mosaic.review-note/v1",
      milestone: 0,
      note: "As the reviewer says: please relabel the occluded objects and resubmit.",
    });
    return tx(batch.client.address, escrow, "requestChanges", [jobOf(labelling), 0, cid], "request changes");
  });
  submit("r0.close", labeller, () => jobOf(labelling), "Labelling", 2);
  verdict("r1.fund", true, "Resampled 200 images: all labels correct. Signed off.");
  escrowBy("r1.submit", batch.client.address, "approve", () => jobOf(labelling), "Labelling");
  add("r1.review", () => tx(funder, registry, "settleReview", [idOf(batch), 0], "settle review (paid)"));
  // The second batch was never hired: the client takes its money back, and the reviewer's share follows.
  escrowBy("r0.review", batch.client.address, "refund", () => jobOf(second), "Second batch");
  add("r0.respond", () => tx(funder, registry, "settleReview", [idOf(batch), 1], "settle review (refunded)"));

  // Setup before everything: the project clients let the escrow and the registry draw their mUSD.
  const setup: Action[] = [];
  for (const client of new Set([...projects.values()].map((p) => p.client))) {
    for (const spender of [escrow.address, registry.address]) {
      setup.push({
        phase: "setup",
        build: () => ({
          from: client.address,
          to: usd.address,
          data: usd.iface.encodeFunctionData("approve", [spender, MaxUint256]),
          gas: PROJECT_GAS.approveToken,
          label: "approve mUSD (projects)",
        }),
      });
    }
  }
  return { actions: [...setup, ...actions], projects, jobTokens };
}

/** One line per project, for the seed's summary. */
export function describeProjects(seed: ProjectSeed): string {
  const what: Record<string, string> = {
    "Shop relaunch": "3 parts funded at once, the frontend waiting for the paid design, a paid sub-job",
    "Launch support rota": "a relay of 3 shifts, 2 handoffs",
    "Data labelling batch": "a reviewer who rejected then signed off and was paid; a refunded part, its share refunded",
  };
  return [...seed.projects].map(([name, p]) => `#${p.id} ${name} (${what[name] ?? ""})`).join(", ");
}
