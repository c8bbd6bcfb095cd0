/**
 * Profiles and avatars through the route handlers, with a real embedded store: only the signed-in
 * account publishes its own profile; avatars are images of at most 64 KiB served by CID.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

// No index: names come from profile documents alone (vendor names would need the index).
process.env.MOSAIC_SUBGRAPH_URL = "http://127.0.0.1:9/";

const { alice, bob, request, signIn } = await import("./harness.ts");
const profilesRoute = await import("../../../web/app/api/profiles/route.ts");
const avatarRoute = await import("../../../web/app/api/profiles/avatar/route.ts");
const avatarFile = await import("../../../web/app/api/profiles/avatar/[cid]/route.ts");

// A 1×1 PNG.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

async function postAvatar(bytes: Uint8Array, cookie?: string) {
  const body = new Blob([new Uint8Array(bytes)]);
  const response = await avatarRoute.POST(
    request("/api/profiles/avatar", { method: "POST", headers: { "content-type": "image/png" }, body, cookie }),
  );
  return { status: response.status, body: (await response.json()) as { cid?: string; error?: string } };
}

async function postProfile(content: unknown, cookie?: string) {
  const response = await profilesRoute.POST(
    request("/api/profiles", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(content),
      cookie,
    }),
  );
  return { status: response.status, body: (await response.json()) as { cid?: string; error?: string } };
}

async function profileOf(address: string) {
  const response = await profilesRoute.GET(request(`/api/profiles?address=${address}`));
  return (await response.json()) as {
    identity: { name: string | null; bio: string | null; avatar: string | null };
    profile: { name: string; bio?: string; address: string } | null;
  };
}

describe("POST /api/profiles/avatar", () => {
  it("stores a PNG by its CID and serves it as an image that cannot run script", async () => {
    const cookie = await signIn(alice);
    const { status, body } = await postAvatar(PNG, cookie);
    assert.equal(status, 201, body.error);
    const served = await avatarFile.GET(request(`/api/profiles/avatar/${body.cid}`), {
      params: Promise.resolve({ cid: body.cid! }),
    });
    assert.equal(served.status, 200);
    assert.equal(served.headers.get("content-type"), "image/png");
    assert.equal(served.headers.get("content-security-policy"), "default-src 'none'");
    assert.deepEqual(Buffer.from(await served.arrayBuffer()), PNG);
  });

  it("refuses an avatar over 64 KiB with 413", async () => {
    const cookie = await signIn(alice);
    const big = Buffer.concat([PNG, Buffer.alloc(64 * 1024)]);
    const { status, body } = await postAvatar(big, cookie);
    assert.equal(status, 413);
    assert.match(body.error!, /avatar too large: at most 64 KiB/);
  });

  it("refuses what is not a PNG, JPEG, GIF or WebP image (SVG can carry script)", async () => {
    const cookie = await signIn(alice);
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const { status, body } = await postAvatar(svg, cookie);
    assert.equal(status, 400);
    assert.match(body.error!, /PNG, JPEG, GIF or WebP/);
  });

  it("refuses an upload without a session", async () => {
    assert.equal((await postAvatar(PNG)).status, 401);
  });
});

describe("POST /api/profiles", () => {
  it("publishes the signed-in account's name, bio and avatar, keeping a script in the bio as plain text", async () => {
    const cookie = await signIn(bob);
    const avatar = (await postAvatar(PNG, cookie)).body.cid!;
    const bio = "Builds indexers. <script>alert('x')</script>";
    const { status, body } = await postProfile({ name: "Bob Builder", bio, avatar }, cookie);
    assert.equal(status, 201, body.error);
    const { identity, profile } = await profileOf(bob.address);
    assert.equal(identity.name, "Bob Builder");
    assert.equal(identity.bio, bio);
    assert.equal(identity.avatar, avatar);
    assert.equal(profile?.address, bob.address.toLowerCase(), "stored under its author");
  });

  it("makes the latest publication the profile, even an earlier text published again", async () => {
    const cookie = await signIn(bob);
    await postProfile({ name: "Robert" }, cookie);
    assert.equal((await profileOf(bob.address)).identity.name, "Robert");
    await postProfile({ name: "Bob Builder" }, cookie);
    assert.equal((await profileOf(bob.address)).identity.name, "Bob Builder");
  });

  it("refuses an avatar CID that names no stored image, a missing name and unknown fields", async () => {
    const cookie = await signIn(alice);
    const unknown = await postProfile(
      { name: "Alice", avatar: "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy" },
      cookie,
    );
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.error!, /names no stored avatar/);
    assert.match((await postProfile({ bio: "no name" }, cookie)).body.error!, /content\.name is required/);
    assert.match(
      (await postProfile({ name: "A", role: "admin" }, cookie)).body.error!,
      /content\.role is not a known field/,
    );
    assert.match((await postProfile({ name: "x".repeat(61) }, cookie)).body.error!, /at most 60 characters/);
  });

  it("refuses a write without a session: nobody publishes a profile for someone else", async () => {
    const { status } = await postProfile({ name: "Mallory" });
    assert.equal(status, 401);
  });

  it("names an address without a profile by nothing (the pages show its identicon and short address)", async () => {
    const { identity, profile } = await profileOf("0x000000000000000000000000000000000000dead");
    assert.equal(identity.name, null);
    assert.equal(profile, null);
  });
});
