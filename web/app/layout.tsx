import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import type { ReactNode } from "react";
import { InboxLink } from "@/components/inbox/inbox-link";
import { PauseBanner } from "@/components/pause-banner";
import { LazyWallet, NetworkBannerSlot, WalletSlot } from "@/components/wallet/lazy-wallet";
import { publicConfig } from "@/server/public-config";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Mosaic — outsourcing with milestone escrow", template: "%s · Mosaic" },
  description:
    "Post a job in milestones, escrow each one on chain, hire vendors ranked by ratings from paid work. 0.5% platform fee.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#0f3d5e" };

/** A remembered wagmi connection in the cookie means the wallet code should load right away. */
function remembersConnection(cookie: string | null): boolean {
  if (!cookie) return false;
  const match = /(?:^|;\s*)wagmi\.store=([^;]*)/.exec(cookie);
  if (!match) return false;
  try {
    return /"current":"[^"]+"/.test(decodeURIComponent(match[1]));
  } catch {
    return false;
  }
}

function NavLinks() {
  return (
    <>
      <li>
        <Link href="/">Jobs</Link>
      </li>
      <li>
        <Link href="/jobs/new">Post a job</Link>
      </li>
      <li>
        <Link href="/me">My jobs</Link>
      </li>
      <li>
        <Link href="/projects">Projects</Link>
      </li>
      <li>
        <Link href="/vendor/jobs">Find work</Link>
      </li>
      <li>
        <Link href="/audit">Audit</Link>
      </li>
    </>
  );
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const cookie = (await headers()).get("cookie");
  const config = await publicConfig();
  const remembered = remembersConnection(cookie);
  return (
    // The wallet-remembered mark says the wallet code will arrive and reconnect the remembered
    // wallet (html[data-wallet-runtime='loaded'] once it has); the page does not mount again.
    <html lang="en" data-wallet-remembered={remembered ? "true" : undefined}>
      <body>
        <LazyWallet
          config={config}
          walletCookie={cookie}
          remembered={remembered}
          hasSessionCookie={/(?:^|;\s*)mosaic_session=[^;]/.test(cookie ?? "")}
        >
          <a className="skip-link" href="#main">
            Skip to content
          </a>
          <header className="site-header">
            <nav aria-label="Main" className="nav">
              <Link href="/" className="brand">
                Mosaic
              </Link>
              <ul className="nav-links">
                <NavLinks />
              </ul>
              {/* Small screens: the same links behind one button. */}
              <details className="nav-menu">
                <summary className="button">Menu</summary>
                <ul>
                  <NavLinks />
                </ul>
              </details>
            </nav>
            <div className="header-end">
              <InboxLink />
              <WalletSlot />
            </div>
          </header>
          <NetworkBannerSlot />
          <PauseBanner />
          <main id="main" className="main">
            {children}
          </main>
          <footer className="site-footer">
            <p>
              Mosaic on {config.chainName} (chain {config.chainId}). Escrow {config.contracts?.escrow ?? "not deployed"}
              .
            </p>
            <p>
              <Link href="/vendor/profile">Vendor profile</Link> · <Link href="/vendor/payouts">Payouts</Link> ·{" "}
              <Link href="/hours">Hour banks</Link> · <Link href="/projects">Projects</Link> ·{" "}
              <Link href="/arbiter">Arbiter</Link> · <Link href="/operator">Operator</Link>
            </p>
          </footer>
        </LazyWallet>
      </body>
    </html>
  );
}
