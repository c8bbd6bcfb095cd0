"use client";
import dynamic from "next/dynamic";
import { useWalletLoader } from "@/components/wallet/context";
import type { RulingFormProps } from "./ruling-form";

const RulingForm = dynamic(() => import("./ruling-form"), {
  ssr: false,
  loading: () => <p>Loading the ruling form…</p>,
});

/** The ruling form needs wallet code; it renders once the page has loaded it. */
export function RulingSlot(props: RulingFormProps & { isArbiter: boolean }) {
  const { runtime } = useWalletLoader();
  if (!runtime || !props.isArbiter) return null;
  return <RulingForm {...props} />;
}
