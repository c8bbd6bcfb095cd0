"use client";
import Link from "next/link";
import { useEffect, useState } from "react";
import { useConnection } from "wagmi";
import { formatAmount, formatDate } from "@/lib/format";
import type { MyJob } from "@/server/my-jobs";

export default function MyJobs() {
  const connection = useConnection();
  const [state, setState] = useState<{ jobs: MyJob[] | null; error: string | null }>({ jobs: null, error: null });
  const address = connection.address;

  useEffect(() => {
    if (!address) return;
    let cancelled = false;
    setState({ jobs: null, error: null });
    fetch(`/api/jobs?client=${address}`, { cache: "no-store" })
      .then(async (r) => {
        const body = (await r.json()) as { jobs?: MyJob[]; error?: string };
        if (!cancelled)
          setState(r.ok ? { jobs: body.jobs ?? [], error: null } : { jobs: null, error: body.error ?? "failed" });
      })
      .catch(() => !cancelled && setState({ jobs: null, error: "The server could not be reached." }));
    return () => {
      cancelled = true;
    };
  }, [address]);

  if (!address) return <p>Connect your wallet to see the jobs you posted.</p>;
  if (state.error)
    return (
      <p role="alert" className="error">
        {state.error}
      </p>
    );
  if (!state.jobs) return <p>Loading your jobs…</p>;
  if (state.jobs.length === 0) {
    return (
      <p>
        You have not posted a job yet. <Link href="/jobs/new">Post a job</Link>
      </p>
    );
  }
  const needing = state.jobs.filter((j) => j.attention.length > 0);
  return (
    <>
      <p>
        {state.jobs.length} job{state.jobs.length === 1 ? "" : "s"}; {needing.length} need
        {needing.length === 1 ? "s" : ""} your attention.
      </p>
      <ul className="job-list" aria-label="My jobs">
        {state.jobs.map((job) => (
          <li key={job.id} className="card job-card">
            <h2>
              <Link href={`/jobs/${job.id}`}>{job.title}</Link>
            </h2>
            <ul className="meta">
              <li>Job #{job.id}</li>
              <li>{job.status}</li>
              <li>{formatAmount(BigInt(job.totalAmount) + BigInt(job.totalBonus), job.token)}</li>
              <li>Posted {formatDate(job.createdAt)}</li>
            </ul>
            {job.attention.length > 0 ? (
              <ul aria-label={`Needs attention on job ${job.id}`}>
                {job.attention.map((a) => (
                  <li key={a}>
                    <strong>{a}</strong>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">Nothing needs you right now.</p>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
