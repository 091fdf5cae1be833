// An experiment, not part of scripts/bench: when should the page start the engine's worker (fetch
// and compile its 200 KB of wasm)? Issue 24 item 3. Run after build_page:
//   RUNS=5 node bench/engine-trigger.mjs
// It copies dist/ once per candidate trigger into target/bench/trigger-*/, with static/boot.js's
// trigger (the block that begins "// The engine starts loading") replaced and minified as the
// build does (candidate f is the block as committed), then
// loads each on the bench's throttled line (1.6 Mbit/s, 150 ms, cache disabled), candidates
// interleaved run by run, as four visitors:
//   at once   the pointer moves onto the paste box as soon as the first screen is there, clicks
//             it and pastes the typical case (into the static box, which the app adopts);
//   after start  the pointer moves when the first screen is there; the click and paste come once
//             the app has started (the bench's "first report after pasting" row);
//   link      opens a share link of the same case (made by the CLI) and does nothing else;
//   idle      opens the page and does nothing for 8 s: is the engine fetched?
// For each it prints medians of first paint, shell wasm in, app started, engine requested and report
// landed (ms from navigation), and in how many runs the engine was fetched.
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { transformSync } from 'esbuild';
import { serve, launch, root } from '../e2e/harness.mjs';
import { pointAtPasteBox, pasteAndAwaitVerdict } from './visitor.mjs';

const RUNS = Number(process.env.RUNS ?? 5);
const median = (xs) => { const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b); return s.length ? s[Math.floor(s.length / 2)] : NaN; };
const LINE = { offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 1_600_000 / 8 };

const source = readFileSync(`${root}static/boot.js`, 'utf8');
const today = /\/\/ The engine starts loading[^\n]*\n(?:\/\/[^\n]*\n)*\{\n[\s\S]*?\n\}\n/;
if (!today.test(source)) throw new Error('static/boot.js: the engine-start trigger to replace is not where this script expects it');
const warm = 'window.kvdoctorEngine.warm()';
const focus = `document.addEventListener('focusin', (event) => {
  if (event.target.matches?.('textarea, input[type="text"]')) ${warm};
});\n`;
const interaction = (when) => `{
  const types = ['pointerdown', 'pointermove', 'keydown', 'touchstart', 'focusin', 'wheel'];
  const go = () => { types.forEach((t) => removeEventListener(t, go, true)); ${when} };
  types.forEach((t) => addEventListener(t, go, { capture: true, passive: true }));
  document.addEventListener('visibilitychange', () => { if (!document.hidden) go(); });
}\n`;
const afterLoadIdle = `const idle = () => (self.requestIdleCallback ?? setTimeout)(() => ${warm});
if (document.readyState === 'complete') idle(); else addEventListener('load', idle, { once: true });`;
// The committed block (f), and without its line for a link opened (c); g adds another line.
const committed = source.match(today)[0];
const linkLine = /\n  if \(location\.hash\.length > 1\) start\(\);\n/;
if (!linkLine.test(committed)) throw new Error('static/boot.js: the link line of the engine-start block is not where this script expects it');
const interactionOnly = committed.replace(linkLine, '\n');
const plus = (line) => interactionOnly.replace(/\n\}\n$/, `\n  ${line}\n}\n`);
// Resolves when the shell wasm's last byte has arrived (its resource timing entry).
const shellArrived = `const shellArrived = new Promise((arrived) => {
  if (!self.PerformanceObserver) return arrived();
  new PerformanceObserver((list, observer) => {
    if (list.getEntries().some((e) => e.name === named('wasm'))) { observer.disconnect(); arrived(); }
  }).observe({ type: 'resource', buffered: true });
});\n`;
const all = {
  'a focus (until issue 24)': focus,
  'b idle after load': `${focus}addEventListener('load', () => (self.requestIdleCallback ?? setTimeout)(() => ${warm}), { once: true });\n`,
  'c first interaction': interactionOnly,
  'd interaction, after load': interaction(afterLoadIdle),
  // The load event does not wait for the wasm preload (it fires with the first paint here): wait
  // for the shell wasm's last byte instead, so the engine never shares the line with the shell.
  'e interaction, after shell': `${shellArrived}${interaction(`shellArrived.then(() => ${warm});`)}`,
  // A link opened: the app will ask the engine to open it anyway; start at the first paint
  // (sharing the line with the shell) or once the shell's wasm is in.
  'f c + a link starts it at first paint (committed)': committed,
  'g c + a link starts it after shell': `${shellArrived}${plus('if (location.hash.length > 1) shellArrived.then(start);')}`,
};
// CANDIDATES=a,c,f picks some (by letter); by default the ones that keep an idle page idle.
const only = (process.env.CANDIDATES ?? 'a,c,e,f,g').split(',');
const candidates = Object.fromEntries(Object.entries(all).filter(([name]) => only.includes(name[0])));

const dirs = {};
for (const [name, trigger] of Object.entries(candidates)) {
  const dir = `${root}target/bench/trigger-${name[0]}`;
  rmSync(dir, { recursive: true, force: true });
  cpSync(`${root}dist`, dir, { recursive: true });
  const code = source.replace(today, trigger);
  writeFileSync(`${dir}/boot.js`, transformSync(code, { minify: true, format: 'esm', target: 'esnext' }).code);
  dirs[name] = dir;
}

// The bench's typical case (e2e/bench.mjs): five pastes of different kinds.
const caseDir = `${root}static/examples/cases/tcp-wrong-dns-address`;
const typical = readdirSync(caseDir).filter((f) => f.endsWith('.txt')).map((f) => readFileSync(`${caseDir}/${f}`, 'utf8'))
  .concat(readFileSync(`${root}tests/fixtures/inputs/curl-clean.txt`, 'utf8'), readFileSync(`${root}tests/fixtures/inputs/error-clean.txt`, 'utf8'))
  .join('\n\n');

// A share link for the same case (the CLI makes it), opened with nothing else done.
const cli = process.env.KVDOCTOR_CLI ? `${root}${process.env.KVDOCTOR_CLI}` : `${root}target/release/kvdoctor`;
const caseFiles = readdirSync(caseDir).filter((f) => f.endsWith('.txt')).map((f) => `${caseDir}/${f}`)
  .concat(`${root}tests/fixtures/inputs/curl-clean.txt`, `${root}tests/fixtures/inputs/error-clean.txt`);
const made = spawnSync(cli, ['--link', ...caseFiles], { encoding: 'utf8' });
const fragment = made.stdout.trim().split('#')[1];
if (!fragment) throw new Error(`${cli} --link made no link: ${made.stderr}`);

const browser = await launch();
async function visit(url, visitor) {
  const context = await browser.newContext();
  const page = await context.newPage();
  // When the page made its engine worker (the worker's own fetches are not in the page's timeline).
  await page.addInitScript(() => {
    const Original = window.Worker;
    window.Worker = class extends Original {
      constructor(...args) { super(...args); window.kvdoctorEngineAt ??= performance.now(); }
    };
    // When the app started: its footer (the static first screen has none).
    new MutationObserver((_, observer) => {
      if (document.querySelector('.site-footer')) { window.kvdoctorStartedAt = performance.now(); observer.disconnect(); }
    }).observe(document, { childList: true, subtree: true });
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', LINE);
  await page.goto(visitor === 'link' ? `${url}#${fragment}` : url, { waitUntil: 'commit' });
  const box = page.getByRole('textbox', { name: /Paste 1/ });
  await box.waitFor({ timeout: 120_000 });
  const result = {};
  if (visitor === 'idle') {
    await page.waitForTimeout(8_000);
  } else if (visitor === 'link') {
    await page.locator('.verdict[data-primary]:not([data-primary=""])').waitFor({ timeout: 120_000 });
    result.report = await page.evaluate(() => performance.now());
  } else {
    const pointed = await pointAtPasteBox(page);
    if (visitor === 'after start') await page.locator('.site-footer').waitFor({ timeout: 120_000 });
    result.report = await pasteAndAwaitVerdict(page, pointed, typical);
  }
  await page.locator('.site-footer').waitFor({ timeout: 120_000 });
  Object.assign(result, await page.evaluate(() => ({
    paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
    started: window.kvdoctorStartedAt,
    engine: window.kvdoctorEngineAt,
    shell: performance.getEntriesByType('resource').find((e) => e.name.endsWith('_bg.wasm'))?.responseEnd,
  })));
  await context.close();
  return result;
}

// Brotli, as a static host sends the files (BROTLI=0: as they are, as this script did first).
const servers = {};
for (const name of Object.keys(candidates)) servers[name] = await serve(dirs[name], { brotli: process.env.BROTLI !== '0' });
const visitors = (process.env.VISITORS ?? 'at once,after start,link,idle').split(',');
const results = {};
for (let i = 0; i < RUNS; i += 1) {
  for (const visitor of visitors) {
    for (const name of Object.keys(candidates)) {
      // A run whose report never came is counted, not fatal (a machine shared with builds).
      const result = await visit(servers[name].url, visitor).catch(async (error) => {
        console.error(`${visitor} / ${name}, run ${i + 1}: ${error.message.split('\n')[0]}`);
        for (const context of browser.contexts()) await context.close();
        return { lost: true };
      });
      ((results[visitor] ??= {})[name] ??= []).push(result);
    }
  }
}
await browser.close();
Object.values(servers).forEach((server) => server.stop());
const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(0)} ms` : '—').padStart(10);
console.log(`engine-start triggers, throttled 1.6 Mbit/s + 150 ms, ${process.env.BROTLI === '0' ? 'files as they are' : 'brotli'}, medians of ${RUNS}`);
for (const [visitor, byName] of Object.entries(results)) {
  console.log(`\n${visitor.padEnd(50)}${['first paint', 'shell in', 'app started', 'engine', 'report', 'fetched', 'lost'].map((h) => h.padStart(12)).join('')}`);
  for (const [name, runs] of Object.entries(byName)) {
    const fetched = runs.filter((r) => r.engine !== undefined && r.engine !== null).length;
    console.log(`${name.padEnd(50)}${[median(runs.map((r) => r.paint)), median(runs.map((r) => r.shell)), median(runs.map((r) => r.started)), median(runs.map((r) => r.engine ?? NaN)), median(runs.map((r) => r.report ?? NaN))].map((x) => ms(x).padStart(12)).join('')}${`${fetched}/${runs.length}`.padStart(12)}${String(runs.filter((r) => r.lost).length).padStart(12)}`);
  }
}
