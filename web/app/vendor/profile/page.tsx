import type { Metadata } from "next";
import Link from "next/link";
import { VendorNav } from "@/components/vendor/vendor-nav";
import { profileEditorData } from "@/lib/vendor/profile-editor";
import { SubgraphError } from "@/server/subgraph";
import { EditorSlot } from "./editor-slot";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Your vendor profile" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ProfilePage({ searchParams }: { searchParams: SearchParams }) {
  const raw = (await searchParams).address;
  const text = (Array.isArray(raw) ? raw[0] : raw)?.toLowerCase();
  const address = text && /^0x[0-9a-f]{40}$/.test(text) ? text : null;
  let data;
  try {
    data = await profileEditorData(address);
  } catch (error) {
    if (!(error instanceof SubgraphError)) throw error;
    return (
      <>
        <h1>Your vendor profile</h1>
        <VendorNav current="profile" />
        <p role="alert" className="error">
          {error.message}
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Your vendor profile</h1>
      <VendorNav current="profile" />
      <p>
        Your skills, rate, time zone and availability live on chain, where matching and open jobs read them; your name,
        bio and past work live in a profile document the chain points to.
        {data.current?.registered && address && (
          <>
            {" "}
            <Link href={`/vendors/${address}`}>See your public page</Link>.
          </>
        )}
      </p>
      <EditorSlot address={address} data={address ? data : null} />
    </>
  );
}
