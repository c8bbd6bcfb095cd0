"use client";
/**
 * Components that need wallet code, loaded with a plain import() once the wallet runtime is (the
 * page asks for it: a remembered connection at once, a click on Connect otherwise). Until then
 * they render nothing; while their code arrives, `loading`. A plain import() rather than
 * next/dynamic, whose loader would otherwise sit in the first load of every page that has one.
 */
import { useEffect, useState, type ComponentType, type ReactNode } from "react";
import { useWalletLoader } from "./context";

export function walletOnly<P extends object>(
  load: () => Promise<ComponentType<P>>,
  options: { loading?: ReactNode } = {},
) {
  // One download per component for the page's lifetime, shared by every place it renders; a
  // failed download (a flaky network) is tried again on the next render that needs it.
  let loaded: ComponentType<P> | undefined;
  let pending: Promise<ComponentType<P>> | undefined;
  const fetchComponent = () =>
    (pending ??= load().then(
      (component) => (loaded = component),
      (error: unknown) => {
        pending = undefined;
        throw error;
      },
    ));

  return function WalletOnly(props: P) {
    const { runtime } = useWalletLoader();
    const [Component, setComponent] = useState<ComponentType<P> | undefined>(() => loaded);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (!runtime || Component) return;
      let live = true;
      fetchComponent().then(
        (component) => live && setComponent(() => component),
        () => live && setFailed(true),
      );
      return () => {
        live = false;
      };
    }, [runtime, Component]);
    if (!runtime) return null;
    if (Component) return <Component {...props} />;
    if (failed) return <p role="alert">This part of the page could not be loaded. Check your connection and reload.</p>;
    return options.loading ?? null;
  };
}
