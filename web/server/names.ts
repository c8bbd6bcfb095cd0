/**
 * Who an address is, as people see it: the display name, avatar and bio from its profile document
 * (any address may publish one through /api/profiles), or for a vendor without one the name and
 * bio of its registry profile document. Resolved in bulk (one index query and one store read per
 * address for every address a page names in the same tick) and cached for a few seconds.
 */
import { bytesMatchCid, cidOf, parseCid, validatePersonDocument } from "@mosaic/sdk/documents";
import { isStoredFile } from "./documents/attachments.ts";
import { getStore } from "./store/index.ts";
import { querySubgraph } from "./subgraph.ts";
import { readSpec } from "./jobs.ts";

export interface Identity {
  /** Lowercase 0x-hex. */
  address: string;
  name: string | null;
  bio: string | null;
  /** CID of the avatar image (GET /api/profiles/avatar/<cid>), or null for the identicon. */
  avatar: string | null;
  /** Whether the address registered as a vendor (its page is /vendors/<address>). */
  vendor: boolean;
}

export interface ProfileContent {
  name: string;
  bio?: string;
  avatar?: string;
}

const TTL_MS = 5_000;
const MAX_ENTRIES = 5_000;
// One cache per process, shared by the route handlers' and the pages' copies of this module, so a
// profile just published shows at once on this instance (others within TTL_MS).
const cacheKey = Symbol.for("mosaic.web.identities");
const cache = ((globalThis as { [cacheKey]?: Map<string, { at: number; value: Promise<Identity> }> })[cacheKey] ??=
  new Map());

export const profileSubject = (address: string) => `profile:${address.toLowerCase()}`;

/** Forget what is cached about `address` (after it publishes a new profile). */
export function forgetIdentity(address: string): void {
  cache.delete(address.toLowerCase());
}

/** The address's latest verified profile document, or null. */
export async function latestProfile(address: string): Promise<ProfileContent | null> {
  const docs = await (await getStore()).documents.listBySubject("profile", profileSubject(address));
  for (let i = docs.length - 1; i >= 0; i--) {
    const cid = parseCid(docs[i].cid);
    if (!cid || !(await bytesMatchCid(cid, docs[i].bytes))) continue;
    try {
      const content = JSON.parse(new TextDecoder().decode(docs[i].bytes)) as unknown;
      if (!validatePersonDocument("profile", content)) return content as ProfileContent;
    } catch {
      // A record that does not parse is skipped like a corrupted one.
    }
  }
  return null;
}

async function lookUp(addresses: string[]): Promise<Map<string, Identity>> {
  let vendors: { id: string; registered: boolean; metadataCid: string }[] = [];
  try {
    const data = await querySubgraph<{ vendors: typeof vendors }>(
      `query Names($ids: [Bytes!]!) { vendors(where: { id_in: $ids }, first: 1000) { id registered metadataCid } }`,
      { ids: addresses },
    );
    vendors = data.vendors;
  } catch {
    // Names are a courtesy: without the index, profiles published here still name their authors.
  }
  const byAddress = new Map(vendors.map((v) => [v.id.toLowerCase(), v]));
  const out = new Map<string, Identity>();
  await Promise.all(
    addresses.map(async (address) => {
      const vendor = byAddress.get(address);
      const [profile, vendorDoc] = await Promise.all([
        latestProfile(address),
        vendor?.metadataCid ? readSpec(vendor.metadataCid) : Promise.resolve(null),
      ]);
      const vendorContent = vendorDoc?.state === "verified" ? vendorDoc.content : {};
      const text = (value: unknown) => (typeof value === "string" && value.trim() ? value : null);
      out.set(address, {
        address,
        name: text(profile?.name) ?? text(vendorContent.name),
        bio: text(profile?.bio) ?? text(vendorContent.bio),
        avatar: profile?.avatar ?? null,
        vendor: vendor?.registered ?? false,
      });
    }),
  );
  return out;
}

let pending: { addresses: Set<string>; result: Promise<Map<string, Identity>> } | null = null;

/** Joins `address` to the batch being collected in this tick; the batch is looked up once. */
function batched(address: string): Promise<Identity> {
  if (!pending) {
    const addresses = new Set<string>();
    const result = new Promise<Map<string, Identity>>((resolve, reject) => {
      setImmediate(() => {
        pending = null;
        lookUp([...addresses]).then(resolve, reject);
      });
    });
    pending = { addresses, result };
  }
  pending.addresses.add(address);
  return pending.result.then((found) => found.get(address)!);
}

/** The identity of one address; calls made in the same tick are resolved together. */
export function identityOf(address: string): Promise<Identity> {
  const key = address.toLowerCase();
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
  const value = batched(key);
  cache.set(key, { at: Date.now(), value });
  value.catch(() => {
    if (cache.get(key)?.value === value) cache.delete(key);
  });
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  return value;
}

/** Identities of many addresses at once (lowercase keys). */
export async function identitiesOf(addresses: string[]): Promise<Map<string, Identity>> {
  const unique = [...new Set(addresses.map((a) => a.toLowerCase()))];
  const found = await Promise.all(unique.map(identityOf));
  return new Map(found.map((identity) => [identity.address, identity]));
}

/** The page that tells who `identity` is: its vendor page, or its client page. */
export function profileHref(identity: Pick<Identity, "address" | "vendor">): string {
  return identity.vendor ? `/vendors/${identity.address}` : `/clients/${identity.address}`;
}

/** Largest avatar image accepted: a face in a list, not a photo album. */
export const MAX_AVATAR_BYTES = 64 * 1024;

/** The image type of `bytes` by its magic number; SVG is refused (it can carry script). */
export function imageType(bytes: Uint8Array): string | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (starts(0xff, 0xd8, 0xff)) return "image/jpeg";
  if (starts(0x47, 0x49, 0x46, 0x38)) return "image/gif";
  if (starts(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42) {
    return "image/webp";
  }
  return null;
}

export type PersonWrite = { ok: true; cid: string } | { ok: false; status: 400 | 413; error: string };

/** Stores an avatar image written by `author`; answers its CID (raw codec, sha-256 of the bytes). */
export async function writeAvatar(bytes: Uint8Array, author: string): Promise<PersonWrite> {
  if (bytes.byteLength > MAX_AVATAR_BYTES) {
    return { ok: false, status: 413, error: `avatar too large: at most ${MAX_AVATAR_BYTES / 1024} KiB` };
  }
  if (!imageType(bytes)) return { ok: false, status: 400, error: "an avatar must be a PNG, JPEG, GIF or WebP image" };
  const cid = (await cidOf(bytes)).toString();
  const store = (await getStore()).documents;
  if (!(await store.get(cid))) {
    await store.put({ cid, kind: "avatar", bytes, author, subject: `avatar:${author}`, createdAt: Date.now() });
  }
  return { ok: true, cid };
}

/** An avatar's verified bytes and image type, or null when the CID names no stored avatar. */
export async function readAvatar(cidText: string): Promise<{ bytes: Uint8Array; type: string } | null> {
  const cid = parseCid(cidText);
  if (!cid) return null;
  const doc = await (await getStore()).documents.get(cid.toString());
  if (!doc || !isStoredFile(doc.kind) || !(await bytesMatchCid(cid, doc.bytes))) return null;
  const type = imageType(doc.bytes);
  return type ? { bytes: doc.bytes, type } : null;
}

/** Validates and stores `author`'s profile document (name, bio, avatar by CID). */
export async function writeProfile(content: unknown, author: string): Promise<PersonWrite> {
  const problem = validatePersonDocument("profile", content);
  if (problem) return { ok: false, status: 400, error: problem };
  const { name, bio, avatar } = content as ProfileContent;
  if (avatar && !(await readAvatar(avatar))) {
    return { ok: false, status: 400, error: "content.avatar names no stored avatar: upload the image first" };
  }
  // The author and time make every publication its own document: an earlier text published again
  // becomes the latest, and two people choosing the same name do not share a record.
  const now = Date.now();
  const profile = { name, bio, avatar, address: author, updatedAt: now };
  const bytes = new TextEncoder().encode(JSON.stringify(profile));
  const cid = (await cidOf(bytes)).toString();
  await (
    await getStore()
  ).documents.put({
    cid,
    kind: "profile",
    bytes,
    author,
    subject: profileSubject(author),
    createdAt: now,
  });
  forgetIdentity(author);
  return { ok: true, cid };
}
