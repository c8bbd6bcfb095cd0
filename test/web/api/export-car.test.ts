import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { CarReader } from "@ipld/car/reader";
import { DATA_DIR, postDocument, signIn } from "./harness.ts";
import { exportCar } from "../../../scripts/docs/export-car.ts";

describe("docs:export", () => {
  it("writes every stored document into a CAR file with the same CIDs and bytes", async () => {
    const cookie = await signIn();
    const cids: string[] = [];
    for (const text of ["first", "second", "third"]) {
      const response = await postDocument({ kind: "note", content: { text } }, cookie);
      cids.push(((await response.json()) as { cid: string }).cid);
    }
    const out = path.join(DATA_DIR, "docs.car");
    const { count } = await exportCar(out, DATA_DIR);
    assert.equal(count, 3);
    const reader = await CarReader.fromBytes(readFileSync(out));
    const roots = (await reader.getRoots()).map(String);
    assert.deepEqual(roots.sort(), [...cids].sort());
    for (const [i, text] of ["first", "second", "third"].entries()) {
      const block = await reader.get((await reader.getRoots()).find((r) => r.toString() === cids[i])!);
      assert.ok(block);
      assert.deepEqual(JSON.parse(new TextDecoder().decode(block.bytes)), { text });
    }
  });
});
