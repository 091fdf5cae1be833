// The answer first: on a phone and on a desktop, after a paste and after opening a link, the
// verdict is in view and the first fix within a screen of it; a screen reader hears one
// sentence; the diagnosis is navigable by headings and reachable in a few Tabs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { useServerAndBrowser, root, outDir } from './harness.mjs';

const shared = useServerAndBrowser(before, after);

const ERROR = '(Forbidden) Public network access is disabled and request is not from a trusted service nor via an approved private link.\nCode: Forbidden\nInner error: {"code":"ForbiddenByConnection"}';
const SCREENS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } };

async function context(viewport) {
  const made = await shared.browser.newContext({ viewport });
  await made.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(shared.server.url).origin });
  return made;
}

/** Where the verdict and the first fix sit in the viewport, in CSS pixels. */
async function positions(page) {
  await page.locator('.verdict').waitFor();
  // The verdict is brought into view once the answer has been drawn.
  await page.waitForFunction(() => {
    const top = document.querySelector('.verdict').getBoundingClientRect().top;
    return top >= -2 && top < innerHeight;
  });
  return page.evaluate(() => {
    const top = (sel) => document.querySelector(sel)?.getBoundingClientRect().top;
    return { verdict: top('.verdict'), fix: top('.steps .action.fix'), height: innerHeight };
  });
}

for (const [name, viewport] of Object.entries(SCREENS)) {
  test(`${name}: after a paste the verdict is in view and the fix within a screen of it`, async () => {
    const made = await context(viewport);
    const page = await made.newPage();
    await page.goto(shared.server.url);
    await page.locator('.site-footer').waitFor();
    await page.evaluate((text) => navigator.clipboard.writeText(text), ERROR);
    await page.getByRole('textbox', { name: /Paste 1/ }).focus();
    await page.keyboard.press('Control+V');
    const at = await positions(page);
    assert.ok(at.verdict >= -2 && at.verdict < at.height, `verdict at ${at.verdict}`);
    assert.ok(at.fix - at.verdict < at.height, `fix ${at.fix - at.verdict} px below the verdict`);
    assert.equal(await page.locator('details.examples').getAttribute('open'), null, 'examples fold away');
    await page.screenshot({ path: `${outDir}/answer-first-paste-${name}.png` });
    await made.close();
  });

  test(`${name}: opening a link shows its verdict first`, async () => {
    const file = `${root}static/examples/cases/zone-not-linked/1.txt`;
    const link = execFileSync(`${root}target/debug/kvdoctor`, ['--link', '--base', shared.server.url, file], { encoding: 'utf8' }).trim();
    const made = await context(viewport);
    const page = await made.newPage();
    await page.goto(link);
    const at = await positions(page);
    assert.ok(at.verdict >= -2 && at.verdict < at.height, `verdict at ${at.verdict}`);
    await page.screenshot({ path: `${outDir}/answer-first-link-${name}.png` });
    await made.close();
  });
}

test('a screen reader hears one sentence per verdict, and the report is not live', async () => {
  const made = await context(SCREENS.desktop);
  const page = await made.newPage();
  await page.goto(shared.server.url);
  await page.getByRole('textbox', { name: /Paste 1/ }).fill(ERROR);
  await page.locator('.verdict').waitFor();
  const live = page.getByRole('status');
  assert.equal(await live.count(), 1, 'one live region');
  assert.equal(await live.textContent(), 'Diagnosis: 1 failing step, net-public-access.');
  assert.equal(await page.locator('.report').getAttribute('aria-live'), null);
  assert.equal(await page.locator('.report [aria-live]').count(), 1);
  await made.close();
});

test('headings outline the diagnosis; a skip link and a few Tabs reach it', async () => {
  const made = await context(SCREENS.desktop);
  const page = await made.newPage();
  await page.goto(shared.server.url);
  await page.getByRole('textbox', { name: /Paste 1/ }).fill(ERROR);
  await page.locator('.verdict').waitFor();
  const headings = await page.locator('.report').locator('h2, h3, h4').evaluateAll((hs) => hs.map((h) => `${h.tagName} ${h.textContent.slice(0, 24)}`));
  assert.match(headings[0], /^H2 Diagnosis/);
  assert.match(headings[1], /^H3 ✖ fail Public network/);
  assert.ok(headings.includes('H3 What to fix'), headings.join(' | '));
  assert.ok(headings.some((h) => h.startsWith('H4 Public network access')), headings.join(' | '));
  // From the paste box to the first Copy of the fix.
  await page.getByRole('textbox', { name: /Paste 1/ }).focus();
  let tabs = 0;
  while (tabs < 40) {
    await page.keyboard.press('Tab');
    tabs += 1;
    const label = await page.evaluate(() => document.activeElement?.textContent?.trim());
    const inFix = await page.evaluate(() => !!document.activeElement?.closest('.action.fix'));
    if (label === 'Copy' && inFix) break;
  }
  assert.ok(tabs <= 8, `${tabs} Tabs from the paste box to the first Copy`);
  // The skip link is the first stop of the page, and lands on the diagnosis.
  const fresh = await made.newPage();
  await fresh.goto(shared.server.url);
  await fresh.locator('.site-footer').waitFor();
  await fresh.keyboard.press('Tab');
  assert.equal(await fresh.evaluate(() => document.activeElement?.textContent), 'Skip to the diagnosis');
  const hash = await fresh.evaluate(() => location.hash);
  await fresh.keyboard.press('Enter');
  assert.equal(await fresh.evaluate(() => document.activeElement?.id), 'report-heading');
  assert.equal(await fresh.evaluate(() => location.hash), hash, 'the fragment (the case) is untouched');
  await made.close();
});

test('"Add another paste" moves the focus to the new box', async () => {
  const made = await context(SCREENS.phone);
  const page = await made.newPage();
  await page.goto(shared.server.url);
  await page.getByRole('textbox', { name: /Paste 1/ }).fill(ERROR);
  await page.getByRole('button', { name: 'Add another paste' }).click();
  await page.waitForFunction(() => document.activeElement === document.querySelectorAll('.pastes textarea')[1]);
  await made.close();
});
