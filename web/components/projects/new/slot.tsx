"use client";
/** The create form needs the wallet from the start (the connected client is left out of its own team): it loads the wallet code on mount. */
import type { ComponentProps } from "react";
import { WithWallet } from "@/components/wallet/lazy-wallet";
import { walletOnly } from "@/components/wallet/wallet-only";
import type NewProjectForm from "./project-form";

const Form = walletOnly(() => import("./project-form").then((m) => m.default), { loading: <p>Loading the form…</p> });

export function NewProjectSlot(props: ComponentProps<typeof NewProjectForm>) {
  return (
    <WithWallet>
      <Form {...props} />
    </WithWallet>
  );
}
