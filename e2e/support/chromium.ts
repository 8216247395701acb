import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium (apt install chromium); never a downloaded browser. */
export const chromiumPath = process.env.QUNCE_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Why the browser tests cannot run here, or undefined when they can. Outside CI a missing Chromium
 * skips them with this reason; with CI=true it is a failure (global-setup.ts throws).
 */
export function chromiumMissingReason(): string | undefined {
  return existsSync(chromiumPath)
    ? undefined
    : `Chromium not found at ${chromiumPath} (install Debian's chromium or set QUNCE_CHROMIUM)`;
}

export function isCi(): boolean {
  return process.env.CI === 'true' || process.env.CI === '1';
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
