/**
 * Shown at the top of every page while the operator has paused new business, before the visitor
 * fills anything in: what does not work now, and what still does.
 */
import { newBusinessPaused } from "@/server/paused";

export async function PauseBanner() {
  if (!(await newBusinessPaused())) return null;
  return (
    <div role="alert" className="banner warning" aria-label="New business paused">
      <strong>New business is paused.</strong> The operator has paused Mosaic: posting and funding jobs, hiring and
      claiming are refused until it resumes. Work already escrowed goes on: submitting, approving, refunds, disputes and
      withdrawals still work.
    </div>
  );
}
