/**
 * Every row of an entity, paged through the index by `id_gt` (a list answers at most 1,000 items),
 * all pages read at one block so the rows form one consistent snapshot.
 */
import { querySubgraph } from "../../server/subgraph.ts";

export const PAGE_SIZE = 1000;

export async function* pageAll<T extends { id: string }>(options: {
  /** Plural query field, e.g. "payments". */
  collection: string;
  /** Selection set inside the braces. */
  fields: string;
  /** GraphQL `where` filters besides `id_gt`, e.g. `timestamp_gte: "1"`. */
  where?: Record<string, string | number | boolean>;
  block: number;
}): AsyncGenerator<T> {
  const filters = Object.entries(options.where ?? {}).map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
  for (let after: string | null = null; ;) {
    const where: string = [...filters, ...(after === null ? [] : [`id_gt: ${JSON.stringify(after)}`])].join(", ");
    const query: string = `{ page: ${options.collection}(first: ${PAGE_SIZE}, orderBy: id, orderDirection: asc, block: { number: ${options.block} }${
      where ? `, where: { ${where} }` : ""
    }) { id ${options.fields} } }`;
    const { page }: { page: T[] } = await querySubgraph<{ page: T[] }>(query);
    yield* page;
    if (page.length < PAGE_SIZE) return;
    after = page[page.length - 1].id;
  }
}
