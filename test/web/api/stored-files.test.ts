/**
 * Uploaded files share one content-addressed record per CID: the same bytes uploaded as an avatar
 * and as a deliverable's attachment are served by both routes, whichever came first.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { alice, bob } from "./harness.ts";
import { readAttachment, writeAttachment } from "../../../web/server/documents/attachments.ts";
import { readAvatar, writeAvatar } from "../../../web/server/names.ts";

// A 1×1 PNG; a second one differs in its last byte of image data, so it has another CID.
const png = (last: number) =>
  Uint8Array.from(
    Buffer.from(
      `89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f0${last.toString(16).padStart(2, "0")}0005000201a5f8fb4f0000000049454e44ae426082`,
      "hex",
    ),
  );

describe("uploaded files", () => {
  it("serve an avatar's bytes as an attachment when a deliverable attaches the same image", async () => {
    const bytes = png(0x1f);
    const avatar = await writeAvatar(bytes, alice.address.toLowerCase());
    assert.ok(avatar.ok);
    const attached = await writeAttachment(bytes, bob.address.toLowerCase(), 31337, "7");
    assert.ok(attached.ok);
    assert.equal(attached.cid, avatar.cid);
    const read = await readAttachment(attached.cid);
    assert.ok(read.ok, JSON.stringify(read));
    assert.equal(read.type, "image/png");
  });

  it("serve an attachment's bytes as an avatar when a profile names the same image", async () => {
    const bytes = png(0x2f);
    const attached = await writeAttachment(bytes, bob.address.toLowerCase(), 31337, "8");
    assert.ok(attached.ok);
    const avatar = await writeAvatar(bytes, alice.address.toLowerCase());
    assert.ok(avatar.ok);
    assert.equal((await readAvatar(attached.cid))?.type, "image/png");
  });
});
