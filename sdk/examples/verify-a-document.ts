/**
 * 4. Verify a document: check a job spec against its schema, compute its CID, and verify bytes
 *    fetched by CID (from the dApp's /api/documents/<cid>, a gateway, anywhere) against it.
 *
 *   node sdk/examples/verify-a-document.ts [documents base URL, e.g. http://127.0.0.1:3000/api/documents]
 */
import { documentBytes, documentCid, validateDocument, verifyDocument } from "@mosaic/sdk/documents";

const spec = {
  title: "Landing page for a DAO",
  description: "One page, responsive, with the governance stats from the subgraph.",
  skills: ["react", "design"],
  milestones: [{ title: "Design" }, { title: "Build" }],
};

console.log(`schema: ${validateDocument("job-spec", spec) ?? "valid job-spec"}`);
const cid = await documentCid(spec);
console.log(`CID: ${cid}`);

const bytes = documentBytes(spec);
const good = await verifyDocument(cid, bytes);
console.log(`the document's own bytes: ${good.ok ? "verified" : good.error}`);

const tampered = documentBytes({ ...spec, title: "Landing page for a DAO (cheaper)" });
const bad = await verifyDocument(cid, tampered);
console.log(`altered bytes: ${bad.ok ? "verified (wrong!)" : `rejected: ${bad.error}`}`);

// A stored document, when a documents server is given.
const base = process.argv[2];
if (base) {
  const response = await fetch(`${base}/${cid}`);
  if (response.ok) {
    const fetched = await verifyDocument(cid, new Uint8Array(await response.arrayBuffer()));
    console.log(`fetched from ${base}: ${fetched.ok ? "verified" : fetched.error}`);
  } else {
    console.log(`${base} does not have ${cid} (HTTP ${response.status})`);
  }
}
if (!good.ok || bad.ok) process.exit(1);
