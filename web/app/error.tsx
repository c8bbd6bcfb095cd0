"use client";
import { useEffect } from "react";

/** A page failed on the server (most often the index or the node could not be reached). */
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.warn(error);
  }, [error]);
  return (
    <>
      <h1>This page could not be loaded</h1>
      <p role="alert">
        The server could not read the chain or the index just now. Check that the node and the indexer are running, then
        try again.
      </p>
      <button type="button" className="button primary" onClick={reset}>
        Try again
      </button>
    </>
  );
}
