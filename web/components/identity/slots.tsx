"use client";
/** Identity widgets that need wallet code, loaded only once the wallet runtime is (the page asks for it). */
import { walletOnly } from "@/components/wallet/wallet-only";

export const ProfileEditor = walletOnly(() => import("./profile-editor").then((m) => m.default), {
  loading: <p>Loading the form…</p>,
});
