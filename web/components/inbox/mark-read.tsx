"use client";
/** Once the inbox is shown, marks what it listed as read in this browser and refreshes the header's count. */
import { useRouter } from "next/navigation";
import { useEffect } from "react";

export function MarkInboxRead({ at }: { at: number }) {
  const router = useRouter();
  useEffect(() => {
    let cancelled = false;
    void fetch("/api/inbox", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ at }),
    }).then((response) => {
      if (response.ok && !cancelled) router.refresh();
    });
    return () => {
      cancelled = true;
    };
  }, [at, router]);
  return null;
}
