// When the engine starts loading (static/boot.js, issue 24): at the first sign of someone at the
// page, before anything is pasted, and never on a page opened and left alone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { useServerAndBrowser, root } from './harness.mjs';

const shared = useServerAndBrowser(before, after);
const engine = /\/kvdoctor-(engine|worker)-[0-9a-f]+/;
const engineWasm = /\/kvdoctor-engine-[0-9a-f]+_bg\.wasm$/;

/** The page opened, the app started; every request for the engine's files is listed. */
async function open() {
  const context = await shared.browser.newContext();
  const page = await context.newPage();
  const fetched = [];
  page.on('request', (request) => { if (engine.test(request.url())) fetched.push(request.url()); });
  await page.goto(shared.server.url);
  await page.locator('.site-footer').waitFor();
  return { context, page, fetched };
}

test('a page opened and left alone never fetches the engine', async () => {
  const { context, page, fetched } = await open();
  await page.waitForTimeout(2_000);
  assert.deepEqual(fetched, []);
  assert.equal(page.workers().length, 0);
  await context.close();
});

test('a pointer moving over the page starts the engine before anything is pasted or focused', async () => {
  const { context, page, fetched } = await open();
  assert.deepEqual(fetched, []);
  const requested = page.waitForRequest(engineWasm);
  await page.mouse.move(200, 150, { steps: 3 });
  await requested;
  assert.equal(await page.evaluate(() => document.activeElement === document.body), true, 'nothing has the focus');
  assert.equal(await page.getByRole('textbox', { name: 'Paste 1' }).inputValue(), '');
  assert.equal(page.workers().length, 1);
  // The paste then goes to that worker: nothing is fetched again.
  const before = fetched.length;
  await page.getByRole('textbox', { name: 'Paste 1' }).fill('Client address: 203.0.113.7\nCode: ForbiddenByFirewall');
  await page.locator('.verdict[data-primary]:not([data-primary=""])').waitFor();
  assert.equal(fetched.length, before);
  assert.equal(page.workers().length, 1);
  await context.close();
});

test('a key press alone starts the engine (a keyboard visitor)', async () => {
  const { context, page } = await open();
  const requested = page.waitForRequest(engineWasm);
  await page.keyboard.press('Shift');
  await requested;
  await context.close();
});

test('a visitor who pastes into the first screen at once has the engine on its way before the paste lands', async () => {
  const context = await shared.browser.newContext();
  // The page's own wasm is held: the paste lands on the static first screen, before the app.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await context.route(/\/kvdoctor-[0-9a-f]+_bg\.wasm$/, async (route) => { await held; await route.continue(); });
  const page = await context.newPage();
  const order = [];
  page.on('request', (request) => { if (engineWasm.test(request.url())) order.push('engine requested'); });
  await page.goto(shared.server.url);
  const box = page.getByRole('textbox', { name: 'Paste 1' });
  // Listening before the click: the pointer reaching the box may start the engine before the
  // click returns, and a request already made would never be seen by a later wait.
  const requested = page.waitForRequest(engineWasm);
  await box.click();
  await requested;
  await box.evaluate((area) => { area.value = 'Client address: 203.0.113.7\nCode: ForbiddenByFirewall'; });
  order.push('pasted');
  assert.deepEqual(order, ['engine requested', 'pasted']);
  assert.equal(await page.locator('.site-footer').count(), 0, 'the app had not started');
  release();
  await page.locator('.verdict[data-primary]:not([data-primary=""])').waitFor();
  await context.close();
});

test('a link opened starts the engine at the first paint, before the page\'s own wasm has arrived, with no interaction', async () => {
  const link = execFileSync(`${root}target/debug/kvdoctor`, ['--link', '--base', shared.server.url, `${root}static/examples/cases/tenant-mismatch/1.txt`], { encoding: 'utf8' }).trim();
  const context = await shared.browser.newContext();
  // The page's own wasm is held: only boot.js can have asked for the engine.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await context.route(/\/kvdoctor-[0-9a-f]+_bg\.wasm$/, async (route) => { await held; await route.continue(); });
  const page = await context.newPage();
  const requested = page.waitForRequest(engineWasm);
  await page.goto(link);
  await requested;
  assert.equal(await page.locator('.site-footer').count(), 0, 'the app had not started');
  release();
  // The app's own request for the link goes to that worker: one engine, fetched once.
  await page.locator('.verdict[data-primary]:not([data-primary=""])').waitFor();
  assert.equal(page.workers().length, 1);
  await context.close();
});
