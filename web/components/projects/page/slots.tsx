"use client";
/** Project-page widgets that need wallet code, loaded only once the wallet runtime is. */
import dynamic from "next/dynamic";
import type { ComponentProps } from "react";
import { walletOnly } from "@/components/wallet/wallet-only";
import type * as Handoff from "./handoff-form";

export const HandoffForm = walletOnly(
  dynamic<ComponentProps<typeof Handoff.HandoffForm>>(() => import("./handoff-form").then((m) => m.HandoffForm), {
    ssr: false,
  }),
);
