/**
 * Debian's Chromium, headless, through playwright-core (no downloaded browser). The flags keep it
 * offline and quiet: no background networking, and every host name except localhost and
 * 127.0.0.1 resolves to nothing, so a page that reaches for the internet fails visibly.
 */
import { existsSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROME_PATH ?? "/usr/bin/chromium";

export const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
];

/** Launches Chromium with a fresh profile (playwright gives each launch its own user-data-dir). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}. Install Debian's: apt-get install -y chromium fonts-liberation ` +
        "(or set CHROME_PATH). Never `npx playwright install`: it downloads a browser.",
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS });
}

/**
 * A new context with the app's base URL, a phone-free desktop viewport and English. Its pages'
 * `goto` and `reload` return once a remembered wallet connection is back (the app marks both
 * states on <html>). The page no longer mounts again when the wallet code arrives (a click in
 * that moment takes effect: wallet-remount.test.ts), but until then the header offers "Connect
 * wallet" and wallet sections show their connect prompts: a test acting as a returning user reads
 * the page it would see with its wallet, and a check that something is absent is not passed by
 * the interim page.
 */
export async function newContext(browser: Browser, baseURL?: string): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 1280, height: 900 },
    locale: "en-US",
    timezoneId: "UTC",
  });
  context.on("page", settleNavigations);
  boundClose(context);
  return context;
}

/** How long `context.close()` waits for Chromium to confirm that the context is gone. */
const CONTEXT_CLOSE_MS = 10_000;

/**
 * `close` returns once Chromium confirms, or after CONTEXT_CLOSE_MS. Now and then Chromium never
 * confirms (once in 126 closes right after an account switch on a loaded machine, where a close
 * takes about 0.1 s): the test had finished, but its file then waited for the runner's timeout.
 * The context is left to the browser, which closes with the file.
 */
function boundClose(context: BrowserContext): void {
  const close = context.close.bind(context);
  context.close = async (...args: Parameters<BrowserContext["close"]>) => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), CONTEXT_CLOSE_MS)));
    const outcome = await Promise.race([close(...args), late]);
    clearTimeout(timer);
    if (outcome === "late") {
      process.stderr.write(
        `Chromium did not confirm closing a browser context within ${CONTEXT_CLOSE_MS / 1000} s; going on\n`,
      );
    }
  };
}

function settleNavigations(page: Page): void {
  const goto = page.goto.bind(page);
  const reload = page.reload.bind(page);
  page.goto = async (...args: Parameters<Page["goto"]>) => {
    const response = await goto(...args);
    await walletSettled(page);
    return response;
  };
  page.reload = async (...args: Parameters<Page["reload"]>) => {
    const response = await reload(...args);
    await walletSettled(page);
    return response;
  };
}

/** Waits, on a page whose server saw a remembered wallet connection, for the wallet code to be mounted. */
async function walletSettled(page: Page): Promise<void> {
  await page
    .waitForFunction(() => {
      const { walletRemembered, walletRuntime } = document.documentElement.dataset;
      return walletRemembered !== "true" || walletRuntime === "loaded";
    })
    .catch(() => {
      // A page that never loads the wallet (an error page, a closed context) is judged by the test itself.
    });
}
