"use client";
/** Identity widgets that need wallet code, loaded only once the wallet runtime is (the page asks for it). */
import dynamic from "next/dynamic";
import { walletOnly } from "@/components/wallet/wallet-only";

export const ProfileEditor = walletOnly(
  dynamic(() => import("./profile-editor"), { ssr: false, loading: () => <p>Loading the form…</p> }),
);
