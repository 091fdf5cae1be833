// The collector (issue 23): bundles from real runs of the bash collector against loopback
// stand-ins (tests/fixtures/collect, made by tests/cli/collect.rs), pasted once, give the
// expected steps; the "Collect everything" panel offers one-liners that run the script this page
// serves (the committed file, as text; its bundle reads back), and a support engineer makes a
// request link that opens with the vault, the shell and the note (as text).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { useServerAndBrowser, openPage, step, outDir, fixture, root, copied } from './harness.mjs';

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

test('the panel offers one-liners that run the script this page serves', async () => {
  const { page, context, errors } = await openPage(shared.browser, shared.server.url);
  await page.locator('#vault-name').fill('contoso');
  await page.locator('.collect-panel summary').first().click();
  const first = page.locator('.one-liner code').first();
  await page.waitForFunction(() => document.querySelector('.one-liner code')?.textContent.includes('contoso'));
  assert.equal(await first.textContent(), `curl -fsSL '${shared.server.url}collect.sh' | bash -s -- contoso`);
  assert.equal(await page.locator('a.script-link').getAttribute('href'), `${shared.server.url}collect.sh`);
  await page.locator('.collect-panel .shell-choice').getByRole('button', { name: 'PowerShell' }).click();
  await page.waitForFunction(() => document.querySelector('.one-liner code')?.textContent.includes('collect.ps1'));
  assert.equal(
    await first.textContent(),
    `[Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor 3072; & ([scriptblock]::Create((Invoke-RestMethod -UseBasicParsing '${shared.server.url}collect.ps1'))) -Vault 'contoso'`,
  );
  for (const [width, height] of [[390, 844], [1280, 800]]) {
    await page.setViewportSize({ width, height });
    await page.locator('.collect-panel').screenshot({ path: `${outDir}/collect-panel-${width}.png` });
    // Long lines wrap inside the panel: nothing makes the page scroll sideways.
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `no sideways scroll at ${width}`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('the served script is the committed file, as text, and its bundle reads back on the page', async () => {
  for (const [file, name] of [['collect.sh', 'static/collect.sh'], ['collect.ps1', 'static/collect.ps1']]) {
    const response = await fetch(`${shared.server.url}${file}`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.match(response.headers.get('content-security-policy'), /default-src 'none'/);
    assert.equal(await response.text(), readFileSync(`${root}${name}`, 'utf8'), `${file} is not ${name}`);
  }
  // Run as the one-liner runs it (piped into `bash -s -- contoso`), in a network namespace of
  // its own: nothing to reach, every step fails at once, the bundle is still whole.
  const script = await (await fetch(`${shared.server.url}collect.sh`)).text();
  const bundle = execFileSync('unshare', ['-n', 'bash', '-s', '--', 'contoso'], { input: script, encoding: 'utf8' });
  assert.match(bundle, /^=== kvdoctor collect v1 .* vault=contoso\.vault\.azure\.net shell=bash ===/);
  const { page, context, errors } = await openPage(shared.browser, shared.server.url);
  await page.getByRole('textbox', { name: /Paste/ }).first().fill(bundle);
  await page.locator('.understood[data-kind="kvdoctor-bundle"]').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('a support engineer makes a request link; it opens with the vault, the shell and the note as text', async () => {
  const made = await openPage(shared.browser, shared.server.url, { permissions: ['clipboard-read', 'clipboard-write'] });
  await made.page.locator('#vault-name').fill('fabrikam');
  await made.page.locator('.collect-panel summary').first().click();
  await made.page.locator('.collect-panel .shell-choice').getByRole('button', { name: 'PowerShell' }).click();
  await made.page.waitForFunction(() => document.querySelector('.one-liner code')?.textContent.includes('collect.ps1'));
  await made.page.locator('.request-form summary').click();
  await made.page.locator('#request-note').fill('Run it on the app VM <b>please</b>');
  const link = await copied(made.page, 'Copy request link');
  assert.equal(link, `${shared.server.url}#vault=fabrikam&collect=powershell&note=Run+it+on+the+app+VM+%3Cb%3Eplease%3C%2Fb%3E`);
  assert.equal(await made.page.locator('.request-link code').textContent(), link);
  await made.page.screenshot({ path: `${outDir}/collect-request-form-1280.png`, fullPage: true });
  assert.deepEqual(made.errors, []);
  await made.context.close();

  const { page, context, errors } = await openPage(shared.browser, link);
  const shown = page.locator('.request-note');
  await shown.waitFor();
  assert.match(await shown.textContent(), /Run it on the app VM <b>please<\/b>/);
  assert.equal(await page.locator('.request-note b').count(), 0, 'the note is text, never markup');
  assert.equal(await page.locator('#vault-name').inputValue(), 'fabrikam');
  assert.equal(await page.locator('.collect-panel .shell-choice').getByRole('button', { name: 'PowerShell' }).getAttribute('aria-pressed'), 'true');
  await page.waitForFunction(() => document.querySelector('.one-liner code')?.textContent.includes("-Vault 'fabrikam'"));
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
  await page.waitForFunction(() => document.querySelector('.one-liner code')?.textContent.includes("-Vault 'fabrikam'"));
  await page.screenshot({ path: `${outDir}/collect-request-1280.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});
