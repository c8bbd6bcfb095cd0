"use client";
/** Client widgets that need wallet code, loaded only once the wallet runtime is (the page asks for it). */
import dynamic from "next/dynamic";
import type { ComponentProps } from "react";
import { walletOnly } from "@/components/wallet/wallet-only";
import type * as Actions from "./vendor-jobs-actions";

const load = () => import("./vendor-jobs-actions");
export const ClaimButton = walletOnly(
  dynamic<ComponentProps<typeof Actions.ClaimButton>>(() => load().then((m) => m.ClaimButton), { ssr: false }),
);
export const QuoteForm = walletOnly(
  dynamic<ComponentProps<typeof Actions.QuoteForm>>(() => load().then((m) => m.QuoteForm), { ssr: false }),
);
export const RevokeQuotesButton = walletOnly(dynamic(() => load().then((m) => m.RevokeQuotesButton), { ssr: false }));
export const MilestoneActions = walletOnly(
  dynamic<ComponentProps<typeof Actions.MilestoneActions>>(() => load().then((m) => m.MilestoneActions), {
    ssr: false,
  }),
);
export const RateClient = walletOnly(
  dynamic<ComponentProps<typeof Actions.RateClient>>(() => load().then((m) => m.RateClient), { ssr: false }),
);
export const WithdrawForm = walletOnly(dynamic(() => import("./withdraw-form"), { ssr: false }));
export const ProfileForm = walletOnly(
  dynamic(() => import("./profile-form"), { ssr: false, loading: () => <p>Loading the form…</p> }),
);
