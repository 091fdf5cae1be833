// The collector (issue 23): bundles from real runs of the bash collector against loopback
// stand-ins (tests/fixtures/collect, made by tests/cli/collect.rs), pasted once, give the
// expected steps; the "Collect everything" panel offers the script for the typed vault, and a
// support engineer's request link opens with the vault, the shell and the note (as text).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, openPage, step, outDir, fixture } from './harness.mjs';

const shared = useServerAndBrowser(before, after);
const bundle = (name) => fixture(`collect/${name}.txt`);

async function pasted(name) {
  const opened = await openPage(shared.browser, shared.server.url);
  await opened.page.getByRole('textbox', { name: /Paste/ }).first().fill(bundle(name));
  await opened.page.locator('.understood[data-kind="kvdoctor-bundle"]').waitFor();
  return opened;
}

async function status(page, id, expected) {
  await step(page, id).and(page.locator(`[data-status="${expected}"]`)).waitFor({ state: 'attached' });
}

test('a healthy bundle: private answer, reachable, the 401 challenge not taken for a failure', async () => {
  const { page, context, errors } = await pasted('bash-healthy-standins');
  await status(page, 'dns-private-address', 'pass');
  await status(page, 'net-reachable', 'pass');
  await status(page, 'dns-resolves', 'pass');
  await page.screenshot({ path: `${outDir}/collect-healthy-1280.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a resolver that answers publicly: the private address step fails', async () => {
  const { page, context } = await pasted('bash-public-standins');
  await status(page, 'dns-private-address', 'fail');
  await context.close();
});

test('an intercepting certificate: the connection step fails on the certificate line', async () => {
  const { page, context } = await pasted('bash-intercept-standins');
  await status(page, 'net-reachable', 'fail');
  assert.match(await step(page, 'net-reachable').textContent(), /Verify return code/);
  await context.close();
});

test('the panel offers the script for the typed vault', async () => {
  const { page, context, errors } = await openPage(shared.browser, shared.server.url);
  await page.locator('#vault-name').fill('contoso');
  await page.locator('.collect-panel summary').click();
  const script = page.locator('.collect-script pre');
  await page.locator('.collect-script summary').click();
  await page.waitForFunction(() => document.querySelector('.collect-script pre')?.textContent.includes("kv_vault='contoso'"));
  assert.match(await script.textContent(), /^#!\/usr\/bin\/env bash/);
  await page.getByRole('button', { name: 'PowerShell' }).click();
  await page.waitForFunction(() => document.querySelector('.collect-script pre')?.textContent.includes("$kvVault = 'contoso'"));
  assert.deepEqual(errors, []);
  await context.close();
});

test('a request link opens with the vault, the shell and the note shown as text', async () => {
  const note = encodeURIComponent('Run it on the app VM <b>please</b>');
  const { page, context, errors } = await openPage(shared.browser, `${shared.server.url}#vault=fabrikam&collect=powershell&note=${note}`);
  const shown = page.locator('.request-note');
  await shown.waitFor();
  assert.match(await shown.textContent(), /Run it on the app VM <b>please<\/b>/);
  assert.equal(await page.locator('.request-note b').count(), 0, 'the note is text, never markup');
  assert.equal(await page.locator('#vault-name').inputValue(), 'fabrikam');
  await page.waitForFunction(() => document.querySelector('.collect-script pre')?.textContent.includes("$kvVault = 'fabrikam'"));
  await page.screenshot({ path: `${outDir}/collect-request-1280.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});
