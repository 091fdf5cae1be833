// The page end to end: paste → report, privacy (CSP, no outside requests), accessibility.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useServerAndBrowser, openPage, fixture, step, outDir, root } from './harness.mjs';

const shared = useServerAndBrowser(before, after);


const DNS_STEPS = ['dns-resolves', 'dns-privatelink-alias', 'dns-private-address', 'dns-resolver'];

test('a public answer through the privatelink alias fails dns-private-address, quoting the line', async () => {
  const { page, context, errors } = await openPage(shared.browser, shared.server.url);
  await page.getByRole('textbox', { name: /Paste/ }).first().fill(fixture('nslookup/windows-public-via-alias.txt'));
  const card = step(page, 'dns-private-address');
  await assert.doesNotReject(card.and(page.locator('[data-status="fail"]')).waitFor());
  const evidence = await card.locator('.evidence li').first().textContent();
  assert.match(evidence, /Address: {2}52\.168\.109\.101/);
  assert.match(evidence, /paste 1, line 7/);
  const status = page.locator('.report');
  assert.equal(await status.locator('[data-check]').count(), 38);
  assert.match(await status.locator('.verdict').textContent(), /resolves to public address 52\.168\.109\.101/);
  assert.equal(await page.locator('.verdict').getAttribute('data-primary'), 'dns-private-address');
  await page.screenshot({ path: `${outDir}/failing-1280.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a healthy private answer passes every DNS step', async () => {
  const { page, context } = await openPage(shared.browser, shared.server.url);
  await page.getByRole('textbox', { name: /Paste/ }).first().fill(fixture('nslookup/linux-private-healthy.txt'));
  await step(page, 'dns-resolves').and(page.locator('[data-status="pass"]')).waitFor({ state: 'attached' });
  for (const id of DNS_STEPS) {
    assert.equal(await step(page, id).getAttribute('data-status'), 'pass', id);
  }
  assert.equal(await page.locator('.understood').getAttribute('data-kind'), 'nslookup');
  await context.close();
});

test('the page requests nothing outside its own origin, and the CSP blocks what would', async () => {
  const { page, context, requests } = await openPage(shared.browser, shared.server.url);
  await page.getByRole('textbox', { name: /Paste/ }).first().fill(fixture('nslookup/windows-public-via-alias.txt'));
  await step(page, 'dns-private-address').and(page.locator('[data-status="fail"]')).waitFor();
  // The public DNS button is offered (the paste names the vault) but never pressed: nothing is asked.
  await page.getByRole('button', { name: 'Ask public DNS about fabrikam.vault.azure.net' }).waitFor();
  const origin = new URL(shared.server.url).origin;
  assert.ok(requests.length >= 4, `expected the page's own files, saw ${requests}`);
  for (const url of requests) assert.equal(new URL(url).origin, origin, `outside request: ${url}`);
  assert.ok(!requests.some((url) => url.includes('dns-query')), `asked DNS unprompted: ${requests}`);
  const csp = await page.evaluate(async () => {
    const violations = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
    const fetched = await fetch('https://example.com/').then(() => 'sent', () => 'blocked');
    // The resolver's origin is the one exception; another resolver stays blocked.
    const google = await fetch('https://dns.google/resolve?name=x').then(() => 'sent', () => 'blocked');
    const inline = document.createElement('script');
    inline.textContent = 'window.__inlineRan = true;';
    document.body.append(inline);
    await new Promise((r) => setTimeout(r, 50));
    return { fetched, google, inlineRan: window.__inlineRan === true, violations };
  });
  assert.equal(csp.fetched, 'blocked');
  assert.equal(csp.google, 'blocked');
  assert.equal(csp.inlineRan, false);
  assert.ok(csp.violations.includes('connect-src'), JSON.stringify(csp.violations));
  assert.ok(csp.violations.some((v) => v.startsWith('script-src')), JSON.stringify(csp.violations));
  await context.close();
});

test('the engine is fetched only when there is something to diagnose, and runs in a worker', async () => {
  const context = await shared.browser.newContext();
  const fetched = [];
  context.on('request', (request) => fetched.push(new URL(request.url()).pathname));
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(shared.server.url);
  await page.locator('.site-footer').waitFor();
  await page.waitForTimeout(300);
  const engine = (path) => /\/kvdoctor-(engine|worker)-[0-9a-f]+/.test(path);
  assert.deepEqual(fetched.filter(engine), [], 'the empty page fetches no engine');
  assert.equal(page.workers().length, 0);
  await page.getByRole('textbox', { name: /Paste 1/ }).fill(fixture('nslookup/windows-public-via-alias.txt'));
  await page.locator('.verdict[data-primary="dns-private-address"]').waitFor();
  assert.equal(page.workers().length, 1, 'one worker runs the engine');
  assert.ok(fetched.some((p) => /kvdoctor-engine-[0-9a-f]+_bg\.wasm$/.test(p)), fetched.join('\n'));
  // Further pastes go to the same worker: nothing is fetched again.
  const before = fetched.filter(engine).length;
  await page.getByRole('textbox', { name: /Vault name/ }).fill('contoso');
  await page.locator('.command code').filter({ hasText: 'contoso.vault.azure.net' }).first().waitFor({ state: 'attached' });
  assert.equal(fetched.filter(engine).length, before);
  assert.equal(page.workers().length, 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('pasted markup is shown as text, never run', async () => {
  const { page, context } = await openPage(shared.browser, shared.server.url);
  const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>\nServer: <b>bold</b>';
  await page.getByRole('textbox', { name: /Paste/ }).first().fill(hostile);
  // The notes fold behind one word on the paste's summary line (nothing moves while typing).
  const notes = page.locator('.understood .notes');
  await notes.waitFor({ state: 'attached' });
  assert.match(await notes.textContent(), /not recognised/);
  await page.locator('.understood .notes-fold summary').click();
  assert.ok(await notes.isVisible(), 'opened, the notes are shown');
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.locator('.report img, .report b').count(), 0);
  await context.close();
});

test('axe-core finds no accessibility violations, empty and with a report', async () => {
  const axeSource = readFileSync(`${root}node_modules/axe-core/axe.min.js`, 'utf8');
  const { page, context } = await openPage(shared.browser, shared.server.url);
  const audit = async () => {
    await page.evaluate(axeSource);
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  };
  assert.deepEqual(await audit(), []);
  await page.getByRole('textbox', { name: /Paste/ }).first().fill(fixture('nslookup/windows-custom-dns-public.txt'));
  await step(page, 'dns-resolver').and(page.locator('[data-status="fail"]')).waitFor();
  await page.locator('details summary').first().click();
  assert.deepEqual(await audit(), []);
  await context.close();
});

test('keyboard: tab reaches the paste area, and a second paste can be added and removed', async () => {
  const { page, context } = await openPage(shared.browser, shared.server.url);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to the diagnosis');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'vault-name');
  await page.keyboard.type('fabrikam');
  for (let i = 0; i < 4 && (await page.evaluate(() => document.activeElement.id)) !== 'paste-1'; i += 1) {
    await page.keyboard.press('Tab');
  }
  assert.equal(await page.evaluate(() => document.activeElement.id), 'paste-1');
  await page.keyboard.type('nslookup fabrikam.vault.azure.net\n** server can\'t find fabrikam.vault.azure.net: NXDOMAIN');
  await step(page, 'dns-resolves').and(page.locator('[data-status="fail"]')).waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Add another paste');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.equal(outline, 'solid', 'keyboard focus is visible');
  await page.keyboard.press('Enter');
  assert.equal(await page.getByRole('textbox', { name: /Paste/ }).count(), 2);
  await page.getByRole('button', { name: 'Remove paste 2' }).press('Enter');
  assert.equal(await page.getByRole('textbox', { name: /Paste/ }).count(), 1);
  await context.close();
});

test('narrow screens get the same report (screenshot at 360 px)', async () => {
  const { page, context } = await openPage(shared.browser, shared.server.url, { viewport: { width: 360, height: 800 } });
  await page.getByRole('textbox', { name: /Paste/ }).first().fill(fixture('nslookup/windows-public-via-alias.txt'));
  await step(page, 'dns-private-address').and(page.locator('[data-status="fail"]')).waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px`);
  await page.screenshot({ path: `${outDir}/failing-360.png`, fullPage: true });
  await context.close();
});
