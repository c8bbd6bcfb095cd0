/** Everything the public vendor page shows, from the index and the vendor's profile document. */
import { DEFAULT_RATING_PRIOR_WEIGHT } from "../../../matching/index.ts";
import { ratingEvidence } from "../../../matching/src/score/rating.ts";
import { readDocument } from "../../server/documents/service.ts";
import { querySubgraph } from "../../server/subgraph.ts";

export interface VendorHistory {
  id: string;
  registered: boolean;
  skills: string[];
  hourlyRateCents: number;
  timezoneOffsetMinutes: number;
  availabilityHours: number;
  metadataCid: string;
  ratingWeightedSum: string;
  ratingWeight: string;
  ratingCount: number;
  hiredJobs: number;
  paidJobs: number;
  activeJobs: number;
  refundedMilestones: number;
  disputedMilestones: number;
  disputesLost: number;
  registeredAt: string | null;
  bankRatingCount: number;
  reputationWeightedSum: string;
  reputationWeight: string;
  banksServed: number;
  banksRenewed: number;
  activeBanks: number;
  volumes: { token: { id: string }; gross: string; net: string; fees: string; paymentCount: number }[];
  ratings: {
    id: string;
    job: { id: string };
    rater: { id: string };
    score: number;
    weight: string;
    timestamp: string;
  }[];
  jobs: {
    id: string;
    status: string;
    token: { id: string };
    paidToVendor: string;
    refunded: string;
    createdAt: string;
    disputes: {
      id: string;
      milestone: { index: number };
      status: string;
      resolution: string | null;
      vendorBps: number | null;
      raisedByRole: string;
    }[];
  }[];
}

export async function vendorHistory(address: string): Promise<VendorHistory | null> {
  const { vendor } = await querySubgraph<{ vendor: VendorHistory | null }>(
    `query($id: ID!) { vendor(id: $id) {
      id registered skills hourlyRateCents timezoneOffsetMinutes availabilityHours metadataCid
      ratingWeightedSum ratingWeight ratingCount hiredJobs paidJobs activeJobs refundedMilestones disputedMilestones disputesLost registeredAt
      bankRatingCount reputationWeightedSum reputationWeight banksServed banksRenewed activeBanks
      volumes { token { id } gross net fees paymentCount }
      ratings(first: 1000, orderBy: timestamp, orderDirection: desc) { id job { id } rater { id } score weight timestamp }
      jobs(first: 1000, orderBy: createdAt, orderDirection: desc) { id status token { id } paidToVendor refunded createdAt
        disputes { id milestone { index } status resolution vendorBps raisedByRole } } } }`,
    { id: address.toLowerCase() },
  );
  return vendor;
}

/** The rating as matching sees it: a pessimistic Bayesian average and how much to trust it. */
export function ratingSummary(weightedSum: string, weight: string) {
  const prior = DEFAULT_RATING_PRIOR_WEIGHT;
  const evidence = ratingEvidence(BigInt(weightedSum), BigInt(weight), prior);
  const estimate = evidence.average === null ? null : 1 + (evidence.average - 1) * evidence.confidence;
  return { ...evidence, estimate, priorWeight: prior };
}

/** The profile document in either shape the app meets: the dApp's (`name`) or the demo seed's (`headline`). */
export interface ProfileDocument {
  name: string | null;
  bio: string | null;
  links: string[];
  portfolio: { title: string; url?: string; description?: string }[];
}

export async function profileDocument(
  cid: string,
): Promise<{ ok: true; profile: ProfileDocument } | { ok: false; error: string }> {
  if (!cid) return { ok: false, error: "This vendor has no profile document." };
  const read = await readDocument(cid);
  if (!read.ok) return { ok: false, error: `The profile document could not be read: ${read.error}.` };
  try {
    const c = JSON.parse(new TextDecoder().decode(read.document.bytes)) as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === "string" && v.trim() ? v : null);
    const links = Array.isArray(c.links) ? c.links.filter((l): l is string => typeof l === "string") : [];
    const portfolio = Array.isArray(c.portfolio)
      ? (c.portfolio as Record<string, unknown>[])
          .filter((p) => p && typeof p.title === "string")
          .map((p) => ({
            title: p.title as string,
            url: str(p.url) ?? undefined,
            description: str(p.description) ?? undefined,
          }))
      : [];
    return {
      ok: true,
      profile: { name: str(c.name) ?? str(c.headline), bio: str(c.bio) ?? str(c.summary), links, portfolio },
    };
  } catch {
    return { ok: false, error: "The profile document is not valid JSON." };
  }
}
