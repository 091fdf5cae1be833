// The copy buttons ask the engine for their text when pressed (the diagnosis answer carries only
// what the screen shows), and get what the command line prints for the same case.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { useServerAndBrowser, root, step, copied } from './harness.mjs';

const shared = useServerAndBrowser(before, after);

// What the page posts to its engine worker: the protocol's request is postcard bytes, whose first
// byte is the request's variant (src/engine/protocol: Diagnose 0, Render 1, Open 2, PublicDns 3).
const RECORD = () => {
  window.kvdoctorPosted = [];
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message, ...rest) {
    if (message?.request) window.kvdoctorPosted.push(message.request[0]);
    return post.call(this, message, ...rest);
  };
};
const DIAGNOSE = 0;
const RENDER = 1;

test('pressing "Copy full report" asks the engine and copies what `kvdoctor --format markdown` prints, closed by the link, version and date', async () => {
  const example = JSON.parse(readFileSync(`${root}static/examples/index.json`, 'utf8')).examples
    .find((e) => e.id === 'zone-not-linked');
  const files = example.files.map((f) => `${root}static/examples/${f}`);
  // Exit status 1: a step fails (the example's point); the report is on stdout all the same.
  const cli = spawnSync(`${root}target/debug/kvdoctor`, ['--format', 'markdown', '--vault', example.vault, ...files], { encoding: 'utf8' }).stdout;
  assert.match(cli, /dns-private-address/);

  const context = await shared.browser.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(shared.server.url).origin });
  await context.addInitScript(RECORD);
  const page = await context.newPage();
  await page.goto(shared.server.url);
  await page.locator('.site-footer').waitFor();
  await page.locator('[data-example="zone-not-linked"]').click();
  await step(page, 'dns-private-address').and(page.locator('[data-status="fail"]')).waitFor();
  await page.locator('.report:not([data-pending])').waitFor();
  const diagnosed = await page.evaluate(() => [...window.kvdoctorPosted]);
  assert.ok(diagnosed.length > 0 && diagnosed.every((kind) => kind === DIAGNOSE), `only diagnoses so far: ${diagnosed}`);

  const markdown = await copied(page, 'Copy full report');
  const posted = await page.evaluate((n) => window.kvdoctorPosted.slice(n), diagnosed.length);
  assert.deepEqual(posted, [RENDER], 'the press asked the engine for the Markdown, once');
  const shown = await page.locator('#share-link').inputValue();
  assert.ok(markdown.startsWith(`${cli.trimEnd()}\n\nCase: ${shown}\nkvdoctor `), markdown);
  assert.match(markdown, /\nkvdoctor \S+, \d{4}-\d\d-\d\d \d\d:\d\d UTC\n$/);
  await context.close();
});
