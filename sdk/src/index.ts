/**
 * @mosaic/sdk: one typed client for Mosaic's contracts, signed messages, documents and index.
 * Every part is also its own entry point (`@mosaic/sdk/typed-data`, `/jobs`, `/documents`,
 * `/index-client`, `/amounts`, `/errors`, `/contracts`); import from those to load only what you use.
 * `@mosaic/sdk/saved-queries` (Node only: it reads files) is not re-exported here.
 */
export * from "./contracts.ts";
export * from "./typed-data.ts";
export * from "./errors.ts";
export * from "./jobs.ts";
export * from "./documents.ts";
export * from "./index-client.ts";
export * from "./amounts.ts";
