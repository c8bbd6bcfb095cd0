"use client";
/** Renders a component that needs wallet code only once the wallet runtime is loaded (the page asks for it). */
import type { ComponentType } from "react";
import { useWalletLoader } from "./context";

export function walletOnly<P extends object>(Component: ComponentType<P>) {
  return function WalletOnly(props: P) {
    const { runtime } = useWalletLoader();
    return runtime ? <Component {...props} /> : null;
  };
}
