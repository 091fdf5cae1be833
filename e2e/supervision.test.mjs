// The engine's worker is supervised (static/boot.js): one that dies or stops answering is
// replaced and its requests are sent once more; a second silence is a notice, never the bug
// notice. The test hooks: sessionStorage `kvdoctor-test-hang` (the worker ignores a request
// whose pastes hold "kvdoctor-test-hang"; "once": its first sending only) and
// `kvdoctor-test-deadline-ms` (a short bound, so no test waits 30 s).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, step, fixture, outDir, openFolds } from './harness.mjs';

const shared = useServerAndBrowser(before, after);

const HEALTHY = fixture('nslookup/linux-private-healthy.txt');
const NXDOMAIN = 'nslookup contoso.vault.azure.net\n** server can\'t find contoso.vault.azure.net: NXDOMAIN\n';

/** The page with the test hooks set; `workers` lists every engine worker started, in order. */
async function openHooked(hooks) {
  const context = await shared.browser.newContext();
  await context.addInitScript(openFolds); // the passed step it waits for is folded
  await context.addInitScript((hooks) => {
    for (const [name, value] of Object.entries(hooks)) sessionStorage.setItem(name, value);
  }, { 'kvdoctor-test-deadline-ms': '2000', ...hooks });
  const page = await context.newPage();
  const errors = [];
  const workers = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('worker', (worker) => {
    const started = { worker, closed: false };
    worker.on('close', () => { started.closed = true; });
    workers.push(started);
  });
  await page.goto(shared.server.url);
  await page.locator('.site-footer').waitFor();
  // A first report: the engine is loaded, so the bound counts only the engine's work.
  const area = page.getByRole('textbox', { name: /Paste 1/ });
  await paste(area, HEALTHY);
  await step(page, 'dns-resolves').and(page.locator('[data-status="pass"]')).waitFor({ state: 'attached' });
  assert.equal(workers.length, 1);
  return { context, page, area, errors, workers };
}

/** A user's paste: one input event, so one request (Playwright's fill sends one per line). */
async function paste(area, text) {
  await area.evaluate((element, value) => {
    element.value = value;
    element.dispatchEvent(new InputEvent('input', { bubbles: true }));
  }, text);
}

async function assertNoBugNotice(page) {
  assert.equal(await page.evaluate(() => document.body.dataset.crashed), undefined, 'no bug notice');
  assert.equal(await page.locator('.crash').count(), 0, 'no bug notice');
}

test('a worker that never answers is replaced, then the page says the engine stopped, and the next change works', async () => {
  const { context, page, area, errors, workers } = await openHooked({ 'kvdoctor-test-hang': 'always' });
  await paste(area, `${NXDOMAIN}kvdoctor-test-hang`);
  const notice = page.locator('.notice-error');
  await notice.waitFor();
  assert.match(await notice.textContent(), /The diagnosis engine stopped answering; your pastes are kept\. Reload the page, or use the kvdoctor command line/);
  // The silent worker was replaced and the request sent to the new one, which was silent too.
  assert.equal(workers.length, 2, 'one fresh worker for the retry, no more');
  await page.waitForFunction(() => !document.querySelector('[data-pending]'));
  await assertNoBugNotice(page);
  assert.equal(await area.inputValue(), `${NXDOMAIN}kvdoctor-test-hang`, 'the paste is kept');
  await page.screenshot({ path: `${outDir}/engine-stalled.png` });
  // The next change tries again, with a fresh worker.
  await paste(area, NXDOMAIN);
  await step(page, 'dns-resolves').and(page.locator('[data-status="fail"]')).waitFor();
  assert.equal(await notice.count(), 0, 'the notice goes with the first answer');
  assert.equal(workers.length, 3);
  assert.ok(workers.slice(0, 2).every((w) => w.closed), 'the silent workers are gone');
  await assertNoBugNotice(page);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a worker killed mid-request is replaced without a bug notice', async () => {
  // The first sending is held (never answered), then its worker is ended from outside, with no
  // word to the page: the fresh worker answers the request sent again.
  const { context, page, area, errors, workers } = await openHooked({ 'kvdoctor-test-hang': 'once' });
  await paste(area, `${NXDOMAIN}kvdoctor-test-hang`);
  await page.locator('[data-pending]').waitFor();
  await workers[0].worker.evaluate(() => self.close());
  await step(page, 'dns-resolves').and(page.locator('[data-status="fail"]')).waitFor();
  assert.equal(workers.length, 2);
  assert.ok(workers[0].closed);
  assert.equal(await page.locator('.notice-error').count(), 0, 'no failure notice either');
  await assertNoBugNotice(page);
  assert.deepEqual(errors, []);
  await context.close();
});

/** DevTools' view of the page's one engine worker: `evaluate` answers once the worker is idle. */
async function workerDevTools() {
  const cdp = await shared.browser.newBrowserCDPSession();
  const { targetInfos } = await cdp.send('Target.getTargets');
  const workers = targetInfos.filter((t) => t.type === 'worker');
  assert.equal(workers.length, 1);
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: workers[0].targetId, flatten: false });
  const replies = new Map();
  let last = 0;
  cdp.on('Target.receivedMessageFromTarget', ({ message }) => {
    const reply = JSON.parse(message);
    replies.get(reply.id)?.(reply);
  });
  const send = (method) => new Promise((resolve) => {
    last += 1;
    replies.set(last, resolve);
    cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: last, method, params: { expression: '0' } }) });
  });
  return { evaluate: () => send('Runtime.evaluate'), terminate: () => send('Runtime.terminateExecution') };
}

test('an engine call terminated mid-request is not a bug: its worker is replaced and the report arrives', async () => {
  // DevTools' Runtime.terminateExecution cuts the engine's call short and leaves the worker
  // running, its wasm mid-call (the session's RefCell still borrowed): the next request there
  // once panicked "RefCell already borrowed" and showed the bug notice.
  // The real bound: the fresh worker's own 5.5 MB diagnosis takes seconds here.
  const { context, page, area, errors, workers } = await openHooked({ 'kvdoctor-test-deadline-ms': '' });
  const devtools = await workerDevTools();
  const lines = ['Server:  UnKnown', 'Address:  168.63.129.16', '', 'Non-authoritative answer:', 'Name:    contoso.vault.azure.net'];
  for (let i = 0; i < 250_000; i += 1) lines.push(`Address:  10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
  await paste(area, lines.join('\n')); // 5.5 MB: the engine works on it for a while
  // Busy: the worker does not take DevTools' evaluate in 200 ms. Then end what it runs.
  const idle = () => Promise.race([devtools.evaluate().then(() => true), new Promise((r) => setTimeout(() => r(false), 200))]);
  const giveUp = Date.now() + 20_000;
  while (await idle()) assert.ok(Date.now() < giveUp, 'the engine was never seen at work');
  await devtools.terminate();
  await step(page, 'dns-resolves').locator('.step-title', { hasText: /and 249994 more$/ }).waitFor({ state: 'attached', timeout: 60_000 });
  assert.equal(workers.length, 2, 'the interrupted worker was replaced');
  assert.equal(await page.locator('.notice-error').count(), 0);
  await assertNoBugNotice(page);
  assert.deepEqual(errors, []);
  await context.close();
});

