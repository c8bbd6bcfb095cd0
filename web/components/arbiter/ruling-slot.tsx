"use client";
import { walletOnly } from "@/components/wallet/wallet-only";
import { useWalletLoader } from "@/components/wallet/context";
import type { RulingFormProps } from "./ruling-form";

const RulingForm = walletOnly(() => import("./ruling-form").then((m) => m.default), {
  loading: <p>Loading the ruling form…</p>,
});

/** The ruling form needs wallet code; it renders once the page has loaded it. */
export function RulingSlot(props: RulingFormProps & { isArbiter: boolean }) {
  const { runtime } = useWalletLoader();
  if (!runtime || !props.isArbiter) return null;
  return <RulingForm {...props} />;
}
