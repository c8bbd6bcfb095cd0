"use client";
/** The page's one transaction status, docked at the bottom (see flow-dock.tsx), loaded with the wallet runtime. */
import dynamic from "next/dynamic";
import { walletOnly } from "@/components/wallet/wallet-only";

export const FlowDock = walletOnly(dynamic(() => import("./flow-dock"), { ssr: false }));
