// A link is hostile input: every form has the same limits, a link's vault never names another
// host, a secret typed in the vault field never leaves, and opening any link keeps the page
// working. Outcomes are asserted, never durations.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { crc32, deflateRawSync } from 'node:zlib';
import { useServerAndBrowser, openPage, step, copied, outDir } from './harness.mjs';

const shared = useServerAndBrowser(before, after);

/** A v2 link as anyone can build one: any document, with its checksum. */
function packed(doc) {
  const json = Buffer.from(JSON.stringify(doc));
  const sum = Buffer.alloc(4);
  sum.writeUInt32BE(crc32(json));
  return `${shared.server.url}#v2.${Buffer.concat([sum, deflateRawSync(json, { level: 9 })]).toString('base64url')}`;
}

/** The page still diagnoses a paste of its own after whatever the link did. */
async function stillWorks(page) {
  const area = page.getByRole('textbox', { name: /Paste \d/ }).last();
  await area.fill('nslookup contoso.vault.azure.net\n** server can\'t find contoso.vault.azure.net: NXDOMAIN');
  await step(page, 'dns-resolves').and(page.locator('[data-status="fail"]')).waitFor();
}

test('the password bomb opens to its report, and the engine keeps answering', async () => {
  // Lines of `password:` repeated: secret removal once took minutes here (quadratic).
  const line = `Error code: Forbidden ${'password:'.repeat(28_000)}`;
  const link = packed({ p: [{ t: `${line}\n`.repeat(3) }] });
  assert.ok(link.length < 8_000, `a short link: ${link.length} characters`);
  const { page, context, errors } = await openPage(shared.browser, link);
  await page.locator('.verdict').waitFor();
  assert.match(await page.locator('.report').textContent(), /403|Forbidden/);
  assert.doesNotMatch(await page.locator('.report').textContent(), /password:password:/, 'no value quoted');
  await page.getByRole('button', { name: 'Add another paste' }).click();
  await stillWorks(page);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a line over the limit is refused with a message, and the page works', async () => {
  const link = packed({ p: [{ t: `Error code: Forbidden ${'password:'.repeat(100_000)}` }] });
  const { page, context, errors } = await openPage(shared.browser, link);
  await page.getByRole('alert').waitFor();
  assert.match(await page.getByRole('alert').textContent(), /a line of 879 KB, longer than the 256 KB/);
  await stillWorks(page);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a flood of readable pastes is refused, and a reload is safe', async () => {
  for (const count of [16_000, 131_000]) {
    const { page, context, errors } = await openPage(shared.browser, `${shared.server.url}#${'paste=x&'.repeat(count)}`);
    await page.getByRole('alert').waitFor();
    assert.match(await page.getByRole('alert').textContent(), new RegExp(`holds ${count} pastes, more than the 50`));
    await page.reload();
    await page.locator('.site-footer').waitFor();
    await stillWorks(page);
    assert.deepEqual(errors, [], `${count} pastes`);
    await context.close();
  }
});

test("a link's vault never names another host in what the page suggests", async () => {
  const hostile = 'kv1.vault.azure.net.attacker.example';
  for (const link of [
    packed({ p: [{ t: 'Error code: ForbiddenByConnection' }], v: hostile }),
    `${shared.server.url}#vault=${hostile}&error=ForbiddenByConnection`,
  ]) {
    const { page, context, errors } = await openPage(shared.browser, link);
    await step(page, 'net-public-access').and(page.locator('[data-status="fail"]')).waitFor();
    assert.match(await page.locator('main').textContent(), /not a Key Vault name/);
    await page.getByText('What to run to collect evidence').click();
    const everything = await page.locator('body').textContent();
    assert.doesNotMatch(everything, /attacker/, 'no command or text names the host');
    assert.match(await page.locator('.run-commands').textContent(), /<vault-name>\.vault\.azure\.net/);
    assert.doesNotMatch(page.url(), /attacker/, 'the address bar does not carry it on');
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('a secret typed in the vault field never reaches the link, the report or a copy', async () => {
  const secret = 'Xy8Q~abcdefghijklmnopqrstuvwxyz0123';
  const context = await shared.browser.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(shared.server.url).origin });
  const page = await context.newPage();
  await page.goto(shared.server.url);
  await page.locator('.site-footer').waitFor();
  await page.locator('#vault-name').fill(secret);
  await page.getByRole('textbox', { name: /Paste 1/ }).fill('Error code: ForbiddenByConnection');
  await step(page, 'net-public-access').and(page.locator('[data-status="fail"]')).waitFor();
  await page.locator('#vault-problem').waitFor();
  assert.match(await page.locator('#vault-problem').textContent(), /neither a Key Vault name/);
  assert.equal(await page.locator('#vault-name').getAttribute('aria-invalid'), 'true');
  await page.locator('.link-scope').waitFor();
  assert.ok(!(await page.locator('#share-link').inputValue()).includes('Xy8Q'), 'not in the link');
  assert.ok(!page.url().includes('Xy8Q'), 'not in the address bar');
  assert.doesNotMatch(await page.locator('.report').textContent(), /Xy8Q/i);
  for (const copy of ['Copy full report', 'Copy as JSON']) {
    assert.doesNotMatch(await copied(page, copy), /Xy8Q/i, copy);
  }
  await page.screenshot({ path: `${outDir}/vault-field-refused.png` });
  await context.close();
});
