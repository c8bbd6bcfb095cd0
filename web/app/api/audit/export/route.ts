import { csvLines, RECORD_KINDS, type RecordKind } from "../../../../lib/audit/csv-export.ts";
import { parsePeriod } from "../../../../lib/audit/period.ts";
import { AuditInputError, indexStatus, rpcClient } from "../../../../lib/audit/reconcile.ts";
import { SubgraphError } from "../../../../server/subgraph.ts";

export const dynamic = "force-dynamic";

function problem(status: number, error: string): Response {
  return Response.json({ error }, { status });
}

/**
 * `GET /api/audit/export?from=YYYY-MM-DD&to=YYYY-MM-DD[&block=N][&kinds=payment,refund,fee,rating,bank_payment,...]`:
 * every payment, refund, fee accrual and rating of the period (UTC days, `to` inclusive), then the
 * hour banks' payments, refunds and ratings (`bank_payment`, `bank_refund`, `bank_rating`), as CSV,
 * all read at one block (default: the latest indexed block), streamed while it is paged out of the index.
 */
export async function GET(request: Request) {
  const url = new URL(request.url);
  const from = url.searchParams.get("from") ?? undefined;
  const to = url.searchParams.get("to") ?? undefined;
  for (const [name, value] of [
    ["from", from],
    ["to", to],
  ] as const) {
    if (value !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
      return problem(400, `"${name}" must be a date as YYYY-MM-DD (UTC), got "${value}".`);
    }
  }
  const kindsText = url.searchParams.get("kinds");
  const kinds = kindsText ? (kindsText.split(",") as RecordKind[]) : RECORD_KINDS;
  const unknown = kinds.filter((k) => !RECORD_KINDS.includes(k));
  if (unknown.length) return problem(400, `Unknown record kind "${unknown[0]}"; use ${RECORD_KINDS.join(", ")}.`);

  let block: number;
  try {
    const status = await indexStatus();
    const blockText = url.searchParams.get("block");
    block = blockText === null || blockText === "" ? status.indexedBlock : Number(blockText);
    if (!Number.isSafeInteger(block) || block < 0)
      return problem(400, `"block" must be a whole number, got "${blockText}".`);
    if (block > status.indexedBlock) {
      return problem(
        409,
        `The index has processed blocks up to ${status.indexedBlock}; block ${block} is not indexed yet.`,
      );
    }
  } catch (error) {
    if (error instanceof SubgraphError || error instanceof AuditInputError) return problem(503, error.message);
    throw error;
  }
  // Without dates, the 30 days up to the block's own time (a local chain's clock runs ahead of the wall clock).
  const blockTime = await rpcClient()
    .getBlock({ blockNumber: BigInt(block) })
    .then((b) => Number(b.timestamp))
    .catch(() => Math.floor(Date.now() / 1000));
  const period = parsePeriod(from, to, blockTime);
  const lines = csvLines(period, block, kinds);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await lines.next();
        if (done) controller.close();
        else controller.enqueue(encoder.encode(value));
      } catch (error) {
        // Headers are gone already: end the file with a line that cannot be mistaken for data.
        controller.enqueue(encoder.encode(`# export failed: ${(error as Error).message}\r\n`));
        controller.error(error);
      }
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  const name = `mosaic-${period.fromDate}-to-${period.toDate}-block-${block}.csv`;
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${name}"`,
      "cache-control": "no-store",
      "x-mosaic-block": String(block),
      "x-mosaic-period": `${period.from}-${period.to}`,
    },
  });
}
