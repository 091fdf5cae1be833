// The ticket comment (`kvdoctor -f ticket`, the page's "Copy for a ticket" body) for every
// example case: readable as plain text and rendered (markdown-it, as ticket tools render),
// commands literal, nothing a paste wrote turned into markup, no backslash left in the text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import MarkdownIt from 'markdown-it';
import { root, copied, useServerAndBrowser } from './harness.mjs';

const shared = useServerAndBrowser(before, after);
// Whole cases: the page's examples and the cases only tests read (tests/fixtures/cases).
const homes = [`${root}static/examples/cases`, `${root}tests/fixtures/cases`];
const folders = new Map(homes.flatMap((home) => readdirSync(home, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => [e.name, `${home}/${e.name}`])));
const cases = [...folders.keys()].sort();
const files = (name) => readdirSync(folders.get(name)).filter((f) => f.endsWith('.txt')).sort().map((f) => `${folders.get(name)}/${f}`);

function ticket(name) {
  try {
    return execFileSync(`${root}target/debug/kvdoctor`, ['--format', 'ticket', ...files(name)], { encoding: 'utf8' });
  } catch (e) {
    return e.stdout; // exit 1: a step failed
  }
}

const entities = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
/** What a reader of the rendered comment sees, as words. */
const seen = (html) => html.replace(/<[^>]+>/g, ' ').replace(/&(amp|lt|gt|quot|#39);/g, (e) => entities[e]).replace(/\s+/g, ' ').trim();
/** What a reader of the plain comment sees, as words (a list's dash is a bullet when rendered). */
const read = (text) => text.replace(/^- /gm, ' ').replace(/\s+/g, ' ').trim();

test('every example case gives a short ticket comment that reads the same rendered and as text', () => {
  const md = new MarkdownIt({ linkify: true });
  const sizes = [];
  for (const name of cases) {
    const text = ticket(name);
    sizes.push(text.length);
    assert.match(text, /^kvdoctor: (FAIL|WARN|UNKNOWN|PASS) /, name);
    assert.doesNotMatch(text, /\*\*|^\|/m, `${name}: no bold, no table`);
    const html = md.render(text);
    assert.doesNotMatch(html, /<table|<h\d|<img|<script|<em>|<strong>|<a /, `${name}: no table, heading, image, script, emphasis or link`);
    // Every command is literal: inside a code block, not prose.
    const blocks = [...html.matchAll(/<pre><code>([\s\S]*?)<\/code><\/pre>/g)].map((m) => m[1]).join('\n');
    for (const command of text.split('\n').filter((l) => l.startsWith('      ')).map((l) => l.trim())) {
      const escaped = command.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
      assert.ok(blocks.includes(escaped), `${name}: ${command} is not in a code block in ${html}`);
    }
    // Plain text carries no Markdown escape; rendered, it says the same words.
    const prose = text.split('\n').filter((l) => !l.startsWith('      ')).join('\n');
    assert.doesNotMatch(prose, /\\[!-/:-@[-`{-~]/, `${name}: a backslash escape in the plain text`);
    assert.equal(seen(html), read(text), `${name}: rendered and plain text differ`);
    assert.match(text, /Diagnosed by kvdoctor /, name);
  }
  sizes.sort((a, b) => a - b);
  const median = sizes[Math.floor(sizes.length / 2)];
  assert.ok(median <= 1500, `the median comment is ${median} characters`);
});

test('"Copy for a ticket" on the page: the same comment, closed by the case\'s link, the version and the date', async () => {
  const context = await shared.browser.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(shared.server.url).origin });
  for (const name of ['zone-not-linked', 'public-disabled-no-connection', 'throttled-429']) {
    const link = execFileSync(`${root}target/debug/kvdoctor`, ['--link', '--base', shared.server.url, ...files(name)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const page = await context.newPage();
    await page.goto(link);
    await page.locator('#share-link').waitFor();
    await page.waitForFunction(() => !document.querySelector('.report[data-pending]'));
    const shown = await page.locator('#share-link').inputValue();
    const text = await copied(page, 'Copy for a ticket');
    const body = ticket(name).replace(/\nDiagnosed by kvdoctor [^\n]*\n$/, '');
    assert.ok(text.startsWith(`${body}\nCase: ${shown}\nkvdoctor `), `${name}:\n${text}`);
    assert.match(text, /\nkvdoctor \S+, \d{4}-\d\d-\d\d \d\d:\d\d UTC\n$/, name);
    const html = new MarkdownIt({ linkify: true }).render(text);
    assert.equal([...html.matchAll(/<a /g)].length, 1, `${name}: the case's link is the one link`);
    await page.close();
  }
  await context.close();
});

test('"Copy full report" (Markdown) for every example: a row per step that applies, each evidence line its own item', () => {
  const md = new MarkdownIt({ linkify: true });
  const sizes = [];
  for (const name of cases) {
    const run = (format) => {
      try {
        return execFileSync(`${root}target/debug/kvdoctor`, ['--format', format, ...files(name)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      } catch (e) {
        return e.stdout;
      }
    };
    const [markdown, report] = [run('markdown'), JSON.parse(run('json'))];
    sizes.push(markdown.length);
    const html = md.render(markdown);
    const applying = report.steps.filter((s) => s.status !== 'skip');
    assert.equal((html.match(/<tr>/g) ?? []).length - 1, applying.length, `${name}: one row per step that applies`);
    for (const s of report.steps.filter((s) => s.status === 'skip')) assert.ok(markdown.includes(`\`${s.id}\``), `${name}: ${s.id} named`);
    assert.doesNotMatch(html, /<blockquote>/, `${name}: evidence is not one run-on quote`);
    const quoted = applying.filter((s) => s.status !== 'pass').reduce((n, s) => n + s.evidence.length, 0);
    assert.ok((html.match(/<li><code>[^<]*<\/code> — paste \d+, lines? /g) ?? []).length >= quoted, `${name}: each evidence line an item`);
  }
  sizes.sort((a, b) => a - b);
  console.log(`full Markdown: min ${sizes[0]}, median ${sizes[Math.floor(sizes.length / 2)]}, max ${sizes.at(-1)} characters`);
});
