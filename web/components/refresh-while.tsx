"use client";
/** Renders the page again every few seconds while the server says it is waiting (for the index). */
import { useRouter } from "next/navigation";
import { useEffect } from "react";

export function RefreshWhile({ seconds = 2 }: { seconds?: number }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => router.refresh(), seconds * 1000);
    return () => clearInterval(timer);
  }, [router, seconds]);
  return null;
}
