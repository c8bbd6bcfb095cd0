/** An address query parameter (`?address=0x…`, `?vendor=0x…`), lower-cased; null when absent or malformed. */
export function addressParam(raw: string | string[] | undefined): string | null {
  const text = (Array.isArray(raw) ? raw[0] : raw)?.trim().toLowerCase();
  return text && /^0x[0-9a-f]{40}$/.test(text) ? text : null;
}
