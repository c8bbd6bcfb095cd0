/**
 * An address as people see it: avatar (or identicon), display name linking to the address's page,
 * and the full address one click away. Resolved on the server in bulk (web/server/names.ts).
 */
import Link from "next/link";
import { shortHex } from "@/lib/format";
import { identityOf, profileHref, type Identity } from "@/server/names";
import { Identicon } from "./identicon";

export function Avatar({ identity, size = 24 }: { identity: Pick<Identity, "address" | "avatar">; size?: number }) {
  if (!identity.avatar) return <Identicon address={identity.address} size={size} />;
  return (
    <img
      src={`/api/profiles/avatar/${identity.avatar}`}
      alt=""
      width={size}
      height={size}
      className="avatar"
      style={{ borderRadius: "50%", objectFit: "cover", flex: "none" }}
    />
  );
}

/**
 * The identity already resolved (a page that looked many up at once). `full` shows the whole
 * address beside the name (facts about one job) instead of behind a click (lists).
 */
export function PersonView({
  identity,
  size = 24,
  full = false,
}: {
  identity: Identity;
  size?: number;
  full?: boolean;
}) {
  return (
    <span className="person" style={{ display: "inline-flex", alignItems: "center", gap: "0.35em", flexWrap: "wrap" }}>
      <Avatar identity={identity} size={size} />
      <Link href={profileHref(identity)} prefetch={false} className={identity.name ? "person-name" : "mono"}>
        {identity.name ?? shortHex(identity.address)}
      </Link>
      {full ? (
        <span className="mono wrap small">{identity.address}</span>
      ) : (
        <details className="person-address" style={{ display: "inline-block" }}>
          <summary className="muted small">{shortHex(identity.address)}</summary>
          <span className="mono wrap small">{identity.address}</span>
        </details>
      )}
    </span>
  );
}

/** Looks the address up (batched with every other on the page) and shows it. */
export async function Person({ address, size, full }: { address: string; size?: number; full?: boolean }) {
  return <PersonView identity={await identityOf(address)} size={size} full={full} />;
}
