/** What the profile editor starts from: the vendor's current profile, the skills in use, and open jobs' requirements for hints. */
import { vendorRegistryAbi } from "@mosaic/sdk/contracts";
import { publicClient } from "../../server/chain.ts";
import { serverConfig } from "../../server/config.ts";
import { boardOptions } from "../../server/jobs.ts";
import { contractsOn } from "../../server/public-config.ts";
import { querySubgraph } from "../../server/subgraph.ts";
import { skillLabel } from "../format.ts";
import { profileDocument, type ProfileDocument } from "./public-profile.ts";
import { vendorStanding } from "./work.ts";

export interface ProfileEditorData {
  address: string | null;
  current: {
    registered: boolean;
    skills: string[];
    hourlyRateCents: number;
    timezoneOffsetMinutes: number;
    availabilityHours: number;
    document: ProfileDocument | null;
  } | null;
  skills: { tag: `0x${string}`; name: string }[];
  /** Open jobs' claim requirements, for "you would qualify for N jobs". */
  openJobs: { requiredSkills: string[]; minRating: number; minPaidJobs: number }[];
  standing: { adjustedRatingX100: number; paidJobs: number };
  /** The registry's curated tag table (lowercase hex), and whether profiles may add tags to it. */
  tagTable: string[];
  tagCreationOpen: boolean;
}

/** The registry's curated skill-tag table (first 512 tags), and whether profiles may still add tags. */
async function registryTags(): Promise<{ table: string[]; creationOpen: boolean }> {
  const contracts = contractsOn(serverConfig().chainId);
  if (!contracts) return { table: [], creationOpen: false };
  const client = publicClient();
  const read = (functionName: string, args: readonly unknown[] = []) =>
    client.readContract({ address: contracts.registry, abi: vendorRegistryAbi, functionName, args } as never);
  try {
    const [count, creationOpen] = await Promise.all([read("skillTagCount"), read("tagCreationOpen")]);
    const table = (await Promise.all(
      Array.from({ length: Math.min(512, Number(count)) }, (_, i) => read("skillTagAt", [BigInt(i)])),
    )) as string[];
    return { table: table.map((t) => t.toLowerCase()), creationOpen: creationOpen === true };
  } catch {
    return { table: [], creationOpen: false };
  }
}

export async function profileEditorData(address: string | null): Promise<ProfileEditorData> {
  const [options, open, vendor, standing, table] = await Promise.all([
    boardOptions(),
    querySubgraph<{ jobs: { requiredSkills: string[]; minRating: number; minPaidJobs: number }[] }>(
      `{ jobs(first: 500, where: { status: Open, open: true }) { requiredSkills minRating minPaidJobs } }`,
    ),
    address
      ? querySubgraph<{
          vendor: {
            registered: boolean;
            skills: string[];
            hourlyRateCents: number;
            timezoneOffsetMinutes: number;
            availabilityHours: number;
            metadataCid: string;
          } | null;
        }>(
          `query($id: ID!) { vendor(id: $id) { registered skills hourlyRateCents timezoneOffsetMinutes availabilityHours metadataCid } }`,
          { id: address },
        ).then((r) => r.vendor)
      : Promise.resolve(null),
    address ? vendorStanding(address) : Promise.resolve(null),
    registryTags(),
  ]);
  const tags = new Set(
    [...table.table, ...options.skills, ...open.jobs.flatMap((j) => j.requiredSkills), ...(vendor?.skills ?? [])].map(
      (s) => s.toLowerCase(),
    ),
  );
  const doc = vendor?.metadataCid ? await profileDocument(vendor.metadataCid) : null;
  return {
    address,
    current: vendor
      ? {
          registered: vendor.registered,
          skills: vendor.skills.map((s) => s.toLowerCase()),
          hourlyRateCents: vendor.hourlyRateCents,
          timezoneOffsetMinutes: vendor.timezoneOffsetMinutes,
          availabilityHours: vendor.availabilityHours,
          document: doc?.ok ? doc.profile : null,
        }
      : null,
    skills: [...tags]
      .map((tag) => ({ tag: tag as `0x${string}`, name: skillLabel(tag as `0x${string}`) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    openJobs: open.jobs,
    standing: { adjustedRatingX100: standing?.adjustedRatingX100 ?? 100, paidJobs: standing?.paidJobs ?? 0 },
    tagTable: table.table,
    tagCreationOpen: table.creationOpen,
  };
}
