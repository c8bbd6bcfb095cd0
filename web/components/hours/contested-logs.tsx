/** Hour-bank logs contested and waiting for this arbiter's ruling, each linked to its bank's page. */
import Link from "next/link";
import { contestedFor } from "@/server/hours";

export async function ContestedHourLogs({ arbiter }: { arbiter: string }) {
  const logs = await contestedFor(arbiter);
  return (
    <section aria-labelledby="hour-logs-title">
      <h2 id="hour-logs-title">Contested hour logs ({logs.length})</h2>
      {logs.length === 0 ? (
        <p>No hour-bank log is waiting for your ruling.</p>
      ) : (
        <ul aria-label="Contested hour logs">
          {logs.map((l) => (
            <li key={l.disputeId}>
              <Link href={`/hours/${l.bankId}`}>
                Hour bank {l.bankId}, log {l.logId}
              </Link>
              : the timesheet, the client&apos;s reason and your ruling form are on the bank&apos;s page.
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
