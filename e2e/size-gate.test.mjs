// The size gate (bench/size-gate.mjs) and what it counts (bench/sizes.mjs), on a made-up built
// page: the first download is index.html and what it names outside <noscript> (plus snippets
// its JS imports), the engine is what the engine meta tag's worker names; over a budget fails,
// naming the item, its size and its budget. No browser; the real page is gated by scripts/test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { pageSizes, brotli } from '../bench/sizes.mjs';
import { gate } from '../bench/size-gate.mjs';
import { root } from './harness.mjs';

function madeUpPage() {
  const dist = mkdtempSync(`${tmpdir()}/kvdoctor-gate-`);
  // Random bytes do not compress: each file's brotli size is close to its length and distinct.
  const write = (name, bytes) => { writeFileSync(`${dist}/${name}`, bytes); return name; };
  mkdirSync(`${dist}/snippets/x`, { recursive: true });
  write('snippets/x/inline0.js', randomBytes(700).toString('base64'));
  write('snippets/x/unused.js', randomBytes(900).toString('base64'));
  write('app-1.js', `import{a}from"./snippets/x/inline0.js";${randomBytes(500).toString('base64')}`);
  write('app-1_bg.wasm', randomBytes(3000));
  write('style-1.css', randomBytes(400).toString('base64'));
  write('noscript-1.css', randomBytes(5000).toString('base64'));
  write('boot.js', randomBytes(300).toString('base64'));
  write('favicon.svg', randomBytes(100).toString('base64'));
  write('engine-1.js', randomBytes(600).toString('base64'));
  write('engine-1_bg.wasm', randomBytes(8000));
  write('worker-1.js', "const w=fetch(new URL('./engine-1_bg.wasm',import.meta.url));const e=import('./engine-1.js');");
  write('index.html', `<!doctype html><html><head><title>t</title>
<meta name="kvdoctor-engine" content="worker-1.js">
<link rel="modulepreload" href="app-1.js" data-kvdoctor="js">
<link rel="preload" href="app-1_bg.wasm" as="fetch" type="application/wasm" crossorigin data-kvdoctor="wasm">
<link rel="stylesheet" href="./style-1.css"/>
<link rel="icon" type="image/svg+xml" href="favicon.svg">
<link rel="canonical" href="https://example.invalid/">
<script type="module" src="boot.js"></script>
<noscript><link rel="stylesheet" href="noscript-1.css"></noscript>
</head><body></body></html>`);
  return dist;
}

const size = (dist, file) => brotli(readFileSync(`${dist}/${file}`));

test('the first download is index.html and what it names outside <noscript>; the engine is what its worker names', () => {
  const dist = madeUpPage();
  const sizes = pageSizes(dist);
  assert.deepEqual(sizes.first.map((f) => f.file).sort(),
    ['app-1.js', 'app-1_bg.wasm', 'boot.js', 'favicon.svg', 'index.html', 'snippets/x/inline0.js', 'style-1.css']);
  assert.deepEqual(sizes.engine.map((f) => f.file).sort(), ['engine-1.js', 'engine-1_bg.wasm', 'worker-1.js']);
  const sum = (files) => files.reduce((total, file) => total + size(dist, file), 0);
  assert.equal(sizes.firstTotal, sum(['app-1.js', 'app-1_bg.wasm', 'boot.js', 'favicon.svg', 'index.html', 'snippets/x/inline0.js', 'style-1.css']));
  assert.equal(sizes.shellWasm, size(dist, 'app-1_bg.wasm'));
  assert.equal(sizes.engineWasm, size(dist, 'engine-1_bg.wasm'));
  assert.equal(sizes.engineTotal, sum(['engine-1.js', 'engine-1_bg.wasm', 'worker-1.js']));
});

test('an item over its budget fails the gate, naming the item, its size and its budget; at the budget it passes', () => {
  const dist = madeUpPage();
  const sizes = pageSizes(dist);
  const exact = { 'first download': sizes.firstTotal, 'shell wasm': sizes.shellWasm, 'engine wasm': sizes.engineWasm };
  assert.deepEqual(gate(sizes, exact).filter((r) => r.over), []);
  assert.deepEqual(gate(sizes, { ...exact, 'shell wasm': sizes.shellWasm - 1 }).filter((r) => r.over).map((r) => r.item), ['shell wasm']);

  const budgetFile = `${dist}/budgets.json`;
  const run = (budgets) => {
    writeFileSync(budgetFile, JSON.stringify({ 'goal first download': 1000, ...budgets }));
    return spawnSync(process.execPath, [`${root}bench/size-gate.mjs`, dist], { env: { ...process.env, BUDGETS: budgetFile }, encoding: 'utf8' });
  };
  const passed = run(exact);
  assert.equal(passed.status, 0, passed.stderr);
  assert.match(passed.stdout, /goal: first download <= 1\.0 KB/);
  const failed = run({ ...exact, 'first download': sizes.firstTotal - 1 });
  assert.equal(failed.status, 1);
  assert.match(failed.stderr, new RegExp(`first download is ${sizes.firstTotal} bytes brotli .* over its budget of ${sizes.firstTotal - 1} bytes`));
  assert.doesNotMatch(failed.stderr, /shell wasm|engine wasm/);
});

test('a page that names a file the build did not write is an error, not a smaller page', () => {
  const dist = madeUpPage();
  writeFileSync(`${dist}/index.html`, readFileSync(`${dist}/index.html`, 'utf8').replace('style-1.css', 'style-2.css'));
  assert.throws(() => pageSizes(dist), /names style-2\.css, which is not in/);
});
