import { MatchingInputError } from "./errors.ts";
import {
  readBigInt,
  readBytesList,
  readInt,
  readOptionalBigInt,
  readRelationId,
  readString,
} from "./subgraph/fields.ts";
import type { RawEntity } from "./subgraph/fields.ts";
import { postGraphQL, SubgraphDataError } from "./subgraph/graphql.ts";
import type { GraphQLRequestOptions } from "./subgraph/graphql.ts";
import type { Address, Demand, SkillTag } from "./types.ts";

/** The parts of the subgraph's `Job` entity that matching reads. */
export interface JobRecord {
  id: string;
  client: Address;
  vendor: Address | null;
  requiredSkills: SkillTag[];
  /** x100, e.g. 450 = 4.50. */
  minRating: number;
  minPaidJobs: number;
  budgetUsdCents: bigint | null;
  milestones: { amount: bigint; deadline: number }[];
  status: string;
  createdAt: number;
}

export function buildJobQuery(jobId: string): string {
  if (!/^\d+$/.test(jobId)) {
    throw new MatchingInputError(`Job id must be a decimal number, got "${jobId}"`);
  }
  return `query MatchingJob {
  job(id: "${jobId}") {
    id
    client { id }
    vendor { id }
    requiredSkills
    minRating
    minPaidJobs
    budgetUsdCents
    milestones { amount deadline }
    status
    createdAt
  }
}`;
}

export function parseJob(raw: RawEntity): JobRecord {
  const id = readString("Job", raw, "id");
  const entity = `Job ${id}`;
  const client = readRelationId(entity, raw, "client");
  if (client === null) throw new SubgraphDataError(`${entity} has no client`);
  if (!Array.isArray(raw.milestones)) {
    throw new SubgraphDataError(`${entity}.milestones should be a list`);
  }
  return {
    id,
    client,
    vendor: readRelationId(entity, raw, "vendor"),
    requiredSkills: readBytesList(entity, raw, "requiredSkills"),
    minRating: readInt(entity, raw, "minRating"),
    minPaidJobs: readInt(entity, raw, "minPaidJobs"),
    budgetUsdCents: readOptionalBigInt(entity, raw, "budgetUsdCents"),
    milestones: (raw.milestones as RawEntity[]).map((milestone) => ({
      amount: readBigInt(`${entity} milestone`, milestone, "amount"),
      deadline: Number(readBigInt(`${entity} milestone`, milestone, "deadline")),
    })),
    status: readString(entity, raw, "status"),
    createdAt: Number(readBigInt(entity, raw, "createdAt")),
  };
}

/** The job, or null when the subgraph has no job with that id. */
export async function fetchJob(
  subgraphUrl: string,
  jobId: string,
  options: GraphQLRequestOptions = {},
): Promise<JobRecord | null> {
  const data = await postGraphQL<{ job?: RawEntity | null }>(subgraphUrl, buildJobQuery(jobId), options);
  return data.job ? parseJob(data.job) : null;
}

/**
 * The demand a job states on chain. What the job entity lacks (client timezone,
 * overlap, rate ceiling, hours, nice-to-have skills, the current time) comes from
 * `extra`; the client is always excluded because nobody can hire themselves.
 * The deadline is the last milestone's.
 */
export function demandFromJob(job: JobRecord, extra: Partial<Demand> = {}): Demand {
  const deadlines = job.milestones.map((m) => m.deadline).filter((d) => d > 0);
  return {
    requiredSkills: job.requiredSkills,
    minRating: job.minRating,
    minPaidJobs: job.minPaidJobs,
    budgetUsdCents: job.budgetUsdCents,
    deadline: deadlines.length > 0 ? Math.max(...deadlines) : null,
    ...extra,
    excludeVendors: [job.client, ...(extra.excludeVendors ?? [])],
  };
}
