/**
 * axe-core on a page: fails on any serious or critical violation (WCAG 2.x A and AA rules and
 * axe's best practices), with each violation's rule, help text and offending elements.
 */
import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "playwright-core";

export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

export interface AxeProblem {
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/** The serious and critical violations on the page as it is now. */
export async function axeProblems(page: Page): Promise<AxeProblem[]> {
  // Next streams a dynamic page's metadata after its body: judge the page once its title is in
  // (a title still missing after 10 s is reported by axe as usual).
  await page.waitForFunction(() => document.title !== "", null, { timeout: 10_000 }).catch(() => {});
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      rule: v.id,
      impact: v.impact!,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(" ")),
    }));
}

/** Throws when the page has a serious or critical accessibility violation. */
export async function expectAccessible(page: Page, what = page.url()): Promise<void> {
  const problems = await axeProblems(page);
  if (problems.length === 0) return;
  const lines = problems.map(
    (p) => `  - ${p.rule} (${p.impact}): ${p.help}\n      ${p.targets.slice(0, 5).join("\n      ")}`,
  );
  throw new Error(
    `axe-core found ${problems.length} serious or critical violation(s) on ${what}:\n${lines.join("\n")}`,
  );
}
