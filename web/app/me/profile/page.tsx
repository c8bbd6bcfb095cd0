import type { Metadata } from "next";
import { Person } from "@/components/identity/person";
import { ProfileEditor } from "@/components/identity/slots";
import { WalletAddressSync } from "@/components/wallet/wallet-gate";
import { latestProfile, profileHref, identityOf } from "@/server/names";
import Link from "next/link";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Your public profile" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function MyProfilePage({ searchParams }: { searchParams: SearchParams }) {
  const raw = (await searchParams).address;
  const text = (Array.isArray(raw) ? raw[0] : raw)?.toLowerCase();
  const address = text && /^0x[0-9a-f]{40}$/.test(text) ? text : null;
  const [current, identity] = address ? await Promise.all([latestProfile(address), identityOf(address)]) : [null, null];
  return (
    <>
      <h1>Your public profile</h1>
      <p>
        Your name, avatar and bio are shown wherever Mosaic shows your address: on jobs, quotes, reviews and your client
        page. The full address stays one click away.
      </p>
      <WalletAddressSync current={address} what="your profile" />
      {address && identity && (
        <>
          <p>
            Others see you as <Person address={address} size={32} />.{" "}
            <Link href={profileHref(identity)}>See your public page</Link>.
          </p>
          <ProfileEditor
            key={address}
            address={address}
            current={
              current
                ? { name: current.name, bio: current.bio, avatar: current.avatar }
                : identity.name
                  ? { name: identity.name, bio: identity.bio ?? undefined }
                  : null
            }
          />
        </>
      )}
    </>
  );
}
