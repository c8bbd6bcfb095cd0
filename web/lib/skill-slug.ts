/**
 * Skill tags are curated slugs (IVendorRegistry): 1 to 32 lowercase ASCII letters and digits, with
 * single hyphens between them. Anything else (upper case, spaces, accents, look-alikes) is refused by
 * the registry, so forms check it first and suggest the slug. The dApp encodes tags like
 * `encodeBytes32String` (31 bytes at most).
 */
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function isSkillSlug(name: string): boolean {
  return name.length <= 31 && SLUG.test(name);
}

/** "Smart Contracts" -> "smart-contracts"; "" when nothing usable is left. */
export function skillSlugOf(name: string): string {
  return name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 31)
    .replace(/-+$/, "");
}

/** Why `name` cannot be a skill tag, with the slug to use instead; null when it is a slug. */
export function skillSlugProblem(name: string): string | null {
  if (isSkillSlug(name)) return null;
  const slug = skillSlugOf(name);
  return `"${name}" is not a skill tag: tags are lowercase letters, digits and single hyphens${slug ? ` (try "${slug}")` : ""}.`;
}
