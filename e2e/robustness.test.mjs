// Never crash, never freeze: what the page does with input that once froze or killed it, and
// what it says if it hits a bug anyway.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, openPage, step, outDir } from './harness.mjs';

const shared = useServerAndBrowser(before, after);

/** A user's Ctrl+V of `text` into paste area `n` (large pastes go through the paste event). */
async function pasteInto(page, n, text) {
  await page.evaluate(([n, value]) => {
    const area = document.querySelector(`#paste-${n}`);
    const data = new DataTransfer();
    data.setData('text/plain', value);
    const event = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
    if (area.dispatchEvent(event)) {
      area.value = value; // not prevented: the browser would insert it
      area.dispatchEvent(new InputEvent('input', { bubbles: true }));
    }
  }, [n, text]);
}

function manyAddresses(count) {
  const lines = ['Server:  UnKnown', 'Address:  168.63.129.16', '', 'Non-authoritative answer:', 'Name:    contoso.vault.azure.net'];
  for (let i = 0; i < count; i += 1) lines.push(`Address:  10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
  return `${lines.join('\n')}\n`;
}

test('one name with 60,000 addresses (1 MB) gives a short, complete report', async () => {
  // Took 10 s natively (longer in the browser) when evidence was deduplicated by scanning.
  const { page, context, errors } = await openPage(shared.browser, shared.server.url);
  await pasteInto(page, 1, manyAddresses(60_000));
  const resolves = step(page, 'dns-resolves');
  await resolves.and(page.locator('[data-status="pass"]')).waitFor({ state: 'attached' });
  assert.match(await resolves.locator('.step-title').textContent(), /resolves to 10\.0\.0\.0, .* and 59994 more$/);
  assert.match(await resolves.locator('.evidence').textContent(), /… and 59980 more lines/);
  assert.equal(await resolves.locator('.evidence li').count(), 21);
  assert.equal(await page.locator('[data-busy]').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a large case shows progress, keeps typing responsive and catches up', async () => {
  const { page, context, errors } = await openPage(shared.browser, shared.server.url);
  const big = manyAddresses(120_000); // 2.3 MB: read after the progress message has painted
  assert.ok(big.length > 2_000_000);
  // Every progress message shown, however briefly.
  await page.evaluate(() => {
    window.progress = [];
    new MutationObserver(() => {
      const note = document.querySelector('[data-busy]');
      if (note && window.progress.at(-1) !== note.textContent) window.progress.push(note.textContent);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await pasteInto(page, 1, big);
  await page.locator('.understood[data-kind="nslookup"]').waitFor();
  const shown = await page.evaluate(() => window.progress);
  assert.match(shown[0] ?? '', /Reading paste 1 \(2\.\d MB\)…/, JSON.stringify(shown));
  await page.getByRole('button', { name: 'Add another paste' }).click();
  await page.getByRole('textbox', { name: /Paste 2/ }).pressSequentially('Client address: 52.1.2.3', { delay: 5 });
  // The report catches up after the pause in typing, with the second paste read.
  await page.locator('.understood').nth(1).waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-busy]'));
  assert.ok((await page.evaluate(() => window.progress)).some((m) => /Updating the diagnosis/.test(m)));
  assert.equal(await page.getByRole('textbox', { name: /Paste 2/ }).inputValue(), 'Client address: 52.1.2.3');
  assert.deepEqual(errors, []);
  await context.close();
});

test('if the engine hits a bug the page says so, keeps the pastes and drops the stale link', async () => {
  const context = await shared.browser.newContext();
  await context.addInitScript(() => sessionStorage.setItem('kvdoctor-test-panic', '1'));
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(shared.server.url);
  const area = page.getByRole('textbox', { name: /Paste 1/ });
  await area.fill('nslookup contoso.vault.azure.net\n** server can\'t find contoso.vault.azure.net: NXDOMAIN');
  await step(page, 'dns-resolves').and(page.locator('[data-status="fail"]')).waitFor();
  await page.waitForFunction(() => location.hash.startsWith('#v3.'));
  // A secret typed in the wrong field is cleaned like a paste in the bug report.
  await page.locator('#vault-name').fill('Password=Summer2024vault');
  // The engine (in its worker) panics on this paste: a bug as a real one would end it.
  await area.fill('password=hunter2 kvdoctor-test-panic');
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.textContent(), /kvdoctor hit a bug on this input — your pastes are kept/);
  // A fresh worker removes the secrets from the quoted pastes.
  await page.waitForFunction(() => !document.querySelector('#crash-report').value.includes('Removing secrets'));
  const bugReport = await page.locator('#crash-report').inputValue();
  assert.match(bugReport, /kvdoctor-test-panic/);
  assert.match(bugReport, /a test asked for a panic/, 'the engine\'s own message is quoted');
  assert.doesNotMatch(bugReport, /hunter2/, 'secrets are removed from the bug report');
  assert.doesNotMatch(bugReport, /Summer2024vault/, 'the vault field is cleaned too');
  assert.match(bugReport, /vault name: Password=\[removed\]/);
  assert.equal(new URL(page.url()).hash, '', 'the address bar no longer holds the previous case');
  assert.equal(await area.inputValue(), 'password=hunter2 kvdoctor-test-panic', 'the paste is kept');
  assert.equal(await page.locator('.report').isVisible(), false, 'the stale report is hidden');
  assert.deepEqual(errors, [], 'the page itself keeps running');
  await page.screenshot({ path: `${outDir}/crash-notice.png` });
  await context.close();
});

test('a connection string with accented text after Password= is read and shared, not a crash', async () => {
  // Killed the module before (redaction sliced inside "ë"), leaving the previous case's link.
  const { page, context, errors } = await openPage(shared.browser, shared.server.url);
  const area = page.getByRole('textbox', { name: /Paste 1/ });
  await area.fill('nslookup contoso.vault.azure.net\n** server can\'t find contoso.vault.azure.net: NXDOMAIN');
  await page.waitForFunction(() => location.hash.startsWith('#v3.'));
  const first = page.url();
  await area.fill('Server=tcp:db;User ID=zoë;Password=;Name=Zoë;Database=été\nnslookup fabrikam.vault.azure.net\n** server can\'t find fabrikam.vault.azure.net: NXDOMAIN');
  await step(page, 'dns-resolves').and(page.locator('[data-status="fail"]')).waitFor();
  await page.waitForFunction((before) => location.href !== before && location.hash.startsWith('#v3.'), first);
  assert.equal(await page.getByRole('alert').count(), 0, 'no bug notice');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a link holding 100,000 pastes is refused with a message, quickly, on a working page', async () => {
  // A 2.6 KB link like this took 145 s and crashed the module three times.
  const { deflateRawSync } = await import('node:zlib');
  const json = JSON.stringify({ p: Array.from({ length: 100_000 }, () => ({ t: '' })) });
  const link = `${shared.server.url}#v1.${deflateRawSync(Buffer.from(json)).toString('base64url')}`;
  assert.ok(link.length < 4000, `${link.length} characters`);
  const { page, context, errors } = await openPage(shared.browser, link);
  const notice = page.getByText(/could not be opened: .*100000 pastes, more than the 50 a link may hold/);
  await notice.waitFor({ timeout: 10_000 });
  assert.equal(await page.getByRole('textbox', { name: /Paste/ }).count(), 1, 'an empty, working page');
  assert.equal(new URL(page.url()).hash, '', 'the refused link leaves the address bar');
  assert.deepEqual(errors, []);
  await context.close();
});

test('an engine that cannot be loaded is said so, not taken for a bug, and is tried again', async () => {
  const context = await shared.browser.newContext();
  let blocked = true;
  await context.route(/kvdoctor-engine-[0-9a-f]+_bg\.wasm$/, (route) => (blocked ? route.abort() : route.continue()));
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(shared.server.url);
  await page.locator('.site-footer').waitFor();
  const area = page.getByRole('textbox', { name: /Paste 1/ });
  await area.fill('nslookup contoso.vault.azure.net\n** server can\'t find contoso.vault.azure.net: NXDOMAIN');
  const notice = page.locator('.notice-error');
  await notice.waitFor();
  assert.match(await notice.textContent(), /The diagnosis could not be made: the engine could not be loaded/);
  assert.equal(await page.locator('.crash').count(), 0, 'no bug notice for a network failure');
  // Once the network is back, the next change loads a fresh engine.
  blocked = false;
  await area.fill('nslookup contoso.vault.azure.net\n** server can\'t find contoso.vault.azure.net: NXDOMAIN\n');
  await step(page, 'dns-resolves').and(page.locator('[data-status="fail"]')).waitFor();
  assert.equal(await notice.count(), 0, 'the failure notice goes with the first answer');
  assert.deepEqual(errors, []);
  await context.close();
});
