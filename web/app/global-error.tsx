"use client";
/**
 * The last resort when the root layout itself fails: the whole document, since no layout is left
 * to render around it. Kept small and plain (it replaces Next's built-in page, which every page
 * would otherwise ship in its first load).
 */
import "./globals.css";

export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body>
        <main id="main" className="main">
          <h1>Mosaic could not be loaded</h1>
          <p role="alert">Something went wrong while loading the page. Try again, or come back in a minute.</p>
          <button type="button" className="button primary" onClick={reset}>
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
