import { SubgraphUnreachableError } from "../../../../../matching/index.ts";
import { json, jsonError } from "../../../../server/http.ts";
import { parseProposalRequest, ProposalError, proposeFromIndex } from "../../../../server/projects/proposal.ts";

export const dynamic = "force-dynamic";

/**
 * Body: the project's budget, time zone, working hours and parts, the client to leave out and the
 * swaps made so far (web/server/projects/proposal.ts). Answers `{ proposal }`, or `{ error }` with
 * 400 when the request is wrong or no team fits it (the message says which limit to move), 502
 * when the index cannot be read.
 */
export async function POST(request: Request) {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return jsonError(400, "the body must be JSON");
  }
  try {
    return json({ proposal: await proposeFromIndex(parseProposalRequest(body)) });
  } catch (error) {
    if (error instanceof ProposalError) return jsonError(400, error.message);
    if (error instanceof SubgraphUnreachableError) return jsonError(502, `the index cannot be read: ${error.message}`);
    throw error;
  }
}
