/**
 * Gzipped JavaScript a page loads before any interaction: every script the server-rendered HTML
 * references (src= and preloads), fetched from a running server and gzipped at level 9.
 *   node web/scripts/first-load-js.ts http://127.0.0.1:3000/
 */
import { gzipSync } from "node:zlib";

const url = process.argv[2] ?? "http://127.0.0.1:3000/";
const html = await (await fetch(url)).text();
const scripts = new Set<string>();
// Modern browsers skip `nomodule` scripts (the legacy polyfills), so they are not counted.
for (const match of html.matchAll(/<script([^>]*)\ssrc="([^"]+)"([^>]*)>/g)) {
  if (!/nomodule/i.test(match[1] + match[3])) scripts.add(match[2]);
}
for (const match of html.matchAll(/<link[^>]*rel="preload"[^>]*as="script"[^>]*href="([^"]+)"/g)) scripts.add(match[1]);
for (const match of html.matchAll(/<link[^>]*as="script"[^>]*rel="preload"[^>]*href="([^"]+)"/g)) scripts.add(match[1]);
let raw = 0;
let gzipped = 0;
const inline = [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join("");
for (const src of scripts) {
  const body = Buffer.from(await (await fetch(new URL(src, url))).arrayBuffer());
  raw += body.length;
  if (process.argv.includes("--verbose")) console.error(src, body.length, gzipSync(body, { level: 9 }).length);
  gzipped += gzipSync(body, { level: 9 }).length;
}
const inlineGz = gzipSync(Buffer.from(inline), { level: 9 }).length;
console.log(
  JSON.stringify({
    url,
    scripts: scripts.size,
    rawBytes: raw,
    gzipBytes: gzipped,
    inlineGzipBytes: inlineGz,
    totalGzipKB: +((gzipped + inlineGz) / 1024).toFixed(1),
  }),
);
