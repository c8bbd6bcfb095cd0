"use client";
/**
 * The profile editor's wallet half: the address in the URL kept in step with the connected wallet,
 * the form, and the transaction dock. Imported by editor-slot.tsx once the wallet runtime is there.
 */
import { Suspense } from "react";
import ProfileForm from "@/components/vendor/profile-form";
import FlowDock from "@/components/tx/flow-dock";
import WalletAddress from "@/components/wallet/wallet-address";
import type { ProfileEditorData } from "@/lib/vendor/profile-editor";

export function EditorWallet({ address, data }: { address: string | null; data: ProfileEditorData | null }) {
  return (
    <>
      <Suspense>
        <WalletAddress current={address} what="your profile" />
      </Suspense>
      {address && data && <ProfileForm key={address} data={data} />}
      <FlowDock />
    </>
  );
}
