"use client";
/** Client widgets that need wallet code, loaded only once the wallet runtime is (the page asks for it). */
import { walletOnly } from "@/components/wallet/wallet-only";

const load = () => import("./vendor-jobs-actions");
export const ClaimButton = walletOnly(() => load().then((m) => m.ClaimButton));
export const QuoteForm = walletOnly(() => load().then((m) => m.QuoteForm));
export const RevokeQuotesButton = walletOnly(() => load().then((m) => m.RevokeQuotesButton));
export const MilestoneActions = walletOnly(() => load().then((m) => m.MilestoneActions));
export const RateClient = walletOnly(() => load().then((m) => m.RateClient));
export const WithdrawForm = walletOnly(() => import("./withdraw-form").then((m) => m.default));
