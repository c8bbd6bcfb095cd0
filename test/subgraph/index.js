// Lets `node --test test/subgraph/` work on Node 22, which resolves a directory argument as a
// module (this file) instead of searching it for tests: runs every *.test.ts here.
import { readdirSync } from "node:fs";

const files = readdirSync(import.meta.dirname).filter((name) => name.endsWith(".test.ts"));
for (const name of files.sort()) await import(`./${name}`);
