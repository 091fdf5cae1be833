// Asking public DNS (issue 13): only on a click, only the name, the answer as a paste of its
// own kind that changes the DNS steps; failures add nothing. The resolver is the loopback
// stand-in of scripts/serve.mjs, chosen by the test-only sessionStorage switch.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, openPage, step, outDir } from './harness.mjs';

const shared = useServerAndBrowser(before, after);

async function pageWithStandIn() {
  const opened = await openPage(shared.browser, shared.server.url);
  await opened.page.evaluate(() => sessionStorage.setItem('kvdoctor-test-doh', '/test-doh/dns-query'));
  return opened;
}

test('a typed vault name, one click: the public privatelink chain becomes a public-dns paste', async () => {
  const { page, context, requests, errors } = await pageWithStandIn();
  await page.locator('#vault-name').fill('contoso');
  const button = page.getByRole('button', { name: 'Ask public DNS about contoso.vault.azure.net' });
  await button.waitFor();
  assert.match(await page.locator('#public-dns-what').textContent(), /Sends only the name contoso\.vault\.azure\.net to Cloudflare's public DNS resolver \(cloudflare-dns\.com\)/);
  assert.equal(await step(page, 'dns-privatelink-alias').getAttribute('data-status'), 'skip');
  assert.ok(!requests.some((url) => url.includes('dns-query')), 'nothing asked before the click');
  await button.click();
  const understood = page.locator('.understood[data-kind="public-dns"]');
  await understood.waitFor();
  const asked = requests.filter((url) => url.includes('dns-query'));
  assert.deepEqual(asked, [`${shared.server.url}test-doh/dns-query?name=contoso.vault.azure.net&type=A`]);
  await step(page, 'dns-privatelink-alias').and(page.locator('[data-status="pass"]')).waitFor({ state: 'attached' });
  assert.match(await step(page, 'dns-privatelink-alias').textContent(), /seen by a public resolver/);
  assert.equal(await step(page, 'pe-connection-approved').getAttribute('data-status'), 'pass');
  assert.notEqual(await step(page, 'dns-private-address').getAttribute('data-status'), 'fail', 'a public answer is public by design');
  const paste = await page.getByRole('textbox', { name: /Paste/ }).first().inputValue();
  assert.match(paste, /^# Public DNS: this page's test resolver asked for contoso\.vault\.azure\.net at \d{4}-\d\d-\d\d \d\d:\d\d UTC\n/);
  await page.screenshot({ path: `${outDir}/public-dns-1280.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a client lookup answering publicly + the public alias: the zone is missing on their side', async () => {
  const { page, context } = await pageWithStandIn();
  await page.getByRole('textbox', { name: /Paste/ }).first().fill('$ dig +short contoso.vault.azure.net\n52.168.109.101\n');
  await step(page, 'dns-private-address').and(page.locator('[data-status="skip"]')).waitFor({ state: 'attached' });
  await page.getByRole('button', { name: 'Ask public DNS about contoso.vault.azure.net' }).click();
  await step(page, 'dns-private-address').and(page.locator('[data-status="fail"]')).waitFor();
  assert.match(await step(page, 'dns-private-address').textContent(), /on this network's side, not the endpoint/);
  assert.equal(await page.getByRole('textbox', { name: /Paste/ }).count(), 2, 'the answer is a paste of its own');
  await context.close();
});

test('public NXDOMAIN: the name is wrong or the vault was deleted', async () => {
  const { page, context } = await pageWithStandIn();
  await page.locator('#vault-name').fill('nxvault');
  await page.getByRole('button', { name: 'Ask public DNS about nxvault.vault.azure.net' }).click();
  await step(page, 'dns-resolves').and(page.locator('[data-status="fail"]')).waitFor();
  assert.match(await step(page, 'dns-resolves').textContent(), /does not exist in public DNS/);
  await context.close();
});

test('a failing resolver adds no paste and says so', async () => {
  const { page, context } = await pageWithStandIn();
  await page.locator('#vault-name').fill('downvault');
  await page.getByRole('button', { name: 'Ask public DNS about downvault.vault.azure.net' }).click();
  const failed = page.locator('.public-dns-status.failed');
  await failed.waitFor();
  assert.match(await failed.textContent(), /answered HTTP 503; nothing was added/);
  assert.equal(await page.locator('.understood[data-kind="public-dns"]').count(), 0);
  assert.equal(await page.getByRole('textbox', { name: /Paste/ }).first().inputValue(), '');
  await context.close();
});

test('a link carries the answer and opening it asks nothing', async () => {
  const { page, context } = await pageWithStandIn();
  await page.locator('#vault-name').fill('contoso');
  await page.getByRole('button', { name: 'Ask public DNS about contoso.vault.azure.net' }).click();
  await step(page, 'dns-privatelink-alias').and(page.locator('[data-status="pass"]')).waitFor({ state: 'attached' });
  await page.waitForFunction(() => location.hash.startsWith('#v3.'));
  const link = await page.evaluate(() => location.href);
  await context.close();
  const reopened = await openPage(shared.browser, link);
  await step(reopened.page, 'dns-privatelink-alias').and(reopened.page.locator('[data-status="pass"]')).waitFor({ state: 'attached' });
  assert.equal(await reopened.page.locator('.understood[data-kind="public-dns"]').count(), 1);
  assert.ok(!reopened.requests.some((url) => url.includes('dns-query')), `re-asked: ${reopened.requests}`);
  await reopened.context.close();
});
