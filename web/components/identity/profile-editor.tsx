"use client";
/**
 * Edit one's public face: display name, avatar image (stored by CID, at most 64 KiB) and a short
 * bio. Saving signs in with Ethereum when needed; the server stores the profile under the
 * signed-in account, so nobody can publish a profile for someone else.
 */
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useSiweSession } from "@/components/wallet/siwe-session";

export interface ProfileEditorProps {
  address: string;
  current: { name: string; bio?: string; avatar?: string } | null;
}

const MAX_AVATAR_BYTES = 64 * 1024;

export default function ProfileEditor({ address, current }: ProfileEditorProps) {
  const session = useSiweSession();
  const router = useRouter();
  const [name, setName] = useState(current?.name ?? "");
  const [bio, setBio] = useState(current?.bio ?? "");
  const [avatar, setAvatar] = useState<string | undefined>(current?.avatar);
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  const send = async (path: string, body: BodyInit, type: string) => {
    const response = await fetch(path, { method: "POST", headers: { "content-type": type }, body });
    const answer = (await response.json().catch(() => ({}))) as { cid?: string; error?: string };
    if (!response.ok || !answer.cid) throw new Error(answer.error ?? `the server answered ${response.status}`);
    return answer.cid;
  };

  const save = async () => {
    setProblem(null);
    setSaved(false);
    if (!name.trim()) return setProblem("Enter the name people will see.");
    if (file && file.size > MAX_AVATAR_BYTES) {
      return setProblem(`The image is ${Math.ceil(file.size / 1024)} KiB; an avatar can be at most 64 KiB.`);
    }
    if (session.state.status !== "signed-in" && !(await session.signIn())) {
      return setProblem("Sign in with Ethereum to save your profile; nothing was sent.");
    }
    try {
      const avatarCid = file
        ? await send("/api/profiles/avatar", file, file.type || "application/octet-stream")
        : avatar;
      const content = {
        name: name.trim(),
        ...(bio.trim() ? { bio: bio.trim() } : {}),
        ...(avatarCid ? { avatar: avatarCid } : {}),
      };
      await send("/api/profiles", JSON.stringify(content), "application/json");
      setAvatar(avatarCid);
      setFile(null);
      setSaved(true);
      router.refresh();
    } catch (error) {
      setProblem(`Your profile was not saved: ${(error as Error).message}.`);
    }
  };

  return (
    <form
      aria-label="Your public profile"
      className="card"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        void save().finally(() => setBusy(false));
      }}
    >
      <div className="field">
        <label htmlFor="profile-name">Display name</label>
        <input id="profile-name" value={name} maxLength={60} onChange={(e) => setName(e.target.value)} required />
      </div>
      <div className="field">
        <label htmlFor="profile-bio">Short bio</label>
        <textarea id="profile-bio" value={bio} maxLength={1000} rows={4} onChange={(e) => setBio(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="profile-avatar">Avatar image (PNG, JPEG, GIF or WebP, at most 64 KiB)</label>
        <input
          id="profile-avatar"
          type="file"
          accept="image/png,image/jpeg,image/gif,image/webp"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
        {avatar && !file && (
          <button type="button" className="button" onClick={() => setAvatar(undefined)}>
            Remove the avatar (show the identicon)
          </button>
        )}
      </div>
      <p className="muted small">Shown next to {address} wherever Mosaic names it.</p>
      <button type="submit" className="button primary" disabled={busy} aria-busy={busy}>
        Save profile
      </button>
      {saved && (
        <p role="status" className="ok">
          Profile saved.
        </p>
      )}
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
    </form>
  );
}
