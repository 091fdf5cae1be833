// The guided page: examples, kind override, the portal form, take-away formats, accessibility.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useServerAndBrowser, openPage, step, copied, outDir, root } from './harness.mjs';

const shared = useServerAndBrowser(before, after);
const axeSource = readFileSync(`${root}node_modules/axe-core/axe.min.js`, 'utf8');
const examples = JSON.parse(readFileSync(`${root}static/examples/index.json`, 'utf8')).examples;

// The primary cause each example must show (the same table the native scenario test asserts).
const expected = Object.fromEntries(
  readFileSync(`${root}tests/engine/scenarios.rs`, 'utf8')
    .split('\n')
    .map((line) => /^\s*\("([a-z0-9-]+)", (\w+), (?:Some\("([a-z-]+)"\)|None)\),/.exec(line))
    .filter(Boolean)
    .map((m) => [m[1], m[3] ?? '']),
);


async function axe(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('every example loads and shows its expected primary cause', async () => {
  assert.equal(Object.keys(expected).length, examples.length);
  const { page, context, requests } = await openPage(shared.browser, shared.server.url);
  for (const example of examples) {
    await page.locator(`[data-example="${example.id}"]`).click();
    await page.getByRole('alert').filter({ hasText: example.title }).waitFor();
    const primary = await page.locator('.verdict').getAttribute('data-primary');
    assert.equal(primary, expected[example.id], example.id);
    assert.equal(await page.getByRole('textbox', { name: /^Paste/ }).count(), example.files.length, example.id);
  }
  const origin = new URL(shared.server.url).origin;
  assert.ok(requests.every((u) => new URL(u).origin === origin));
  assert.ok(requests.some((u) => u.endsWith('/examples/index.json')), 'examples are fetched on demand from the page\'s origin');
  await context.close();
});

test('a wrong guess about a paste can be overridden', async () => {
  const { page, context } = await openPage(shared.browser, shared.server.url);
  await page.getByRole('textbox', { name: /Paste 1/ }).fill(readFileSync(`${root}tests/fixtures/inputs/host-clean.txt`, 'utf8'));
  await step(page, 'dns-resolves').and(page.locator('[data-status="pass"]')).waitFor({ state: 'attached' });
  await page.getByLabel('Read paste 1 as').selectOption('nslookup');
  await page.locator('.understood[data-kind="nslookup"]').waitFor();
  assert.notEqual(await step(page, 'dns-resolves').getAttribute('data-status'), 'pass');
  assert.match(await page.locator('.understood .notes').textContent(), /ignored/);
  await page.getByLabel('Read paste 1 as').selectOption('');
  await page.locator('.understood[data-kind="host"]').waitFor();
  await context.close();
});

test('the portal form gives the same report as the equivalent pasted JSON', async () => {
  const { page, context } = await openPage(shared.browser, shared.server.url);
  await page.getByRole('button', { name: 'Enter values from the portal' }).click();
  await page.getByLabel('Vault URI').fill('https://fabrikam.vault.azure.net/');
  await page.getByLabel('Connection state (on the vault)').selectOption('Pending');
  await page.getByLabel('Provisioning state (on the vault)').selectOption('Succeeded');
  await page.getByLabel('Public network access').selectOption('Disable public access');
  await step(page, 'pe-connection-approved').and(page.locator('[data-status="fail"]')).waitFor();
  const fromForm = await page.locator('[data-check]').evaluateAll((c) => c.map((e) => `${e.dataset.check}=${e.dataset.status}`));
  await page.getByRole('button', { name: 'Clear' }).click();
  const json = `{"name": "fabrikam", "type": "Microsoft.KeyVault/vaults", "properties": {"vaultUri": "https://fabrikam.vault.azure.net/", "publicNetworkAccess": "Disabled",
    "networkAcls": {"defaultAction": "Deny"},
    "privateEndpointConnections": [{"properties": {"privateLinkServiceConnectionState": {"status": "Pending"}, "provisioningState": "Succeeded"}}]}}`;
  await page.getByRole('textbox', { name: /Paste 1/ }).fill(json);
  await step(page, 'pe-connection-approved').and(page.locator('[data-status="fail"]')).waitFor();
  const fromJson = await page.locator('[data-check]').evaluateAll((c) => c.map((e) => `${e.dataset.check}=${e.dataset.status}`));
  assert.deepEqual(fromForm, fromJson);
  await context.close();
});

test('copy as Markdown carries every step; copy as JSON is the CHECKS.md shape', async () => {
  const { page, context } = await openPage(shared.browser, shared.server.url);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(shared.server.url).origin });
  await page.locator('[data-example="zone-not-linked"]').click();
  await step(page, 'dns-private-address').and(page.locator('[data-status="fail"]')).waitFor();
  const markdown = await copied(page, 'Copy full report');
  const ids = await page.locator('[data-check]').evaluateAll((c) => c.map((e) => e.dataset.check));
  assert.equal(ids.length, 38);
  for (const id of ids) assert.ok(markdown.includes(`\`${id}\``), `markdown lacks ${id}`);
  const json = JSON.parse(await copied(page, 'Copy as JSON'));
  assert.equal(json.version, 1);
  assert.equal(json.verdict.primary, 'dns-private-address');
  await context.close();
});

test('axe finds no violations: empty, failing, healthy, portal form; screenshots at 1280 and 360', async () => {
  for (const width of [1280, 360]) {
    const { page, context } = await openPage(shared.browser, shared.server.url, { viewport: { width, height: 900 } });
    await page.locator('[data-example]').first().waitFor();
    assert.deepEqual(await axe(page), [], `empty at ${width}`);
    await page.screenshot({ path: `${outDir}/empty-${width}.png`, fullPage: true });
    await page.locator('[data-example="tcp-wrong-dns-address"]').click();
    await step(page, 'dns-matches-endpoint').and(page.locator('[data-status="fail"]')).waitFor();
    await page.locator('.run-commands summary').click();
    assert.deepEqual(await axe(page), [], `failing at ${width}`);
    await page.screenshot({ path: `${outDir}/failing-example-${width}.png`, fullPage: true });
    await page.locator('[data-example="healthy-private"]').click();
    await page.locator('.verdict[data-status="pass"]').waitFor();
    assert.deepEqual(await axe(page), [], `healthy at ${width}`);
    await page.screenshot({ path: `${outDir}/healthy-${width}.png`, fullPage: true });
    await page.getByRole('button', { name: 'Enter values from the portal' }).click();
    assert.deepEqual(await axe(page), [], `portal form at ${width}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${width}px: page scrolls sideways by ${overflow}px`);
    await context.close();
  }
});

test('dark mode follows the system and keeps contrast', async () => {
  const { page, context } = await openPage(shared.browser, shared.server.url, { colorScheme: 'dark' });
  await page.locator('[data-example="pipeline-agent-firewall"]').click();
  await step(page, 'net-firewall').and(page.locator('[data-status="fail"]')).waitFor();
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(background, 'rgb(15, 18, 22)');
  assert.deepEqual(await axe(page), []);
  await page.screenshot({ path: `${outDir}/dark-1280.png`, fullPage: true });
  await context.close();
});

test('a paste too large to display is read in full and summarised instead', async () => {
  const { page, context, errors } = await openPage(shared.browser, shared.server.url);
  const records = Array.from({ length: 9000 }, (_, i) => `  { "name": "kv${i}", "ttl": 10, "aRecords": [ { "ipv4Address": "10.9.${(i >> 8) & 255}.${i & 255}" } ], "fqdn": "kv${i}.privatelink.vaultcore.azure.net.", "type": "Microsoft.Network/privateDnsZones/A" }`);
  const big = `$ az network private-dns record-set a list -g rg-dns -z privatelink.vaultcore.azure.net\n[\n${records.join(',\n')}\n]\n`;
  assert.ok(big.length > 1_000_000);
  await page.evaluate((value) => {
    const data = new DataTransfer();
    data.setData('text/plain', value);
    document.querySelector('textarea').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, big);
  await page.locator('.large-paste').waitFor();
  await page.locator('.understood[data-kind="az-dns-record"]').waitFor();
  assert.match(await page.locator('.large-paste').textContent(), /9003 lines: read in full/);
  assert.equal(await page.locator('[data-busy]').count(), 0, 'the progress message goes once the paste is read');
  // 9000 records (name and address each) and their zone, named by the records' fqdn.
  assert.match(await page.locator('.understood .facts').textContent(), /18001 values read/);
  await page.getByRole('button', { name: 'Replace with other text' }).click();
  await page.getByRole('textbox', { name: /Paste 1/ }).fill('nslookup fabrikam.vault.azure.net\n** server can\'t find fabrikam.vault.azure.net: NXDOMAIN');
  await step(page, 'dns-resolves').and(page.locator('[data-status="fail"]')).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});
