// Share links end to end: copy, open in a fresh context, hand-written links, CLI links, bad links.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { deflateRawSync } from 'node:zlib';
import { useServerAndBrowser, openPage, fixture, step, root } from './harness.mjs';

const shared = useServerAndBrowser(before, after);


async function statuses(page) {
  const all = await page.locator('[data-check]').evaluateAll((cards) => cards.map((c) => `${c.dataset.check}=${c.dataset.status}`));
  return all.sort(); // the page folds skipped steps after the others

}

test('a link built on the page opens in a fresh browser to the same diagnosis', async () => {
  const { page, context } = await openPage(shared.browser, shared.server.url);
  await page.getByRole('textbox', { name: /Paste 1/ }).fill(fixture('nslookup/windows-public-via-alias.txt'));
  await page.getByRole('button', { name: 'Add another paste' }).click();
  await page.getByRole('textbox', { name: /Paste 2/ }).fill(fixture('inputs/error-messy.txt'));
  await step(page, 'net-public-access').and(page.locator('[data-status="fail"]')).waitFor();
  const link = await page.locator('#share-link').inputValue();
  assert.match(link, /#v3\./);
  assert.ok(link.length < 2000, `link is ${link.length} characters`);
  assert.equal(page.url(), link, 'the address bar holds the case');
  const before = await statuses(page);
  await context.close();

  const fresh = await openPage(shared.browser, link);
  await step(fresh.page, 'net-public-access').and(fresh.page.locator('[data-status="fail"]')).waitFor();
  assert.deepEqual(await statuses(fresh.page), before);
  assert.match(await fresh.page.getByRole('alert').textContent(), /Opened a shared case with 2 paste/);
  assert.equal(fresh.requests.filter((u) => !u.startsWith(shared.server.url)).length, 0);
  await fresh.context.close();
});

test('secrets are removed from the link and the page says so', async () => {
  const { page, context } = await openPage(shared.browser, shared.server.url);
  const token = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL3ZhdWx0LmF6dXJlLm5ldCJ9.c2lnbmF0dXJl';
  await page.getByRole('textbox', { name: /Paste 1/ }).fill(`> GET /secrets/db HTTP/1.1\n> Host: fabrikam.vault.azure.net\n> Authorization: Bearer ${token}\n< HTTP/1.1 403 Forbidden`);
  await page.locator('.link-scope').waitFor();
  assert.ok(!(await page.locator('#share-link').inputValue()).includes('eyJ0eXAi'), 'not in the default link');
  // Whole pastes carry every line: the header stays, its value is removed and listed. The
  // link carries them only once the user has seen what would leave and agreed.
  const defaultLink = page.url();
  await page.getByLabel(/Include whole pastes/).check();
  await page.getByRole('region', { name: 'What whole pastes would send' }).waitFor();
  assert.equal(page.url(), defaultLink, 'nothing more in the address bar before the user agrees');
  await page.getByRole('button', { name: 'Include whole pastes in the link' }).click();
  await page.getByRole('list', { name: 'Removed from the link' }).waitFor();
  assert.match(await page.getByRole('list', { name: 'Removed from the link' }).textContent(), /Authorization header \(paste 1, line 3\)/);
  assert.ok(!(await page.locator('#share-link').inputValue()).includes('eyJ0eXAi'));
  assert.ok(!page.url().includes(token.slice(0, 20)));
  await context.close();
});

test('a paste nothing understood leaves only after a preview of exactly what would leave', async () => {
  const { page, context } = await openPage(shared.browser, shared.server.url);
  await page.getByRole('textbox', { name: /Paste 1/ }).fill(fixture('cases/unread-with-secret/1.txt'));
  await page.getByRole('button', { name: 'Add another paste' }).click();
  await page.getByRole('textbox', { name: /Paste 2/ }).fill(fixture('cases/unread-with-secret/2.txt'));
  await page.locator('.link-scope').filter({ hasText: /paste 2/ }).waitFor();
  const defaultLink = await page.locator('#share-link').inputValue();
  assert.match(await page.locator('.link-scope').textContent(), /leaves out paste 2/);
  // Ticking shows the preview; the link and the address bar stay as they were.
  await page.getByLabel(/Include whole pastes/).check();
  const preview = page.getByRole('region', { name: 'What whole pastes would send' });
  await preview.waitFor();
  const shown = await preview.textContent();
  assert.match(shown, /appsettings\.Production\.json/, 'the left-out paste is shown');
  assert.ok(!shown.includes('q8Zt0mX2vB7nR4kL9pW1sY6dF3'), 'not the storage key');
  assert.ok(!shown.includes('Wq7Rt2Yp9Lk4Zx8Vb3Nm6Hj1'), 'not the API key');
  assert.ok(await preview.locator('mark').filter({ hasText: /KeyVaultName/ }).count() > 0, 'its lines are highlighted');
  assert.match(await preview.getByRole('list', { name: 'Removed from whole pastes' }).textContent(), /storage account key \(paste 2, line 3\)/);
  assert.equal(await page.locator('#share-link').inputValue(), defaultLink);
  assert.equal(page.url(), defaultLink);
  // Keeping only what was understood closes it and changes nothing.
  await page.getByRole('button', { name: 'Keep only what was understood' }).click();
  await preview.waitFor({ state: 'detached' });
  assert.equal(await page.getByLabel(/Include whole pastes/).isChecked(), false);
  assert.equal(page.url(), defaultLink);
  // Agreeing makes the link carry the paste as previewed; the recipient sees it.
  await page.getByLabel(/Include whole pastes/).check();
  await page.getByRole('button', { name: 'Include whole pastes in the link' }).click();
  await page.waitForFunction((before) => location.href !== before, defaultLink);
  const whole = await page.locator('#share-link').inputValue();
  assert.ok(!whole.includes('q8Zt0mX2vB7nR4kL9pW1sY6dF3'));
  await context.close();
  const fresh = await openPage(shared.browser, whole);
  await fresh.page.getByRole('textbox', { name: /Paste 2/ }).waitFor();
  assert.match(await fresh.page.getByRole('textbox', { name: /Paste 2/ }).inputValue(), /"KeyVaultName": "fabrikam"/);
  assert.ok(!(await fresh.page.getByRole('textbox', { name: /Paste 2/ }).inputValue()).includes('Wq7Rt2Yp9Lk4Zx8Vb3Nm6Hj1'));
  await fresh.context.close();
});

test('a hand-written readable link pre-fills the vault name into the commands', async () => {
  const { page, context } = await openPage(shared.browser, `${shared.server.url}#vault=contoso&error=ForbiddenByConnection`);
  await step(page, 'net-public-access').and(page.locator('[data-status="fail"]')).waitFor();
  assert.equal(await page.locator('#vault-name').inputValue(), 'contoso');
  await page.getByText('What to run to collect evidence').click();
  assert.match(await page.locator('.run-commands').textContent(), /nslookup contoso\.vault\.azure\.net/);
  assert.equal(await step(page, 'dns-private-address').getAttribute('data-status'), 'unknown');
  assert.match(await step(page, 'dns-private-address').textContent(), /nslookup contoso\.vault\.azure\.net/);
  await context.close();
});

test('a link from `kvdoctor --link` opens to the report the CLI prints', async () => {
  const files = ['zone-not-linked/1.txt', 'zone-not-linked/2.txt'].map((f) => `${root}static/examples/cases/${f}`);
  const link = execFileSync(`${root}target/debug/kvdoctor`, ['--link', '--base', shared.server.url, ...files]).toString().trim();
  let report;
  try {
    execFileSync(`${root}target/debug/kvdoctor`, ['--format', 'json', ...files]);
  } catch (e) {
    report = JSON.parse(e.stdout.toString()); // exit 1: a step failed
  }
  const { page, context } = await openPage(shared.browser, link);
  await step(page, 'dns-private-address').and(page.locator('[data-status="fail"]')).waitFor();
  assert.deepEqual(await statuses(page), report.steps.map((s) => `${s.id}=${s.status}`).sort());
  assert.equal(await page.locator('.verdict').getAttribute('data-primary'), report.verdict.primary);
  await context.close();
});

test('bad links give a clear message and a working empty page', async () => {
  for (const fragment of ['#v1.AAAA', '#v1.eNrLSM3JyQcABiwCFQ', '#v9.abc', '#%%%garbage', `#v1.${'A'.repeat(50000)}`]) {
    const { page, context, errors } = await openPage(shared.browser, `${shared.server.url}${fragment}`);
    await page.getByRole('alert').waitFor();
    assert.match(await page.getByRole('alert').textContent(), /could not be opened/, fragment);
    assert.equal(new URL(page.url()).hash, '', `${fragment}: the fragment is cleared`);
    await page.getByRole('textbox', { name: /Paste 1/ }).fill(fixture('nslookup/linux-nxdomain.txt'));
    await step(page, 'dns-resolves').and(page.locator('[data-status="fail"]')).waitFor();
    assert.deepEqual(errors, [], fragment);
    await context.close();
  }
});

test('a link that would inflate past the limit is refused while streaming', async () => {
  const bomb = deflateRawSync(Buffer.alloc(8 << 20, 32)).toString('base64url');
  const { page, context, errors } = await openPage(shared.browser, `${shared.server.url}#v1.${bomb}`);
  await page.getByRole('alert').waitFor();
  assert.match(await page.getByRole('alert').textContent(), /holds more than kvdoctor accepts/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('hashchange loads the new case; Clear empties the page and the fragment', async () => {
  const { page, context } = await openPage(shared.browser, shared.server.url);
  await page.evaluate(() => { window.location.hash = 'vault=kv-other&error=ForbiddenByFirewall'; });
  await step(page, 'net-firewall').and(page.locator('[data-status="fail"]')).waitFor();
  assert.equal(await page.locator('#vault-name').inputValue(), 'kv-other');
  await page.getByRole('button', { name: 'Clear' }).click();
  assert.equal(await page.locator('#vault-name').inputValue(), '');
  assert.equal(new URL(page.url()).hash, '');
  await context.close();
});
