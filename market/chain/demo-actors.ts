/**
 * Who takes part in the demo: the node's unlocked accounts first, then wallets derived from a
 * public demo mnemonic so there can be more vendors and clients than the node has accounts.
 */
import { HDNodeWallet, Mnemonic, keccak256, toUtf8Bytes } from "ethers";
import { clientProfile, vendorProfile } from "../actors.ts";
import { COMPANIES, FIRST_NAMES, LAST_NAMES, type Specialty } from "../catalog.ts";
import type { DocumentStore } from "./documents.ts";
import type { Random } from "../random.ts";

/**
 * Demo-only mnemonic, derived from a fixed string so every machine gets the same wallets. Its keys
 * are public: never send real funds to them.
 */
export const DEMO_MNEMONIC = Mnemonic.fromEntropy(
  keccak256(toUtf8Bytes("mosaic demo seed wallets")).slice(0, 34),
).phrase;

export interface Vendor {
  address: string;
  /** Derived wallet (signs locally); undefined for an unlocked node account. */
  wallet?: HDNodeWallet;
  name: string;
  specialty: Specialty;
  skills: string[];
  hourlyRateCents: number;
  timezoneOffsetMinutes: number;
  city: string;
  availabilityHours: number;
  /** Hidden talent, 1-5: drives how jobs end and how clients rate. */
  quality: number;
  metadataCid: string;
}

export interface Client {
  address: string;
  wallet?: HDNodeWallet;
  company: string;
  /** Hidden fairness, 1-5: drives how vendors rate the client. */
  quality: number;
  /** Funds mUSD jobs with an EIP-2612 permit instead of a standing approval. */
  usesPermit: boolean;
}

const VENDOR_BRANCH = 1;
const CLIENT_BRANCH = 2;
const SOCK_BRANCH = 3;

/**
 * Wallets m/44'/60'/<branch>'/0/<i>. Deriving each from the phrase would rerun PBKDF2 every time;
 * deriving children of the branch node is instant.
 */
function deriveMany(branch: number, count: number): HDNodeWallet[] {
  if (count <= 0) return [];
  const root = HDNodeWallet.fromPhrase(DEMO_MNEMONIC, "", `m/44'/60'/${branch}'/0`);
  return Array.from({ length: count }, (_, i) => root.deriveChild(i));
}

export async function makeVendors(
  rng: Random,
  count: number,
  nodeAccounts: string[],
  docs: DocumentStore,
): Promise<Vendor[]> {
  const derived = deriveMany(VENDOR_BRANCH, Math.max(0, count - nodeAccounts.length));
  const vendors: Vendor[] = [];
  for (let i = 0; i < count; i++) {
    const wallet = i < nodeAccounts.length ? undefined : derived[i - nodeAccounts.length];
    const address = wallet ? wallet.address : nodeAccounts[i];
    const { specialty, skills, quality, hourlyRateCents, availabilityHours, ...where } = vendorProfile(rng);
    const timezone = { offset: where.timezoneOffsetMinutes, city: where.city };
    const name = `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
    const metadataCid = await docs.add({
      kind: "mosaic.vendor-profile/v1",
      name,
      headline: `${specialty.name} · ${skills.slice(0, 3).join(", ")}`,
      bio: `${name} works from ${timezone.city} on ${specialty.name.toLowerCase()} projects.`,
      location: timezone.city,
      skills,
      hourlyRateUsd: hourlyRateCents / 100,
      availabilityHoursPerWeek: availabilityHours,
      links: { portfolio: `https://example.com/${name.toLowerCase().replace(/[^a-z]+/g, "-")}` },
    });
    vendors.push({
      address,
      wallet,
      name,
      specialty,
      skills,
      hourlyRateCents,
      timezoneOffsetMinutes: timezone.offset,
      city: timezone.city,
      availabilityHours,
      quality,
      metadataCid,
    });
  }
  return vendors;
}

/**
 * Throwaway client addresses of a sybil ring (market/attacks.ts): derived wallets on their own
 * branch, each used for one self-dealt job with the ring's vendor.
 */
export function makeSocks(count: number): Client[] {
  return deriveMany(SOCK_BRANCH, count).map((wallet, i) => ({
    address: wallet.address,
    wallet,
    company: `Sock ${i + 1}`,
    quality: 5,
    usesPermit: false,
  }));
}

export function makeClients(rng: Random, count: number, nodeAccounts: string[]): Client[] {
  const derived = deriveMany(CLIENT_BRANCH, Math.max(0, count - nodeAccounts.length));
  return Array.from({ length: count }, (_, i) => {
    const wallet = i < nodeAccounts.length ? undefined : derived[i - nodeAccounts.length];
    return {
      address: wallet ? wallet.address : nodeAccounts[i],
      wallet,
      company:
        COMPANIES[i % COMPANIES.length] + (i >= COMPANIES.length ? ` ${Math.floor(i / COMPANIES.length) + 1}` : ""),
      ...clientProfile(rng),
    };
  });
}
