// Debian's Chromium through playwright-core, as every browser test opens it: a throw-away profile,
// headless, nothing fetched from the network, one page; close() removes the profile.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export interface Chromium {
  ctx: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface ChromiumOptions {
  viewport?: { width: number; height: number };
  /** The page's locale, and the browser's UI language with it. */
  locale?: string;
  acceptDownloads?: boolean;
}

export async function openChromium(opts: ChromiumOptions = {}): Promise<Chromium> {
  const profile = mkdtempSync(join(tmpdir(), 'wes-chromium-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: opts.viewport ?? { width: 1366, height: 900 },
    ...(opts.locale ? { locale: opts.locale } : {}),
    ...(opts.acceptDownloads ? { acceptDownloads: true } : {}),
    args: opts.locale ? [...ARGS, `--lang=${opts.locale}`] : ARGS,
  });
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  return {
    ctx,
    page,
    close: async () => {
      await ctx.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
