// Lets `node --test test/matching/` work on Node 22, which resolves a directory
// argument as a module (this file) instead of searching it for tests. It runs
// every *.test.ts here in one process; `node --test test/matching/*.test.ts`
// runs them one process per file instead.
import { readdirSync } from "node:fs";

const files = readdirSync(import.meta.dirname).filter((name) => name.endsWith(".test.ts"));
for (const name of files.sort()) await import(`./${name}`);
