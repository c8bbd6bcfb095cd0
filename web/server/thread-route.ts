/** What the job routes (`/api/jobs/<id>/…`) share: the signed-in reader and the job's parties. */
import { readSession, type Session } from "./auth/session.ts";
import { serverConfig } from "./config.ts";
import { jsonError } from "./http.ts";
import { SubgraphError } from "./subgraph.ts";
import { jobParties, threadRole, type JobParties, type ThreadRole } from "./thread.ts";

export type JobReader =
  | { ok: true; session: Session; parties: JobParties; role: ThreadRole | null; chainId: number }
  | { ok: false; response: Response };

/** The session (401 without one) and the job's parties (404 for an unknown job, 502 without an index). */
export async function jobReader(request: Request, id: string): Promise<JobReader> {
  const found = await readSession(request);
  if (!found.ok) return { ok: false, response: jsonError(401, found.reason) };
  const { chainId } = serverConfig();
  let parties: JobParties | null;
  try {
    parties = await jobParties(id);
  } catch (error) {
    if (error instanceof SubgraphError) return { ok: false, response: jsonError(502, error.message) };
    throw error;
  }
  if (!parties) return { ok: false, response: jsonError(404, `no job ${id}`) };
  const role = await threadRole(chainId, parties, found.session.address);
  return { ok: true, session: found.session, parties, role, chainId };
}

export const NOT_A_PARTY =
  "this job's thread is private: only its client, its vendor, a vendor that quoted it and, once it is disputed, its arbiter may read it";
