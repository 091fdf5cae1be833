// The report's top: what fails (symptoms) above the verdict and steps; which kvdoctor answered;
// links made by another kvdoctor say so.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { useServerAndBrowser, openPage, fixture, step, copied, outDir, root } from './harness.mjs';

const shared = useServerAndBrowser(before, after);

/** The version the page names in its footer ("kvdoctor 0.1.0+3f2a1bc: …"). */
async function pageVersion(page) {
  const footer = await page.locator('.site-footer').textContent();
  const match = /^kvdoctor (\S+):/.exec(footer);
  assert.ok(match, footer);
  return match[1];
}

test('what fails is shown first, with the lines it was read from', async () => {
  const { page, context } = await openPage(shared.browser, shared.server.url, { viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(shared.server.url).origin });
  await page.locator('[data-example="pipeline-agent-firewall"]').click();
  await step(page, 'net-firewall').and(page.locator('[data-status="fail"]')).waitFor();
  const symptoms = page.getByRole('region', { name: 'What fails' });
  const symptom = symptoms.locator('.symptom');
  assert.equal(await symptom.count(), 1);
  assert.equal(await symptom.getAttribute('data-kind'), 'request-failed');
  assert.equal(await symptom.locator('.symptom-summary').textContent(),
    'The request got 403 Forbidden: ForbiddenByFirewall (client address 20.55.143.17)');
  const quoted = await symptom.locator('.evidence li').evaluateAll((items) => items.map((li) => li.textContent));
  // The failing card above quoted the first two lines: here they are named, not quoted again.
  assert.deepEqual(quoted, [
    'paste 1, line 1 (quoted above)',
    'paste 1, line 2 (quoted above)',
    'Code: Forbidden paste 1, line 5',
  ]);
  const card = await step(page, 'net-firewall').locator('.evidence li').evaluateAll((items) => items.map((li) => li.textContent));
  assert.ok(card.includes('##[error]Error: (Forbidden) Client address is not authorized and caller is not a trusted service. paste 1, line 1'), card.join(' | '));
  assert.ok(card.includes('Client address: 20.55.143.17 paste 1, line 2'), card.join(' | '));
  // The answer first: the verdict, then what to fix, what the pastes show, then the folded steps.
  const order = await page.locator('.symptoms, .verdict, .report > .steps, .report > details').evaluateAll((els) => els.map((e) => e.className.split(' ')[0]));
  assert.deepEqual(order.slice(0, 3), ['verdict', 'steps', 'symptoms']);
  await page.locator('#report-heading').evaluate((h) => h.scrollIntoView());
  await page.screenshot({ path: `${outDir}/symptoms-1280.png` });

  // What is copied says the same, and names the version that answered.
  const version = await pageVersion(page);
  const json = JSON.parse(await copied(page, 'Copy as JSON'));
  assert.equal(json.kvdoctor, version);
  assert.equal(json.symptoms[0].code, 'ForbiddenByFirewall');
  assert.deepEqual(json.symptoms[0].evidence.map((e) => [e.input, e.lines[0]]), [[1, 1], [1, 2], [1, 5]]);
  const markdown = await copied(page, 'Copy full report');
  assert.ok(markdown.indexOf('**What fails:**') < markdown.indexOf('**Verdict:**'), markdown);
  assert.ok(markdown.includes(`*Diagnosed by kvdoctor ${version}.*\n\nCase: `), markdown);
  assert.ok(markdown.includes(`\nkvdoctor ${version}, `), markdown);
  assert.match(markdown, /\nkvdoctor \S+, \d{4}-\d\d-\d\d \d\d:\d\d UTC\n$/, markdown);
  await context.close();
});

test('a case without a failure shows no symptoms', async () => {
  const { page, context } = await openPage(shared.browser, shared.server.url);
  await page.getByRole('textbox', { name: /Paste 1/ }).fill(fixture('nslookup/linux-private-healthy.txt'));
  await step(page, 'dns-resolves').and(page.locator('[data-status="pass"]')).waitFor({ state: 'attached' });
  assert.equal(await page.locator('.symptoms').count(), 0);
  await context.close();
});

/** The golden link `file` pointed at the page under test. */
function golden(file) {
  return `${shared.server.url}#${fixture(`links/${file}`).trim().split('#')[1]}`;
}

test('a link made by an older kvdoctor says so and is diagnosed with today\'s rules', async () => {
  const { page, context } = await openPage(shared.browser, golden('pe-pending.v1.url'), { viewport: { width: 1280, height: 900 } });
  await step(page, 'pe-connection-approved').and(page.locator('[data-status="fail"]')).waitFor();
  const version = await pageVersion(page);
  const note = page.getByRole('note').filter({ hasText: 'This link was made by' });
  assert.equal(await note.textContent(),
    `This link was made by an earlier kvdoctor, which did not record its version; diagnosed with today's rules (kvdoctor ${version}).`);
  await page.locator('#report-heading').evaluate((h) => h.scrollIntoView());
  await page.screenshot({ path: `${outDir}/old-link-note-1280.png` });
  await context.close();

  const versioned = await openPage(shared.browser, golden('rbac-contributor-only.v2-versioned.url'));
  await step(versioned.page, 'authz-rbac').and(versioned.page.locator('[data-status="fail"]')).waitFor();
  const text = await versioned.page.locator('.version-note').textContent();
  if (version === '0.1.0+3c2eead') {
    assert.equal(text, null, 'the very build that made the link');
  } else {
    assert.equal(text, `This link was made by kvdoctor 0.1.0+3c2eead; diagnosed with today's rules (kvdoctor ${version}).`);
  }
  await versioned.context.close();
});

test('a link made by this page opens without a version note', async () => {
  const { page, context } = await openPage(shared.browser, shared.server.url);
  await page.locator('[data-example="pe-pending"]').click();
  await step(page, 'pe-connection-approved').and(page.locator('[data-status="fail"]')).waitFor();
  const link = await page.locator('#share-link').inputValue();
  await context.close();
  const fresh = await openPage(shared.browser, link);
  await step(fresh.page, 'pe-connection-approved').and(fresh.page.locator('[data-status="fail"]')).waitFor();
  await fresh.page.getByRole('alert').filter({ hasText: 'Opened a shared case' }).waitFor();
  assert.equal(await fresh.page.locator('.version-note').count(), 0);
  await fresh.context.close();
});

test('the report the page shows is the one `kvdoctor --format html` prints, and its copy buttons copy their command', async () => {
  const example = JSON.parse(readFileSync(`${root}static/examples/index.json`, 'utf8')).examples
    .find((e) => e.id === 'pipeline-agent-firewall');
  const files = example.files.map((f) => `${root}static/examples/${f}`);
  const args = ['--format', 'html', ...(example.vault ? ['--vault', example.vault] : []), ...files];
  // Exit status 1: a step fails (the example's point); the page is on stdout all the same.
  const cli = spawnSync(`${root}target/debug/kvdoctor`, args, { encoding: 'utf8' }).stdout;
  assert.match(cli, /^<!doctype html>/);
  assert.doesNotMatch(cli, /<script/i, 'a page with no script');
  const { page, context, errors } = await openPage(shared.browser, shared.server.url, { folded: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(shared.server.url).origin });
  await page.locator(`[data-example="${example.id}"]`).click();
  await step(page, 'net-firewall').and(page.locator('[data-status="fail"]')).waitFor();
  await page.locator('.report:not([data-pending])').waitFor();
  // The engine's part of the report: from the verdict to the share bar, as the browser parsed it.
  const [ours, theirs] = await page.evaluate((html) => {
    const body = (section) => {
      const nodes = [...section.childNodes];
      const from = nodes.findIndex((n) => n.classList?.contains('verdict'));
      const to = nodes.findIndex((n) => n.classList?.contains('share-bar'));
      return nodes.slice(from, to < 0 ? undefined : to).filter((n) => n.nodeType === Node.ELEMENT_NODE).map((n) => n.outerHTML).join('');
    };
    // Its stylesheet left out: the page's CSP refuses inline styles, even in a parsed document.
    const cli = new DOMParser().parseFromString(html.replace(/<style>[\s\S]*?<\/style>/, ''), 'text/html');
    return [body(document.querySelector('#diagnosis')), body(cli.querySelector('#diagnosis'))];
  }, cli);
  assert.ok(ours.length > 2000, ours);
  assert.equal(ours, theirs);
  // A command's copy button (one handler on the report) copies the command beside it.
  const command = page.locator('.report .command').first();
  await command.locator('button.copy').click();
  await command.locator('button.copy', { hasText: 'Copied' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), await command.locator('code').textContent());
  assert.deepEqual(errors, []);
  await context.close();
});
