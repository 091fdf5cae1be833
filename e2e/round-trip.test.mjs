// A link reproduces the sender's diagnosis (issue 26): for every example case and every held
// case (pastes nothing understood among them), the link the CLI makes, opened in a fresh
// browser context, shows the verdict the CLI gives (status, primary step and headline) and every
// step with the same status.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { root, openPage, useServerAndBrowser } from './harness.mjs';

const shared = useServerAndBrowser(before, after);
const held = `${root}tests/fixtures/cases`;
const txt = (dir) => readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().map((f) => `${dir}/${f}`);
const everyCase = () => [
  ...JSON.parse(readFileSync(`${root}static/examples/index.json`, 'utf8')).examples
    .map((e) => ({ name: e.id, args: [...(e.vault ? ['--vault', e.vault] : []), ...e.files.map((f) => `${root}static/examples/${f}`)] })),
  ...readdirSync(held).filter((d) => statSync(`${held}/${d}`).isDirectory()).map((d) => {
    const vault = existsSync(`${held}/${d}/VAULT`) ? readFileSync(`${held}/${d}/VAULT`, 'utf8').trim() : null;
    return { name: `held/${d}`, args: [...(vault ? ['--vault', vault] : []), ...txt(`${held}/${d}`)] };
  }),
];

function run(args) {
  try {
    return execFileSync(`${root}target/debug/kvdoctor`, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (e) {
    return e.stdout; // exit 1: a step failed
  }
}

test('every example and held case: the link opens in a fresh context to the same verdict and steps', async () => {
  const cases = everyCase();
  assert.ok(cases.length >= 25, `${cases.length} cases`);
  for (const { name, args } of cases) {
    const link = run(['--link', '--base', shared.server.url, ...args]).trim();
    assert.ok(link.startsWith(shared.server.url), `${name}: a link (${link.slice(0, 80)})`);
    const report = JSON.parse(run(['--format', 'json', '--from-link', link]));
    const sent = JSON.parse(run(['--format', 'json', ...args]));
    assert.deepEqual([report.verdict.status, report.verdict.primary], [sent.verdict.status, sent.verdict.primary], `${name}: the link holds the sender's diagnosis`);
    const { page, context } = await openPage(shared.browser, link);
    await page.locator('.verdict').waitFor();
    await page.waitForFunction(() => !document.querySelector('.report[data-pending]'));
    await page.waitForFunction((n) => document.querySelectorAll('.report [data-check]').length >= n, report.steps.length);
    const verdict = page.locator('.verdict');
    assert.equal(await verdict.getAttribute('data-status'), sent.verdict.status, name);
    assert.equal(await verdict.getAttribute('data-primary'), sent.verdict.primary ?? '', name);
    const said = (await verdict.textContent()).replace(/^\S+ \S+ /, '');
    assert.equal(said, sent.verdict.headline, `${name}: the verdict box says what is wrong, without the fix`);
    const steps = await page.locator('.report [data-check]').evaluateAll((cards) => Object.fromEntries(cards.map((c) => [c.dataset.check, c.dataset.status])));
    assert.deepEqual(steps, Object.fromEntries(sent.steps.map((s) => [s.id, s.status])), `${name}: every step as the sender saw it`);
    await context.close();
  }
});
