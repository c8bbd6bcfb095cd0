"use client";
/** Project-page widgets that need wallet code, loaded only once the wallet runtime is. */
import { walletOnly } from "@/components/wallet/wallet-only";

export const HandoffForm = walletOnly(() => import("./handoff-form").then((m) => m.HandoffForm));
