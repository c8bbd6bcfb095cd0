import type { Metadata } from "next";
import { MyJobsSlot } from "@/components/me/my-jobs-slot";

export const metadata: Metadata = { title: "My jobs" };

export default function MePage() {
  return (
    <>
      <h1>My jobs</h1>
      <MyJobsSlot />
    </>
  );
}
