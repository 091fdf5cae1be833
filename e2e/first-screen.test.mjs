// The first screen is static HTML: it paints before the wasm arrives, shows without
// JavaScript, and the app replaces it in place (not beside it) once started.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { useServerAndBrowser, openPage, outDir, root } from './harness.mjs';

const shared = useServerAndBrowser(before, after);

test('the served index.html itself holds the title, the promise and the commands to run', async () => {
  const html = await (await fetch(shared.server.url)).text();
  assert.match(html, /<h1>kvdoctor<\/h1>/);
  assert.match(html, /paste what you have, get a step-by-step diagnosis/);
  assert.match(html, /<code>nslookup &lt;vault-name&gt;\.vault\.azure\.net<\/code>/);
  assert.match(html, /<code>az keyvault show --name &lt;vault-name&gt;<\/code>/);
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
});

test('without JavaScript the commands to run are shown', async () => {
  const context = await shared.browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(shared.server.url);
  await page.getByText('What to run to collect evidence').waitFor();
  assert.ok(await page.getByText('nslookup <vault-name>.vault.azure.net', { exact: true }).first().isVisible());
  assert.ok(await page.getByText(/needs JavaScript and WebAssembly/).isVisible());
  await page.screenshot({ path: `${outDir}/no-javascript.png`, fullPage: true });
  await context.close();
});

test('the app replaces the static first screen rather than adding to it', async () => {
  const { page, context, errors } = await openPage(shared.browser, shared.server.url);
  assert.equal(await page.locator('h1').count(), 1);
  assert.equal(await page.locator('.masthead').count(), 1);
  assert.equal(await page.locator('.run-commands').count(), 1);
  assert.equal(await page.locator('.first-screen, .loading').count(), 0);
  // The footer names the build that answered, as `kvdoctor --version` does.
  const version = execFileSync(`${root}target/debug/kvdoctor`, ['--version'], { encoding: 'utf8' }).trim();
  assert.match(await page.locator('.site-footer').textContent(), new RegExp(`^${version.replace(/[.+]/g, '\\$&')}:`));
  assert.deepEqual(errors, []);
  await context.close();
});

test('the release names its code by content hash and index.html refers to those names', async () => {
  const files = readdirSync(`${root}dist`);
  const code = files.filter((f) => /\.(js|wasm|css)$/.test(f));
  const unhashed = code.filter((f) => f !== 'boot.js' && !/-[0-9a-f]{1,16}(_bg)?\.(js|wasm|css)$/.test(f));
  assert.deepEqual(unhashed, [], 'only the loader keeps a fixed name');
  const html = await (await fetch(shared.server.url)).text();
  for (const name of code.filter((f) => f !== 'boot.js')) assert.ok(html.includes(name), `index.html names ${name}`);
  assert.equal(code.filter((f) => f.endsWith('.wasm')).length, 1);
});
