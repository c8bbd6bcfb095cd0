import { notFound, redirect } from "next/navigation";

/** `/vendors?address=0x…` (the audit page's lookup form) goes to the vendor's page. */
export default async function VendorLookup({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { address } = await searchParams;
  const text = (Array.isArray(address) ? address[0] : address)?.trim() ?? "";
  if (/^0x[0-9a-fA-F]{40}$/.test(text)) redirect(`/vendors/${text.toLowerCase()}`);
  notFound();
}
