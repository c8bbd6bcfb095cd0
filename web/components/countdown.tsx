"use client";
import { useEffect, useState } from "react";
import { formatDate, formatDuration } from "@/lib/format";

/**
 * Time left until `at` (unix seconds) on the chain's clock: `chainNow` is the latest block's
 * timestamp when the page rendered, which may run ahead of the wall clock on a local chain.
 */
export function Countdown({ at, chainNow, past = "passed" }: { at: number; chainNow: number; past?: string }) {
  const [offset] = useState(() => chainNow - Math.floor(Date.now() / 1000));
  const [now, setNow] = useState(chainNow);
  useEffect(() => {
    const tick = () => setNow(Math.floor(Date.now() / 1000) + offset);
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [offset]);
  const left = at - now;
  return (
    <time dateTime={new Date(at * 1000).toISOString()} title={formatDate(at)}>
      {formatDate(at)} ({left > 0 ? `in ${formatDuration(left)}` : `${past} ${formatDuration(-left)} ago`})
    </time>
  );
}
