"use client";
/**
 * Register or edit a vendor profile: skills, rate, time zone, availability on chain, and a profile
 * document (name, bio, links, past work) stored through the API and referenced by its CID.
 * The gas the transaction costs is estimated before the wallet is asked.
 */
import { useEffect, useMemo, useState } from "react";
import { formatEther, type Abi } from "viem";
import { getPublicClient } from "wagmi/actions";
import { vendorRegistryAbi } from "@mosaic/sdk/contracts";
import { cidDigest } from "@mosaic/sdk/documents";
import { TransactionStatus } from "@/components/tx/transaction";
import { usePublicConfig } from "@/components/wallet/context";
import { useSiweSession } from "@/components/wallet/siwe-session";
import type { ProfileEditorData } from "@/lib/vendor/profile-editor";
import { skillLabel, skillTagOf } from "@/lib/format";
import { skillSlugProblem } from "@/lib/skill-slug";
import { ConfirmPanel, useConfirmation } from "@/components/tx/confirm";
import { useContractCall } from "@/components/tx/use-contract-call";

const abi = vendorRegistryAbi as Abi;
/** Any non-zero digest costs the same gas as the real one. */
const PLACEHOLDER_DIGEST = `0x${"11".repeat(32)}`;

/** Every UTC offset in use: whole and half hours, and the three at :45 (Nepal, Eucla, Chatham). */
function offsets() {
  const out: number[] = [];
  for (let m = -720; m <= 840; m += 30) out.push(m);
  out.push(345, 525, 765);
  return out.sort((a, b) => a - b);
}

/** The registry stores the rate in a uint32 of cents. */
const MAX_RATE_CENTS = 2 ** 32 - 1;

function formatUsd(cents: number): string {
  return (cents / 100).toLocaleString("en-US", { style: "currency", currency: "USD" });
}

function offsetLabel(minutes: number) {
  const sign = minutes < 0 ? "−" : "+";
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

export default function ProfileForm({ data }: { data: ProfileEditorData }) {
  const { flow, call, config, connection, docked } = useContractCall();
  const confirmation = useConfirmation();
  const registry = usePublicConfig().contracts?.registry;
  const session = useSiweSession();
  const current = data.current;
  const [skills, setSkills] = useState<string[]>(current?.skills ?? []);
  const [other, setOther] = useState("");
  const [rate, setRate] = useState(current ? String(current.hourlyRateCents / 100) : "");
  const [offset, setOffset] = useState(String(current?.timezoneOffsetMinutes ?? -new Date().getTimezoneOffset()));
  const [hours, setHours] = useState(String(current?.availabilityHours ?? 20));
  const [name, setName] = useState(current?.document?.name ?? "");
  const [bio, setBio] = useState(current?.document?.bio ?? "");
  const [links, setLinks] = useState((current?.document?.links ?? []).join("\n"));
  const [portfolio, setPortfolio] = useState(
    (current?.document?.portfolio ?? []).map((p) => (p.url ? `${p.title} | ${p.url}` : p.title)).join("\n"),
  );
  const [problem, setProblem] = useState<string | null>(null);
  const [gas, setGas] = useState<{ gas: bigint; cost: bigint } | null>(null);

  const otherNames = other
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const tooLong = otherNames.find((s) => new TextEncoder().encode(s.toLowerCase()).length > 31);
  const allTags = useMemo(
    () => [
      ...new Set([
        ...skills,
        ...otherNames.filter((s) => s !== tooLong).map((s) => skillTagOf(s.toLowerCase()).toLowerCase()),
      ]),
    ],
    [skills, other],
  );
  const profile = {
    hourlyRateCents: Math.round(Number(rate) * 100),
    timezoneOffsetMinutes: Number(offset),
    availabilityHours: Number(hours),
  };
  const validRate =
    rate !== "" && Number.isFinite(Number(rate)) && Number(rate) >= 0 && profile.hourlyRateCents <= MAX_RATE_CENTS;
  const validHours =
    Number.isInteger(profile.availabilityHours) && profile.availabilityHours >= 0 && profile.availabilityHours <= 168;

  const qualifying = data.openJobs.filter(
    (j) =>
      j.requiredSkills.every((s) => allTags.includes(s.toLowerCase())) &&
      (j.minRating <= 0 || data.standing.adjustedRatingX100 >= j.minRating) &&
      data.standing.paidJobs >= j.minPaidJobs,
  ).length;
  const bySkills = data.openJobs.filter((j) => j.requiredSkills.every((s) => allTags.includes(s.toLowerCase()))).length;

  // Gas for the profile as it stands, with a placeholder CID of the usual length.
  useEffect(() => {
    if (!registry || !connection.address || !validRate || !validHours || allTags.length === 0) return setGas(null);
    let stale = false;
    const timer = setTimeout(async () => {
      try {
        const client = getPublicClient(config);
        if (!client) return;
        const [g, price] = await Promise.all([
          client.estimateContractGas({
            address: registry,
            abi,
            functionName: "setProfile",
            args: [profile, allTags, PLACEHOLDER_DIGEST],
            account: connection.address,
          } as never),
          client.getGasPrice(),
        ]);
        if (!stale) setGas({ gas: g, cost: g * price });
      } catch {
        if (!stale) setGas(null);
      }
    }, 400);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [registry, connection.address, allTags.join(","), rate, offset, hours]);

  const label = current?.registered ? "Save profile" : "Register as a vendor";
  const save = async () => {
    setProblem(null);
    if (!registry) return flow.fail(label, "Mosaic is not deployed on this chain");
    if (!name.trim()) return setProblem("Enter the name clients will see.");
    if (allTags.length === 0) return setProblem("Choose at least one skill.");
    if (tooLong) return setProblem(`"${tooLong}" is too long for a skill tag (31 bytes at most).`);
    const notSlug = otherNames.map((n) => skillSlugProblem(n.toLowerCase())).find(Boolean);
    if (notSlug) return setProblem(notSlug);
    // Tags come from the registry's curated table; only while the curator keeps creation open may a
    // profile add one.
    const unknown = allTags.filter((t) => !data.tagTable.includes(t));
    if (unknown.length > 0 && !data.tagCreationOpen) {
      const names = unknown.map((t) => `"${skillLabel(t as `0x${string}`)}"`).join(", ");
      return setProblem(
        `${names} ${unknown.length === 1 ? "is" : "are"} not in Mosaic's skill list, and new skills are added by its curator only: choose skills from the list above, or ask the curator to add ${unknown.length === 1 ? "it" : "them"}.`,
      );
    }
    if (!validRate) {
      return setProblem(
        rate.trim() !== "" && Number(rate) >= 0
          ? `That rate is too high: at most ${formatUsd(MAX_RATE_CENTS)} per hour.`
          : "Enter your hourly rate in US dollars.",
      );
    }
    if (!validHours) return setProblem("Availability is a whole number of hours per week, 0 to 168.");
    const badLink = links
      .split(/\s+/)
      .filter(Boolean)
      .find((l) => !/^https?:\/\//.test(l));
    if (badLink) return setProblem(`"${badLink}" is not a web address (https://…).`);
    if (session.state.status !== "signed-in" && !(await session.signIn())) {
      return flow.fail(label, "sign in with Ethereum to store your profile document; nothing was sent");
    }
    const content = {
      version: 1,
      name: name.trim(),
      ...(bio.trim() ? { bio: bio.trim() } : {}),
      links: links.split(/\s+/).filter(Boolean),
      portfolio: portfolio
        .split("\n")
        .map((l) => l.trim())
        .filter(Boolean)
        .map((l) => {
          const [title, url] = l.split("|").map((s) => s.trim());
          return url && /^https?:\/\//.test(url) ? { title, url } : { title: l };
        }),
    };
    const response = await fetch("/api/documents", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind: "vendor-profile", content }),
    });
    const body = (await response.json().catch(() => ({}))) as { cid?: string; error?: string };
    if (!response.ok || !body.cid)
      return flow.fail(label, `the profile document could not be stored: ${body.error ?? response.status}`);
    await call(label, registry, abi, "setProfile", [profile, allTags, cidDigest(body.cid)]);
  };

  return (
    <form
      aria-label="Vendor profile"
      onSubmit={(e) => {
        e.preventDefault();
        void flow.exclusive("Save profile", save);
      }}
    >
      <fieldset className="card">
        <legend>Skills</legend>
        <p className="hint">
          Open jobs name the skills a vendor must list to claim them; the number is how many open jobs ask for it.
        </p>
        <div className="row">
          {data.skills.map((s) => {
            const asked = data.openJobs.filter((j) => j.requiredSkills.some((r) => r.toLowerCase() === s.tag)).length;
            return (
              <label key={s.tag} style={{ minWidth: "12rem" }}>
                <input
                  type="checkbox"
                  checked={skills.includes(s.tag)}
                  onChange={(e) => setSkills(e.target.checked ? [...skills, s.tag] : skills.filter((x) => x !== s.tag))}
                />{" "}
                {s.name}
                {asked > 0 && <span className="muted small"> ({asked} open)</span>}
              </label>
            );
          })}
        </div>
        <div className="field">
          <label htmlFor="profile-other-skills">Other skills (comma-separated)</label>
          <input id="profile-other-skills" value={other} onChange={(e) => setOther(e.target.value)} />
        </div>
        <p role="status" aria-live="polite">
          With these skills you list what {bySkills} of {data.openJobs.length} open jobs require
          {bySkills !== qualifying ? `; your rating and paid jobs let you claim ${qualifying} of them` : ""}.
        </p>
      </fieldset>
      <div className="row">
        <div className="field">
          <label htmlFor="profile-rate">Hourly rate (USD)</label>
          <input
            id="profile-rate"
            type="number"
            min="0"
            step="1"
            inputMode="decimal"
            value={rate}
            onChange={(e) => setRate(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="profile-timezone">Time zone</label>
          <select id="profile-timezone" value={offset} onChange={(e) => setOffset(e.target.value)}>
            {offsets().map((m) => (
              <option key={m} value={m}>
                {offsetLabel(m)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="profile-hours">Availability (hours per week)</label>
          <input
            id="profile-hours"
            type="number"
            min="0"
            max="168"
            step="1"
            value={hours}
            onChange={(e) => setHours(e.target.value)}
          />
        </div>
      </div>
      <fieldset className="card">
        <legend>Profile document</legend>
        <p className="hint">
          Your avatar, and a display name or bio that replaces these everywhere, are set on{" "}
          <a href="/me/profile">your public profile</a>.
        </p>
        <div className="field">
          <label htmlFor="profile-name">Name</label>
          <input id="profile-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={120} />
        </div>
        <div className="field">
          <label htmlFor="profile-bio">Bio</label>
          <textarea id="profile-bio" rows={4} value={bio} onChange={(e) => setBio(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="profile-links">Links (one per line)</label>
          <textarea id="profile-links" rows={2} value={links} onChange={(e) => setLinks(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="profile-portfolio">Past work (one per line: title | https://link)</label>
          <textarea id="profile-portfolio" rows={3} value={portfolio} onChange={(e) => setPortfolio(e.target.value)} />
        </div>
      </fieldset>
      <p aria-live="polite">
        {gas
          ? `Saving costs about ${gas.gas.toLocaleString("en-US")} gas (≈ ${Number(formatEther(gas.cost)).toPrecision(3)} ETH at the current gas price).`
          : "The gas estimate appears once the profile is complete."}
      </p>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button primary" disabled={flow.busy}>
          {label}
        </button>
        {current?.registered && (
          <button
            type="button"
            className="button danger"
            disabled={flow.busy || !registry}
            onClick={() =>
              registry &&
              confirmation.ask({
                label: "Remove my profile",
                question:
                  "Removing your profile takes you off the board and out of matching: clients can no longer find or hire you until you register again. Your ratings stay on chain.",
                run: () => call("Remove profile", registry, abi, "deregister", []),
              })
            }
          >
            Remove my profile
          </button>
        )}
      </div>
      <ConfirmPanel pending={confirmation.pending} onDone={confirmation.clear} disabled={flow.busy} />
      {!docked && <TransactionStatus phase={flow.phase} />}
    </form>
  );
}
