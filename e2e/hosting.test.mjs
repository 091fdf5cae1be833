// What scripts/serve.mjs sends is what every host is configured to send: the headers of
// hosting/headers.json, and its caching rules (hashed files for a year, the page revalidated).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { serve, root } from './harness.mjs';

const source = JSON.parse(readFileSync(`${root}hosting/headers.json`, 'utf8'));
let server;
before(async () => { server = await serve(); });
after(() => server.stop());

test('every response carries the security headers of hosting/headers.json', async () => {
  const wasm = readdirSync(`${root}dist`).find((f) => f.endsWith('.wasm'));
  for (const path of ['', 'boot.js', wasm, 'examples/index.json', 'no-such-file']) {
    const response = await fetch(`${server.url}${path}`);
    for (const [name, value] of Object.entries(source.security)) {
      assert.equal(response.headers.get(name), value, `${name} on /${path}`);
    }
  }
});

test('hashed files are cached for a year; the page, its loader and the rest revalidate', async () => {
  const files = readdirSync(`${root}dist`);
  const hashed = files.filter((f) => /-[0-9a-f]{1,16}(_bg)?\.(js|wasm|css)$/.test(f));
  assert.ok(hashed.length >= 3, hashed.join(', '));
  for (const file of hashed) {
    assert.equal((await fetch(`${server.url}${file}`)).headers.get('cache-control'), source.cache.immutable, file);
  }
  for (const path of ['', 'index.html', 'boot.js', 'examples/index.json', 'favicon.svg']) {
    assert.equal((await fetch(`${server.url}${path}`)).headers.get('cache-control'), source.cache.revalidate, `/${path}`);
  }
  assert.equal((await fetch(`${server.url}${hashed.find((f) => f.endsWith('.wasm'))}`)).headers.get('content-type'), 'application/wasm');
});

test('the Azure Static Web Apps configuration ships with the site and has no fallback', async () => {
  const config = JSON.parse(readFileSync(`${root}dist/staticwebapp.config.json`, 'utf8'));
  assert.equal(config.navigationFallback, undefined, 'a missing .wasm must be a 404, never index.html');
  assert.equal(config.mimeTypes['.wasm'], 'application/wasm');
  for (const [name, value] of Object.entries(source.security)) assert.equal(config.globalHeaders[name], value);
});

test('the site ships only the examples its menu lists (test-only cases stay in tests/fixtures/cases)', () => {
  const dir = `${root}dist/examples`;
  const index = JSON.parse(readFileSync(`${dir}/index.json`, 'utf8'));
  const listed = new Set(['index.json']);
  for (const example of index.examples) {
    for (const file of example.files) {
      listed.add(file);
      listed.add(`${file.slice(0, file.lastIndexOf('/'))}/SOURCES`);
    }
  }
  const shipped = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => `${e.parentPath ?? e.path}/${e.name}`.slice(dir.length + 1));
  assert.ok(shipped.length > index.examples.length, `${shipped.length} files under dist/examples`);
  assert.deepEqual(shipped.filter((f) => !listed.has(f)), [], 'files under dist/examples its index.json does not list');
});
