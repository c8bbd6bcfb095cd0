// Lints the TypeScript of scripts, tests, benchmarks, the indexer and matching.
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      "artifacts/**",
      "cache/**",
      "coverage/**",
      "types/**",
      "subgraph/**",
      "web/.next/**",
      "sdk/src/generated/**",
      ".data/**",
    ],
  },
  ...tseslint.configs.recommended,
  {
    // CommonJS on purpose: it must run under whatever Node npm started with, before anything else.
    files: ["scripts/setup/*.cjs"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
);
