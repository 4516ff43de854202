import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

/** Debian's Chromium, installed by scripts/install-chromium.sh. No browser is ever downloaded. */
export const CHROMIUM = "/usr/bin/chromium";

/**
 * Whether the browser tests can run. Without Chromium they are skipped with a loud notice,
 * unless CI is set: then they fail, since .ci/run installs it.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  const message = `${CHROMIUM} is missing, so the offline guide's browser tests cannot run: install it with scripts/install-chromium.sh (apt-get install chromium).`;
  if (process.env.CI) throw new Error(message);
  process.stderr.write(
    `\n${"!".repeat(100)}\n!! SKIPPING THE OFFLINE GUIDE'S BROWSER TESTS. ${message}\n${"!".repeat(100)}\n\n`,
  );
  return false;
}

/**
 * Headless Chromium with everything that would reach for the network switched off (the machine
 * has none; background services would otherwise flood refused connections). Playwright gives
 * each launch a fresh temporary profile of its own.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
