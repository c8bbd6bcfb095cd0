"use client";
/**
 * A transaction flow a panel shares with the widgets it renders (the job page's actions and the
 * vendor's milestone widgets), so that the page keeps one "Transaction status" region for them all.
 */
import { createContext } from "react";
import type { useTransactionFlow } from "./transaction";

export type TransactionFlow = ReturnType<typeof useTransactionFlow>;

export const SharedFlowContext = createContext<TransactionFlow | null>(null);
