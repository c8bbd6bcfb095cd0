// Query field names as graph-node derives them from entity type names.

const UNCOUNTABLE = new Set([
  "equipment",
  "information",
  "rice",
  "money",
  "species",
  "series",
  "fish",
  "sheep",
  "jeans",
  "police",
]);
const IRREGULAR: [RegExp, string][] = [
  [/person$/i, "people"],
  [/man$/i, "men"],
  [/child$/i, "children"],
  [/sex$/i, "sexes"],
  [/move$/i, "moves"],
];
const RULES: [RegExp, string][] = [
  [/(quiz)$/i, "$1zes"],
  [/^(oxen)$/i, "$1"],
  [/^(ox)$/i, "$1en"],
  [/(matr|vert|ind)(?:ix|ex)$/i, "$1ices"],
  [/(x|ch|ss|sh)$/i, "$1es"],
  [/([^aeiouy]|qu)y$/i, "$1ies"],
  [/(hive)$/i, "$1s"],
  [/(?:([^f])fe|([lr])f)$/i, "$1$2ves"],
  [/sis$/i, "ses"],
  [/([ti])a$/i, "$1a"],
  [/([ti])um$/i, "$1a"],
  [/(buffal|tomat)o$/i, "$1oes"],
  [/(bu)s$/i, "$1ses"],
  [/(alias|status)$/i, "$1es"],
  [/(octop|vir)i$/i, "$1i"],
  [/(octop|vir)us$/i, "$1i"],
  [/^(ax|test)is$/i, "$1es"],
  [/s$/i, "s"],
  [/$/, "s"],
];

export function pluralize(word: string): string {
  const lastWord = /[A-Z]?[a-z0-9]*$/.exec(word)?.[0].toLowerCase() ?? word;
  if (UNCOUNTABLE.has(lastWord)) return word;
  for (const [pattern, replacement] of IRREGULAR)
    if (pattern.test(word)) return word.replace(pattern, (m) => keepCase(m, replacement));
  for (const [pattern, replacement] of RULES) if (pattern.test(word)) return word.replace(pattern, replacement);
  return word;
}

function keepCase(original: string, replacement: string): string {
  return original[0] === original[0].toUpperCase() ? replacement[0].toUpperCase() + replacement.slice(1) : replacement;
}

/** `FeeAccrual` -> `feeAccrual` and `feeAccruals`; `_collection` when both are equal. */
export function queryFieldNames(typeName: string): { single: string; collection: string } {
  const single = typeName[0].toLowerCase() + typeName.slice(1);
  const plural = pluralize(single);
  return { single, collection: plural === single ? `${single}_collection` : plural };
}
