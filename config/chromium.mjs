// Where Chromium is looked for. Node built-ins only: scripts/bootstrap.mjs (which runs before
// node_modules exists) and config/env.ts both read it, so the launcher and the bootstrap agree.

/** Debian's Chromium, used unless CHROMIUM_PATH names another. */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/** The Chromium Puppeteer drives: CHROMIUM_PATH, else Debian's /usr/bin/chromium. */
export function chromiumPath() {
  return process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM_PATH;
}
