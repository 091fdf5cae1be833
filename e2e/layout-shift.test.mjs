// Typing a real paste character by character moves nothing on the page: layout shifts are
// summed by a PerformanceObserver('layout-shift') at 1280x800 and 390x844, every shift counted
// (also those right after a key press, which the web's CLS leaves out: here the key presses
// are what is measured).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useServerAndBrowser, root } from './harness.mjs';

const shared = useServerAndBrowser(before, after);
const SCREENS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } };
// A real nslookup (the zone-not-linked example, from its SOURCES), typed as a user types it.
const TYPED = readFileSync(`${root}static/examples/cases/zone-not-linked/1.txt`, 'utf8');

/** Every shift while `TYPED` is typed into the first paste box: the total, the part the report
 * column's elements make, and the largest. */
async function typingShifts(viewport) {
  const context = await shared.browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(shared.server.url);
  await page.locator('.site-footer').waitFor();
  // The page settles first (its folded panels are drawn once the app starts): typing is measured.
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => new Promise((done) => setTimeout(done, 1000)));
  await page.locator('.pastes textarea').first().focus();
  await page.evaluate(() => {
    window.shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        // A text node counts where its element is.
        const inReport = e.sources.some((s) => (s.node?.nodeType === 3 ? s.node.parentElement : s.node)?.closest?.('.report'));
        window.shifts.push({ value: e.value, inReport, at: Math.round(e.startTime) });
      }
    }).observe({ type: 'layout-shift' });
  });
  for (const line of TYPED.split(/(?<=\n)/)) {
    await page.keyboard.type(line.replace(/\n$/, ''), { delay: 5 });
    if (line.endsWith('\n')) await page.keyboard.press('Enter');
  }
  const typed = await page.evaluate(() => performance.now());
  // The answer to the whole paste lands once the keys stop.
  await page.waitForFunction(() => !document.querySelector('.report[data-pending]'));
  await page.evaluate(() => new Promise((done) => setTimeout(done, 1500)));
  const shifts = await page.evaluate(() => window.shifts);
  const primary = await page.locator('.verdict').getAttribute('data-primary');
  await context.close();
  const sum = (list) => Math.round(list.reduce((n, s) => n + s.value, 0) * 1000) / 1000;
  const during = shifts.filter((s) => s.at <= typed);
  return {
    typing: sum(during), report: sum(during.filter((s) => s.inReport)), count: during.length,
    largest: Math.round(Math.max(0, ...during.map((s) => s.value)) * 1000) / 1000,
    landing: sum(shifts.filter((s) => s.at > typed)), landingReport: sum(shifts.filter((s) => s.at > typed && s.inReport)), primary,
  };
}

// The bounds. The report column: 0.005 while typing (nothing in it moves: the report is held
// until the keys pause), and 0.05 when the answer lands after the pause (the column grows under
// its heading; nothing in it was there to move). The whole page while typing: 0.05, half of what
// the web calls a good page's whole-visit CLS (0.1): what remains is the paste column's own
// growth (the box takes each typed line, the recognised-kind line and the command list appear
// after the first keys). Measured before the hold, typing this paste at 1280x800: 0.31, 0.28 of
// it in the report column (the verdict box growing a line, the share bar and folds pushed down).
for (const [name, viewport] of Object.entries(SCREENS)) {
  test(`${name}: typing a paste character by character does not move the report`, async () => {
    const shifts = await typingShifts(viewport);
    console.log(`${name} typing: ${JSON.stringify(shifts)}`);
    assert.ok(shifts.report < 0.005, `the report column moved while typing: ${JSON.stringify(shifts)}`);
    assert.ok(shifts.typing < 0.05, `layout shift while typing: ${JSON.stringify(shifts)}`);
    assert.ok(shifts.landingReport < 0.05, `the report column moved when the answer landed: ${JSON.stringify(shifts)}`);
    // The held report is not lost: the answer to the whole paste is shown once the keys stop.
    assert.equal(shifts.primary, 'dns-private-address');
  });
}
