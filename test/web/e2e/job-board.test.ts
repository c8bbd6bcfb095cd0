/**
 * The job board without a wallet: server-rendered from the index, titles from the seeded specs
 * in the document store, filters that narrow the list, and no serious accessibility problem.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import type { BrowserContext } from "playwright-core";
import { graphql } from "../../../scripts/dev/probes.ts";
import { expectAccessible } from "../support/axe.ts";
import { newContext } from "../support/browser.ts";
import { browser, browserSuite, skipWithoutWeb, stack } from "./support/suite.ts";

let context: BrowserContext;

browserSuite({
  setUp: async () => {
    context = await newContext(browser, stack.webUrl);
  },
});

interface IndexedJob {
  id: string;
  specCid: string;
  requiredSkills: string[];
}

async function openJobs(where = ""): Promise<IndexedJob[]> {
  const data = await graphql<{ jobs: IndexedJob[] }>(
    stack.graphqlUrl,
    `{ jobs(first: 1000, where: { status: Open ${where} }) { id specCid requiredSkills } }`,
  );
  return data.jobs;
}

function seededTitles(): Map<string, string> {
  const docs = JSON.parse(readFileSync(path.join(stack.dataDir, "seed-documents.json"), "utf8")) as Record<
    string,
    { kind: string; title?: string }
  >;
  return new Map(
    Object.entries(docs)
      .filter(([, d]) => d.kind === "mosaic.job-spec/v1")
      .map(([cid, d]) => [cid, d.title!]),
  );
}

describe("job board", { skip: skipWithoutWeb }, () => {
  it("shows the index's open jobs with their specs' titles, without a wallet", async () => {
    const page = await context.newPage();
    await page.goto("/");
    await page.getByRole("heading", { name: "Open jobs", level: 1 }).waitFor();
    const jobs = await openJobs();
    assert.ok(jobs.length > 0, "the seeded market has open jobs");
    const titles = seededTitles();
    const shown = await page.getByText(/^Job #\d+$/).allTextContents();
    assert.deepEqual(
      shown.map((t) => t.replace("Job #", "")).sort(),
      jobs.map((j) => j.id).sort(),
      "the board lists exactly the open jobs of the index",
    );
    for (const job of jobs) {
      await page
        .getByRole("link", { name: titles.get(job.specCid)! })
        .first()
        .waitFor();
    }
    await expectAccessible(page, "the job board");
    await page.close();
  });

  it("filters by skill", async () => {
    const page = await context.newPage();
    await page.goto("/");
    const [job] = await openJobs();
    const skillHex = job.requiredSkills[0];
    const skill = Buffer.from(skillHex.slice(2), "hex").toString("utf8").replace(/\0+$/, "");
    await page.getByRole("combobox", { name: "Skill", exact: true }).selectOption(skill);
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL(/skill=/);
    const expected = await openJobs(`, requiredSkills_contains: ["${skillHex}"]`);
    await page.getByText(`Job #${job.id}`, { exact: true }).waitFor();
    const shown = await page.getByText(/^Job #\d+$/).allTextContents();
    assert.deepEqual(shown.map((t) => t.replace("Job #", "")).sort(), expected.map((j) => j.id).sort());
    await expectAccessible(page, "the filtered job board");
    await page.close();
  });
});
