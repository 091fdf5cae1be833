// The answer first: on a phone and on a desktop, after a paste and after opening a link, the
// verdict is in view and the first fix within a screen of it; a screen reader hears one
// sentence; the diagnosis is navigable by headings and reachable in a few Tabs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { useServerAndBrowser, root, outDir } from './harness.mjs';

const shared = useServerAndBrowser(before, after);

const ERROR = '(Forbidden) Public network access is disabled and request is not from a trusted service nor via an approved private link.\nCode: Forbidden\nInner error: {"code":"ForbiddenByConnection"}';
// The error's first line alone, as a customer quotes it in a chat or a ticket title.
const LONE = 'Public network access is disabled and request is not from a trusted service nor via an approved private link.';
const SCREENS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } };

async function context(viewport) {
  const made = await shared.browser.newContext({ viewport });
  await made.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(shared.server.url).origin });
  return made;
}

/** Where the verdict and the first fix sit in the viewport, in CSS pixels. */
async function positions(page) {
  await page.locator('.verdict').waitFor();
  await page.waitForFunction(() => !document.querySelector('.report[data-pending]'));
  // The verdict is brought into view once the answer has been drawn.
  await page.waitForFunction(() => {
    const top = document.querySelector('.verdict').getBoundingClientRect().top;
    return top >= -2 && top < innerHeight;
  });
  return page.evaluate(() => {
    const top = (sel) => document.querySelector(sel)?.getBoundingClientRect().top;
    const quotes = [...document.querySelectorAll('.report .quote')].map((q) => q.textContent);
    return {
      verdict: top('.verdict'), fix: top('.steps .action.fix'), share: top('.share-bar'), height: innerHeight,
      live: document.querySelector('.report [role=status]')?.textContent,
      quotes, unfolded: document.querySelectorAll('.report > details[open]').length,
      decides: [...document.querySelectorAll('.report .decides')].map((d) => d.textContent),
    };
  });
}

/** What every journey must show: the verdict in view, the fix within a screen of it, the share
 * controls after it, one sentence for a screen reader, each line quoted once, the other steps
 * folded. */
function answerFirst(at, fails = true, journey = '') {
  if (journey) console.log(`${journey}: verdict at ${Math.round(at.verdict)} px, first fix at ${Math.round(at.fix)} px (${Math.round(at.fix - at.verdict)} below), share bar at ${Math.round(at.share)} px, viewport ${at.height}; live "${at.live}"`);
  assert.ok(at.verdict >= -2 && at.verdict < at.height, `verdict at ${at.verdict}`);
  if (fails) assert.ok(at.fix - at.verdict < at.height, `fix ${at.fix - at.verdict} px below the verdict`);
  assert.ok(at.share > at.verdict, 'the share controls come after the verdict');
  assert.match(at.live, /^Diagnosis: [^.]*\.$/, 'one sentence');
  assert.equal(new Set(at.quotes).size, at.quotes.length, `a line quoted twice: ${at.quotes.join(' | ')}`);
  assert.equal(at.unfolded, 0, 'the open, passed and inapplicable steps stay folded');
  for (const line of at.decides) {
    const reasons = line.replace(/^Decides( \d+ steps)?: /, '').split('; ');
    assert.equal(new Set(reasons).size, reasons.length, `a reason said twice: ${line}`);
  }
}

async function paste(page, n, text) {
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.locator('.pastes textarea').nth(n).focus();
  await page.keyboard.press('Control+V');
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
    answerFirst(at, true, `${name} paste`);
    assert.equal(at.live, 'Diagnosis: 1 failing step, net-public-access.');
    assert.equal(await page.locator('details.examples').getAttribute('open'), null, 'examples fold away');
    await page.screenshot({ path: `${outDir}/answer-first-paste-${name}.png` });
    await made.close();
  });

  test(`${name}: a lone "Public network access is disabled" line: the verdict says what is wrong, the fix is right under it`, async () => {
    const made = await context(viewport);
    const page = await made.newPage();
    await page.goto(shared.server.url);
    await page.locator('.site-footer').waitFor();
    await paste(page, 0, LONE);
    const at = await positions(page);
    answerFirst(at, true, `${name} lone line`);
    // The box does not repeat the fix the first step gives under it.
    const [verdict, fix] = await Promise.all([page.locator('.verdict').textContent(), page.locator('.steps .action.fix').first().textContent()]);
    const sentence = fix.replace(/^Fix:?\s*/, '').split(/(?<=\.)\s/)[0];
    assert.ok(sentence.length > 20 && !verdict.includes(sentence), `the verdict repeats the fix: ${verdict}`);
    // Nor does the first card repeat the verdict's sentence on screen (its title is there for
    // screen readers, who move by headings).
    const title = page.locator('.report > .steps .step-title').first();
    const shown = await title.evaluate((t) => t.getBoundingClientRect().width > 1);
    assert.ok(!shown || !verdict.includes(await title.textContent()), `the first card repeats the verdict: ${verdict}`);
    await page.screenshot({ path: `${outDir}/answer-first-lone-${name}.png` });
    await made.close();
  });

  test(`${name}: opening a link shows its verdict first`, async () => {
    const file = `${root}static/examples/cases/zone-not-linked/1.txt`;
    const link = execFileSync(`${root}target/debug/kvdoctor`, ['--link', '--base', shared.server.url, file], { encoding: 'utf8' }).trim();
    const made = await context(viewport);
    const page = await made.newPage();
    await page.goto(link);
    const at = await positions(page);
    answerFirst(at, true, `${name} link`);
    await page.screenshot({ path: `${outDir}/answer-first-link-${name}.png` });
    await made.close();
  });

  test(`${name}: two pastes, one after the other: the verdict is in view after each`, async () => {
    const dir = `${root}static/examples/cases/zone-not-linked`;
    const made = await context(viewport);
    const page = await made.newPage();
    await page.goto(shared.server.url);
    await page.locator('.site-footer').waitFor();
    await paste(page, 0, readFileSync(`${dir}/1.txt`, 'utf8'));
    answerFirst(await positions(page), false);
    await page.getByRole('button', { name: 'Add another paste' }).click();
    await page.waitForFunction(() => document.activeElement === document.querySelectorAll('.pastes textarea')[1]);
    await paste(page, 1, readFileSync(`${dir}/2.txt`, 'utf8'));
    await page.waitForFunction(() => document.querySelector('.verdict')?.dataset.primary === 'dns-private-address');
    const at = await positions(page);
    answerFirst(at, true, `${name} two pastes`);
    await page.screenshot({ path: `${outDir}/answer-first-multi-${name}.png` });
    await made.close();
  });

  test(`${name}: typing into the paste box moves nothing under it`, async () => {
    const made = await context(viewport);
    const page = await made.newPage();
    await page.goto(shared.server.url);
    await page.locator('.site-footer').waitFor();
    const area = page.locator('.pastes textarea').first();
    await area.focus();
    await page.keyboard.type(ERROR.slice(0, 3));
    await page.locator('.understood').waitFor();
    await page.evaluate(() => {
      const below = document.querySelector('.paste-actions');
      window.tops = new Set();
      const watch = () => { window.tops.add(Math.round(below.getBoundingClientRect().top + scrollY)); requestAnimationFrame(watch); };
      watch();
    });
    // Half-typed: first "not recognised", then an error message, then a third line begun.
    for (const chunk of [ERROR.slice(3, 40), ERROR.slice(40, 125), ERROR.slice(125, 140), ERROR.slice(140)]) {
      await page.keyboard.type(chunk);
      await page.waitForFunction(() => !document.querySelector('.report[data-pending]'));
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    }
    const tops = await page.evaluate(() => [...window.tops]);
    assert.equal(tops.length, 1, `the buttons under the paste box moved: ${tops.join(', ')}`);
    assert.equal(await page.locator('.understood .notes').isVisible(), false, 'notes stay folded');
    if (name === 'desktop') {
      // The report column is sticky: typing far down the pastes, the verdict stays in view.
      await page.getByRole('button', { name: 'Add another paste' }).click();
      await page.getByRole('button', { name: 'Add another paste' }).click();
      await page.evaluate(() => scrollTo(0, document.body.scrollHeight));
      await page.keyboard.type('nslookup contoso.vault.azure.net');
      await page.waitForFunction(() => !document.querySelector('.report[data-pending]'));
      const top = await page.evaluate(() => document.querySelector('.verdict').getBoundingClientRect().top);
      assert.ok(await page.evaluate(() => scrollY) > 0, 'the page was scrolled');
      assert.ok(top >= 0 && top < 800 - 100, `verdict at ${top} while typing at the bottom of the page`);
    }
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
  console.log(`${tabs} Tabs from the paste box to the first Copy`);
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

test('each folded group holds as many steps as its summary says, shown when it is opened', async () => {
  const made = await context(SCREENS.desktop);
  const page = await made.newPage();
  await page.goto(shared.server.url);
  await page.getByRole('textbox', { name: /Paste 1/ }).fill(ERROR);
  await page.locator('.verdict').waitFor();
  // The engine's HTML holds the folded cards (inserting them costs less than asking the engine
  // for them on opening; issue 24): hidden until the group is opened.
  for (const group of ['passed', 'skipped']) {
    const fold = page.locator(`.report details.${group}`);
    const said = Number(/^\d+/.exec(await fold.locator('> summary').textContent())[0]);
    assert.equal(await fold.locator('[data-check]').count(), said, `${group}: as many cards as the summary says`);
    assert.equal(await fold.locator('[data-check]').first().isVisible(), false, `${group}: folded`);
    await fold.locator('> summary').click();
    assert.equal(await fold.locator('[data-check]').first().isVisible(), true, `${group}: shown once opened`);
  }
  await made.close();
});

test('a printout carries the link and the date, not the pastes', async () => {
  const made = await context(SCREENS.desktop);
  const page = await made.newPage();
  await page.goto(shared.server.url);
  await page.getByRole('textbox', { name: /Paste 1/ }).fill(ERROR);
  await page.locator('.verdict').waitFor();
  await page.locator('#share-link').waitFor();
  await page.emulateMedia({ media: 'print' });
  const stamp = page.locator('.print-stamp');
  assert.ok(await stamp.isVisible(), 'the stamp is printed');
  const text = await stamp.textContent();
  assert.ok(text.includes(`Case: ${await page.locator('#share-link').inputValue()}`), text);
  assert.match(text, /kvdoctor \S+, \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
  assert.equal(await page.locator('.pastes').isVisible(), false, 'the pastes are not printed');
  assert.ok(await page.locator('.verdict').isVisible());
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
