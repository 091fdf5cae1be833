// Safe to share, end to end: copied reports render no live link, image or HTML from a paste
// (checked with a real CommonMark renderer), copied commands never run what a link planted,
// and the share bar says what the link leaves out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { deflateRawSync } from 'node:zlib';
import MarkdownIt from 'markdown-it';
import { useServerAndBrowser, openPage, step, root, outDir } from './harness.mjs';

const shared = useServerAndBrowser(before, after);

// Pasted text that would be live Markdown or HTML if copied raw; both lines become evidence.
const HOSTILE_PASTES = [
  "Server:  UnKnown\nAddress:  168.63.129.16\n\n*** UnKnown can't find fabrikam.vault.azure.net: Non-existent domain [open_the_fix_portal](//evil.example/login)![x](//evil.example/t.png) <img src=//evil.example/i.png> https://evil.example/auto www.evil.example | a | b | ```\n```\n# Heading from a paste",
  'Status: 403 (Forbidden)\nErrorCode: ForbiddenByConnection <img src=//evil.example/e.png>[x](https://evil.example/e) <script>alert(1)</script> <https://evil.example/angle> mail@evil.example',
];
// A vault name as a `#v1.` link's `v` field may carry it (no dots, so it stays one name).
const HOSTILE_VAULT = 'contoso[open](//evil-example/login)![x](//evil-example/t)<b>x</b>';
// A link whose lookup and `v` field name that vault: its name lands in titles and the verdict
// (rendered raw, this gave live links and images: checked against the old renderer).
const HOSTILE_LINK = `#v1.${deflateRawSync(Buffer.from(JSON.stringify({
  p: [
    { t: `Server:  UnKnown\nAddress:  168.63.129.16\n\n*** UnKnown can't find ${HOSTILE_VAULT}.vault.azure.net: Non-existent domain` },
    { t: HOSTILE_PASTES[1] },
  ],
  v: HOSTILE_VAULT,
}))).toString('base64url')}`;

/** Tags and links a report's own Markdown may produce; anything else came from a paste. */
// ul, li: the symptom list ("What fails"); hr, em: the footer naming the version.
const OWN_TAGS = new Set(['h2', 'h3', 'p', 'strong', 'code', 'pre', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'blockquote', 'br', 'em', 'ul', 'li', 'hr']);

function liveParts(markdown) {
  // html: true passes raw HTML through (the strict case); linkify: true is GFM's autolinking.
  const html = new MarkdownIt({ html: true, linkify: true }).render(markdown);
  const tags = [...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1].toLowerCase());
  return { html, live: tags.filter((t) => !OWN_TAGS.has(t)) };
}

async function copyMarkdown(page, context) {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(shared.server.url).origin });
  await step(page, 'net-public-access').and(page.locator('[data-status="fail"]')).waitFor();
  await page.getByRole('button', { name: 'Copy full report' }).click();
  await page.getByRole('button', { name: 'Copied' }).waitFor();
  return page.evaluate(() => navigator.clipboard.readText());
}

test('copied Markdown renders no link, image or HTML from pasted text (page, link and CLI)', async () => {
  const routes = [];
  {
    const { page, context } = await openPage(shared.browser, shared.server.url);
    await page.getByRole('textbox', { name: /Paste 1/ }).fill(HOSTILE_PASTES[0]);
    await page.getByRole('button', { name: 'Add another paste' }).click();
    await page.getByRole('textbox', { name: /Paste 2/ }).fill(HOSTILE_PASTES[1]);
    routes.push(['page', await copyMarkdown(page, context)]);
    await context.close();
  }
  {
    const { page, context } = await openPage(shared.browser, `${shared.server.url}${HOSTILE_LINK}`);
    routes.push(['link', await copyMarkdown(page, context)]);
    await context.close();
  }
  const dir = mkdtempSync(`${tmpdir()}/kvdoctor-md-`);
  const files = HOSTILE_PASTES.map((text, i) => { const f = `${dir}/${i}.txt`; writeFileSync(f, text); return f; });
  try {
    routes.push(['cli', execFileSync(`${root}target/debug/kvdoctor`, ['--format', 'markdown', ...files]).toString()]);
  } catch (e) {
    routes.push(['cli', e.stdout.toString()]); // exit 1: a step failed
  }
  try {
    routes.push(['cli --from-link', execFileSync(`${root}target/debug/kvdoctor`, ['--format', 'markdown', '--from-link', HOSTILE_LINK]).toString()]);
  } catch (e) {
    routes.push(['cli --from-link', e.stdout.toString()]);
  }
  for (const [route, copied] of routes) {
    // The page closes the report with the case's own link (and the version and date): the one
    // link that is kvdoctor's, not the paste's.
    const [markdown, stamp] = copied.split('\n\nCase: ');
    if (route === 'page' || route === 'link') assert.ok(stamp?.startsWith(`${shared.server.url}`), `${route}: closed by the case's link`);
    assert.ok(markdown.includes('evil'), `${route}: the hostile text is in the report`);
    const { html, live } = liveParts(markdown);
    assert.deepEqual(live, [], `${route}: live elements in\n${html}`);
    assert.ok(!/href=|src=["']?\/\//.test(html.replaceAll('&quot;', '"').replace(/<code>[^<]*<\/code>/g, '')), `${route}: ${html}`);
    assert.equal((html.match(/<h3>/g) ?? []).length, (markdown.match(/^### /gm) ?? []).length, `${route}: a heading from a paste`);
    assert.equal((html.match(/<li>/g) ?? []).length, (markdown.match(/^ *- /gm) ?? []).length, `${route}: a list item from a paste`);
  }
});

/** Whether bash would act on a metacharacter in `command` outside quotes, or on planted text. */
function unsafe(command) {
  let cleaned = command.replaceAll(' && ', ' ').replace(/<[a-z-]+>/g, 'PLACEHOLDER');
  cleaned = cleaned.replace(/\$\(az keyvault show --name [a-z0-9-]+ --query id -o tsv\)/, 'VAULTID');
  const problems = [];
  let single = false;
  let double = false;
  let outside = '';
  for (const c of cleaned) {
    if (c === "'" && !double) { single = !single; continue; }
    if (c === '"' && !single) { double = !double; continue; }
    if (!single) {
      if (c === '$' || c === '`') problems.push(c);
      if (!double && ';&|()<>{}\n'.includes(c)) problems.push(c);
    }
    if (!single) outside += c;
  }
  if (single || double) problems.push('unbalanced quotes');
  if (outside.includes('pwned')) problems.push('planted text');
  return problems;
}

test('a hostile #v1. link: every copied command is free of the planted text', async () => {
  const doc = {
    p: [
      { t: 'Error code: ForbiddenByConnection\nClient address: 20.1.2.3;touch${IFS}pwned' },
      { t: 'Server:  UnKnown\nAddress:  10.0.0.1\n\nName:    contoso$(touch pwned).vault.azure.net\nAddress:  52.1.2.3' },
    ],
    v: 'contoso;{touch,pwned};x',
  };
  const link = `${shared.server.url}#v1.${deflateRawSync(Buffer.from(JSON.stringify(doc))).toString('base64url')}`;
  const { page, context, errors } = await openPage(shared.browser, link);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(shared.server.url).origin });
  await page.locator('.verdict').waitFor();
  await page.getByText('What to run to collect evidence').click();
  // Every folded group of steps open, so each copy button can be pressed.
  await page.locator('.report details').evaluateAll((groups) => groups.forEach((g) => { g.open = true; }));
  assert.match(await page.locator('.report').textContent(), /left out of the suggested commands/);
  const buttons = page.locator('.command button.copy');
  const count = await buttons.count();
  assert.ok(count >= 8, `only ${count} commands`);
  for (let i = 0; i < count; i += 1) {
    await buttons.nth(i).click();
    await buttons.nth(i).filter({ hasText: 'Copied' }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.deepEqual(unsafe(copied), [], copied);
  }
  await page.screenshot({ path: `${outDir}/hostile-link.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('the share bar says what the link leaves out and offers whole pastes', async () => {
  const { page, context } = await openPage(shared.browser, shared.server.url);
  await page.locator('[data-example="zone-not-linked"]').click();
  await step(page, 'dns-private-address').and(page.locator('[data-status="fail"]')).waitFor();
  await page.locator('.link-scope').waitFor();
  const small = await page.locator('#share-link').inputValue();
  assert.match(small, /#v3\./);
  await page.getByLabel(/Include whole pastes/).check();
  await page.locator('.link-scope', { hasText: 'whole pastes' }).waitFor();
  const whole = await page.locator('#share-link').inputValue();
  assert.ok(whole.length >= small.length, `${whole.length} < ${small.length}`);
  await page.locator('.share-bar').screenshot({ path: `${outDir}/share-options.png` });
  await context.close();
});
