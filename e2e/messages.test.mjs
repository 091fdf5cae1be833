// A lone pasted error line is a paste: the page reads it and fails the step it names; a paste
// the page cannot read is said to be unread, never "no fault found".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, openPage, step, outDir } from './harness.mjs';

const shared = useServerAndBrowser(before, after);

test('a lone firewall message fails net-firewall, naming the client address', async () => {
  const { page, context, errors } = await openPage(shared.browser, shared.server.url);
  await page.getByRole('textbox', { name: /Paste/ }).first()
    .fill('Client address is not authorized and caller is not a trusted service. Client address: 52.1.2.3');
  const card = step(page, 'net-firewall');
  await card.and(page.locator('[data-status="fail"]')).waitFor();
  assert.match(await card.textContent(), /52\.1\.2\.3/);
  assert.equal(await page.locator('.verdict').getAttribute('data-primary'), 'net-firewall');
  assert.equal(await page.locator('.understood').first().getAttribute('data-kind'), 'error');
  assert.doesNotMatch(await page.locator('.verdict').textContent(), /No fault found/);
  await page.screenshot({ path: `${outDir}/lone-firewall-line.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('gibberish is said not to be understood', async () => {
  const { page, context, errors } = await openPage(shared.browser, shared.server.url);
  await page.getByRole('textbox', { name: /Paste/ }).first().fill('lorem ipsum dolor sit amet');
  const verdict = page.locator('.verdict');
  await verdict.filter({ hasText: /could not read paste 1/ }).waitFor();
  assert.doesNotMatch(await verdict.textContent(), /No fault found/);
  await page.screenshot({ path: `${outDir}/gibberish.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});
