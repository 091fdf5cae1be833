// The first screen is static HTML: it paints before the wasm arrives, shows without
// JavaScript, and the app replaces it in place (not beside it) once started.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
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
  assert.equal(await page.locator('#paste-1').isVisible(), false, 'no input box that nothing would read');
  await page.screenshot({ path: `${outDir}/no-javascript.png`, fullPage: true });
  await context.close();
});

test('what is typed before the app has started is kept: vault name, paste and focus', async () => {
  const context = await shared.browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  // Hold the wasm back, as a slow line would, until the user has typed.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route(/_bg\.wasm$/, async (route) => { await held; await route.continue(); });
  await page.goto(shared.server.url);
  const file = `${root}static/examples/cases/throttled-429/1.txt`;
  const text = readFileSync(file, 'utf8');
  await page.locator('#vault-name').fill('contoso');
  await page.getByRole('textbox', { name: 'Paste 1' }).fill(text);
  assert.ok(await page.locator('.first-screen .loading').isVisible(), 'the static screen says the diagnosis is loading');
  await page.screenshot({ path: `${outDir}/typed-while-loading.png` });
  const top = () => page.evaluate(() => document.getElementById('paste-1').getBoundingClientRect().top);
  const before = await top();
  release();
  await page.locator('.site-footer').waitFor();
  const after = await top();
  assert.ok(Math.abs(after - before) < 1, `the paste box stays where it was (${before} px, now ${after} px)`);
  assert.equal(await page.locator('.first-screen').count(), 0);
  assert.equal(await page.getByRole('textbox', { name: 'Paste 1' }).inputValue(), text);
  assert.equal(await page.locator('#vault-name').inputValue(), 'contoso');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'paste-1', 'the caret stays in the paste box');
  let json;
  try {
    json = execFileSync(`${root}target/debug/kvdoctor`, ['--format', 'json', file], { encoding: 'utf8' });
  } catch (failedStep) {
    json = failedStep.stdout; // exit 1: a step failed
  }
  const expected = JSON.parse(json);
  await page.locator('.verdict[data-primary]:not([data-primary=""])').waitFor();
  assert.equal(await page.locator('.verdict').getAttribute('data-primary'), expected.verdict.primary);
  // The answer names the vault in the hint's command above the boxes: that moves nothing either.
  await page.locator('.hint .start-command', { hasText: 'nslookup contoso.vault.azure.net' }).waitFor();
  const answered = await top();
  assert.ok(Math.abs(answered - before) < 1, `the paste box stays where it was once answered (${before} px, now ${answered} px)`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a link opened while something was typed keeps both: the typed text becomes the last paste', async () => {
  const link = execFileSync(`${root}target/debug/kvdoctor`, ['--link', '--base', shared.server.url, `${root}static/examples/cases/tenant-mismatch/1.txt`], { encoding: 'utf8' }).trim();
  const context = await shared.browser.newContext();
  const page = await context.newPage();
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route(/_bg\.wasm$/, async (route) => { await held; await route.continue(); });
  await page.goto(link);
  await page.getByRole('textbox', { name: 'Paste 1' }).fill('Client address: 203.0.113.7');
  release();
  await page.getByText(/What you pasted while the page loaded is paste 2/).waitFor();
  assert.equal(await page.getByRole('textbox', { name: 'Paste 2' }).inputValue(), 'Client address: 203.0.113.7');
  assert.notEqual(await page.getByRole('textbox', { name: 'Paste 1' }).inputValue(), '');
  await context.close();
});

test('while a link opens (its engine still loading) typing is kept and the address bar keeps the link', async () => {
  const link = execFileSync(`${root}target/debug/kvdoctor`, ['--link', '--base', shared.server.url, `${root}static/examples/cases/tenant-mismatch/1.txt`], { encoding: 'utf8' }).trim();
  const context = await shared.browser.newContext();
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await context.route(/kvdoctor-engine-[0-9a-f]+_bg\.wasm$/, async (route) => { await held; await route.continue(); });
  const page = await context.newPage();
  await page.goto(link);
  await page.locator('.site-footer').waitFor();
  await page.getByText('Opening the shared case in the link…').waitFor();
  await page.getByRole('textbox', { name: 'Paste 1' }).fill('Client address: 203.0.113.7');
  await page.waitForTimeout(200);
  assert.equal(page.url(), link, 'a reload now would still open the link');
  release();
  await page.getByText(/What you pasted while the page loaded is paste 2/).waitFor();
  assert.equal(await page.getByRole('textbox', { name: 'Paste 2' }).inputValue(), 'Client address: 203.0.113.7');
  assert.match(await page.getByRole('textbox', { name: 'Paste 1' }).inputValue(), /AKV10032|issuer/i);
  await page.waitForFunction(() => location.hash.startsWith('#v3.'));
  assert.notEqual(page.url(), link, 'the address bar now holds the case on screen: both pastes');
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
  // The engine's files are named by its worker script, which index.html names.
  const engine = code.filter((f) => f.startsWith('kvdoctor-engine-'));
  assert.equal(engine.length, 2, engine.join(', '));
  const worker = code.find((f) => f.startsWith('kvdoctor-worker-'));
  assert.ok(worker, 'the worker script is in the release');
  const script = await (await fetch(`${shared.server.url}${worker}`)).text();
  for (const name of engine) assert.ok(script.includes(`./${name}`), `the worker script names ${name}`);
  for (const name of code.filter((f) => f !== 'boot.js' && !engine.includes(f))) {
    assert.ok(html.includes(name), `index.html names ${name}`);
  }
  assert.equal(code.filter((f) => f.endsWith('.wasm')).length, 2, 'the page and its engine');
});
