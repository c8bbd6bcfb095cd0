"use client";
/** The page's one transaction status, docked at the bottom (see flow-dock.tsx), loaded with the wallet runtime. */
import { walletOnly } from "@/components/wallet/wallet-only";

export const FlowDock = walletOnly(() => import("./flow-dock").then((m) => m.default));
