import PostJobForm from "./post-job-form";
import type { PostJobOptions } from "./types";

/**
 * The form renders on the server and works before any wallet code loads; its wallet half arrives
 * with the wallet runtime on the form's first interaction (see post-job-form.tsx).
 */
export function PostJobSlot({ options }: { options: PostJobOptions }) {
  return <PostJobForm options={options} />;
}
