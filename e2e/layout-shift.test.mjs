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
  await page.locator('.pastes textarea').first().focus();
  await page.evaluate(() => {
    window.shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const inReport = e.sources.some((s) => s.node?.closest?.('.report'));
        window.shifts.push({ value: e.value, inReport, at: Math.round(e.startTime) });
      }
    }).observe({ type: 'layout-shift' });
  });
  for (const line of TYPED.split(/(?<=\n)/)) {
    await page.keyboard.type(line.replace(/\n$/, ''), { delay: 5 });
    if (line.endsWith('\n')) await page.keyboard.press('Enter');
  }
  await page.waitForFunction(() => !document.querySelector('.report[data-pending]'));
  await page.evaluate(() => new Promise((done) => setTimeout(done, 300)));
  const shifts = await page.evaluate(() => window.shifts);
  await context.close();
  const sum = (list) => Math.round(list.reduce((n, s) => n + s.value, 0) * 1000) / 1000;
  return { total: sum(shifts), report: sum(shifts.filter((s) => s.inReport)), count: shifts.length, largest: Math.max(0, ...shifts.map((s) => s.value)) };
}

for (const [name, viewport] of Object.entries(SCREENS)) {
  test(`${name}: typing a paste character by character shifts the layout less than 0.05`, async () => {
    const shifts = await typingShifts(viewport);
    console.log(`${name} typing: ${JSON.stringify(shifts)}`);
    assert.ok(shifts.total < 0.05, `layout shift while typing: ${JSON.stringify(shifts)}`);
  });
}
