import { jsonError, json } from "../../../server/http.ts";
import { jobsOfClient } from "../../../server/my-jobs.ts";
import { SubgraphError } from "../../../server/subgraph.ts";

export const dynamic = "force-dynamic";

/** `?client=0x…`: the client's jobs, each with what needs attention, most urgent first. */
export async function GET(request: Request) {
  const client = new URL(request.url).searchParams.get("client");
  if (!client || !/^0x[0-9a-fA-F]{40}$/.test(client)) return jsonError(400, "client must be a 0x address");
  try {
    const jobs = await jobsOfClient(client);
    return json({ jobs: jobs.map((j) => ({ ...j, token: { ...j.token } })) });
  } catch (error) {
    if (error instanceof SubgraphError) return jsonError(502, error.message);
    throw error;
  }
}
