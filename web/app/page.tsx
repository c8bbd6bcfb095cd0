import Link from "next/link";
import { JobCard } from "@/components/job-card";
import { skillLabel, skillTagOf } from "@/lib/format";
import { boardOptions, JOB_SORTS, listJobs, type BoardFilters, type JobSort } from "@/server/jobs";
import { SubgraphError } from "@/server/subgraph";

export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function one(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v === undefined || v.trim() === "" ? undefined : v.trim();
}

function parseFilters(params: Record<string, string | string[] | undefined>): BoardFilters {
  const skill = one(params.skill);
  const token = one(params.token);
  const minUsd = Number(one(params.min));
  const maxUsd = Number(one(params.max));
  const page = Number(one(params.page) ?? "1");
  const sort = one(params.sort);
  return {
    q: one(params.q)?.slice(0, 100),
    sort: JOB_SORTS.includes(sort as JobSort) ? (sort as JobSort) : "newest",
    skill: skill
      ? ((/^0x[0-9a-fA-F]{64}$/.test(skill) ? skill.toLowerCase() : skillTagOf(skill)) as `0x${string}`)
      : undefined,
    token: token && /^0x[0-9a-fA-F]{40}$/.test(token) ? token : undefined,
    minUsd: Number.isFinite(minUsd) && minUsd > 0 ? minUsd : undefined,
    maxUsd: Number.isFinite(maxUsd) && maxUsd > 0 ? maxUsd : undefined,
    status: one(params.status) === "all" ? "all" : "open",
    page: Number.isSafeInteger(page) && page > 0 ? page : 1,
  };
}

function pageHref(params: Record<string, string | string[] | undefined>, page: number): string {
  const query = new URLSearchParams();
  for (const key of ["q", "sort", "skill", "token", "min", "max", "status"]) {
    const v = one(params[key]);
    if (v) query.set(key, v);
  }
  if (page > 1) query.set("page", String(page));
  const text = query.toString();
  return text ? `/?${text}` : "/";
}

export default async function JobBoard({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const filters = parseFilters(params);
  let result: Awaited<ReturnType<typeof listJobs>>;
  let options: Awaited<ReturnType<typeof boardOptions>>;
  try {
    [result, options] = await Promise.all([listJobs(filters), boardOptions()]);
  } catch (error) {
    if (!(error instanceof SubgraphError)) throw error;
    return (
      <>
        <h1>Jobs</h1>
        {/* Not kept by the page cache (web/server/page-cache.ts): the next request tries the index again. */}
        <p role="alert" className="error" data-no-page-cache="">
          {error.message}
        </p>
      </>
    );
  }
  const selectedSkill = filters.skill ?? "";
  return (
    <>
      <h1>{filters.status === "open" ? "Open jobs" : "Recent jobs"}</h1>
      <form className="filters" method="get" action="/" aria-label="Filter jobs">
        <div className="field">
          <label htmlFor="filter-q">Search titles and skills</label>
          <input id="filter-q" name="q" type="search" maxLength={100} defaultValue={filters.q ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="filter-sort">Sort by</label>
          <select id="filter-sort" name="sort" defaultValue={filters.sort}>
            <option value="newest">Newest</option>
            <option value="budget">Largest budget</option>
            <option value="deadline">Nearest deadline</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-skill">Skill</label>
          <select id="filter-skill" name="skill" defaultValue={selectedSkill}>
            <option value="">Any skill</option>
            {options.skills
              .map((tag) => ({ tag, name: skillLabel(tag) }))
              .sort((a, b) => a.name.localeCompare(b.name))
              .map(({ tag, name }) => (
                <option key={tag} value={name}>
                  {name}
                </option>
              ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-token">Token</label>
          <select id="filter-token" name="token" defaultValue={filters.token?.toLowerCase() ?? ""}>
            <option value="">Any token</option>
            {options.tokens.map((t) => (
              <option key={t.address} value={t.address}>
                {t.symbol}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-min">Minimum budget (USD)</label>
          <input
            id="filter-min"
            name="min"
            type="number"
            min="0"
            step="1"
            inputMode="numeric"
            defaultValue={filters.minUsd ?? ""}
          />
        </div>
        <div className="field">
          <label htmlFor="filter-max">Maximum budget (USD)</label>
          <input
            id="filter-max"
            name="max"
            type="number"
            min="0"
            step="1"
            inputMode="numeric"
            defaultValue={filters.maxUsd ?? ""}
          />
        </div>
        <div className="field">
          <label htmlFor="filter-status">Show</label>
          <select id="filter-status" name="status" defaultValue={filters.status}>
            <option value="open">Open jobs</option>
            <option value="all">All recent jobs</option>
          </select>
        </div>
        <div className="field">
          <button type="submit" className="button primary">
            Apply filters
          </button>
        </div>
      </form>
      {result.jobs.length === 0 ? (
        <p>No jobs match these filters.</p>
      ) : (
        <ul className="job-list" aria-label="Jobs">
          {result.jobs.map((job) => (
            <JobCard key={job.id} job={job} />
          ))}
        </ul>
      )}
      <nav className="pagination" aria-label="Pages">
        {filters.page > 1 && (
          <Link className="button" href={pageHref(params, filters.page - 1)} rel="prev">
            Previous page
          </Link>
        )}
        <span>Page {filters.page}</span>
        {result.hasNext && (
          <Link className="button" href={pageHref(params, filters.page + 1)} rel="next">
            Next page
          </Link>
        )}
      </nav>
    </>
  );
}
