"use client";
/**
 * Until the wallet runtime is loaded (a remembered connection loads it at once, a click on Connect
 * otherwise) the editor is one button; then its wallet half arrives with a plain import(), so the
 * page's first load carries neither the form nor next/dynamic's loader.
 */
import { useEffect, useState, type ComponentType } from "react";
import { ConnectPrompt } from "@/components/wallet/connect-prompt";
import { useWalletLoader } from "@/components/wallet/lazy-wallet";
import type { ProfileEditorData } from "@/lib/vendor/profile-editor";

type Props = { address: string | null; data: ProfileEditorData | null };

export function EditorSlot({ address, data }: Props) {
  const { runtime } = useWalletLoader();
  const [EditorWallet, setEditorWallet] = useState<ComponentType<Props> | null>(null);
  useEffect(() => {
    if (runtime) void import("./editor-wallet").then((m) => setEditorWallet(() => m.EditorWallet));
  }, [runtime]);
  if (EditorWallet) return <EditorWallet address={address} data={data} />;
  return (
    <>
      <ConnectPrompt current={address} what="your profile" />
      {runtime && address && <p>Loading the form…</p>}
    </>
  );
}
