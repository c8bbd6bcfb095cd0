import type { Metadata } from "next";
import Link from "next/link";
import { MyJobsSlot } from "@/components/me/my-jobs-slot";

export const metadata: Metadata = { title: "My jobs" };

export default function MePage() {
  return (
    <>
      <h1>My jobs</h1>
      <p>
        <Link href="/me/profile">Your public profile</Link>: the name, avatar and bio shown wherever your address
        appears.
      </p>
      <MyJobsSlot />
    </>
  );
}
