import Link from "next/link";

/** Links between the vendor's pages. */
export function VendorNav({ current }: { current: "jobs" | "profile" | "payouts" }) {
  const links = [
    { key: "jobs", href: "/vendor/jobs", text: "Jobs for you" },
    { key: "profile", href: "/vendor/profile", text: "Your profile" },
    { key: "payouts", href: "/vendor/payouts", text: "Payouts" },
  ] as const;
  return (
    <nav aria-label="Vendor" className="meta">
      {links.map((l) =>
        l.key === current ? (
          <span key={l.key} aria-current="page">
            {l.text}
          </span>
        ) : (
          <Link key={l.key} href={l.href}>
            {l.text}
          </Link>
        ),
      )}
    </nav>
  );
}
