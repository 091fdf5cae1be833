// Shared set-up for the browser tests: the release build served on loopback, Debian's Chromium.
import { spawn } from 'node:child_process';
import { readFileSync, mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const root = new URL('..', import.meta.url).pathname;
export const outDir = `${root}e2e/out`;
mkdirSync(outDir, { recursive: true });

export function fixture(path) {
  return readFileSync(`${root}tests/fixtures/${path}`, 'utf8');
}

/**
 * Starts scripts/serve.mjs on a free loopback port for `dir`; resolves to { url, stop }.
 * `{ brotli: true }` (the bench): files go out brotli-compressed, as a static host sends them.
 */
export function serve(dir = `${root}dist`, { brotli = false } = {}) {
  return new Promise((resolvePromise, reject) => {
    // KVDOCTOR_TEST_DOH: the public DNS stand-in (public-dns.test.mjs).
    const env = { ...process.env, KVDOCTOR_TEST_DOH: '1', KVDOCTOR_SERVE_BROTLI: brotli ? '1' : '' };
    const child = spawn(process.execPath, [`${root}scripts/serve.mjs`, dir, '0'], { stdio: ['ignore', 'pipe', 'inherit'], env });
    child.on('error', reject);
    child.stdout.on('data', (chunk) => {
      const match = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(String(chunk));
      if (match) resolvePromise({ url: match[0], stop: () => child.kill() });
    });
  });
}

const flags = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
];

export function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: flags });
}

/**
 * An init script that opens the report's folded groups (open, passed, do not apply) as soon as
 * they appear, as a reader opening each would: most tests look at every step, and a folded card
 * is not visible. `openPage` adds it unless `{ folded: true }`.
 */
export function openFolds() {
  const open = () => {
    for (const fold of document.querySelectorAll('.report details.open-steps, .report details.passed, .report details.skipped')) {
      if (!fold.dataset.opened) {
        fold.dataset.opened = 'by-test';
        fold.open = true;
      }
    }
  };
  new MutationObserver(open).observe(document, { childList: true, subtree: true });
}

/** Opens the page and waits until the app has rendered its paste area. */
export async function openPage(browser, url, options = {}) {
  const { folded = false, ...contextOptions } = options;
  const context = await browser.newContext(contextOptions);
  if (!folded) await context.addInitScript(openFolds);
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  await page.goto(url);
  // The static first screen has a paste box too; the footer is the app's own.
  await page.locator('.site-footer').waitFor();
  return { page, context, requests, errors };
}

/** Presses the copy button `label` and returns what it copied, once it says so (the report's
 * Markdown and JSON are asked of the engine when the button is pressed). */
export async function copied(page, label) {
  const button = await page.getByRole('button', { name: label, exact: true }).elementHandle();
  await button.click();
  await page.waitForFunction((b) => b.textContent === 'Copied', button);
  return page.evaluate(() => navigator.clipboard.readText());
}

export function step(page, id) {
  return page.locator(`[data-check="${id}"]`);
}

/**
 * Registers a server and a browser for the test file; the returned object's `server` and
 * `browser` are filled in before the first test runs.
 */
export function useServerAndBrowser(before, after) {
  const shared = { server: undefined, browser: undefined };
  before(async () => {
    shared.server = await serve();
    shared.browser = await launch();
  });
  after(async () => {
    await shared.browser?.close();
    shared.server?.stop();
  });
  return shared;
}
