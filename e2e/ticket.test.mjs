// The ticket comment (`kvdoctor -f ticket`, the page's "Copy for a ticket" body) for every
// example case: readable as plain text and rendered (markdown-it, as ticket tools render),
// commands literal, nothing a paste wrote turned into markup.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import MarkdownIt from 'markdown-it';
import { root } from './harness.mjs';

const cases = `${root}static/examples/cases`;

function ticket(name) {
  const files = readdirSync(`${cases}/${name}`).filter((f) => f.endsWith('.txt')).sort().map((f) => `${cases}/${name}/${f}`);
  try {
    return execFileSync(`${root}target/debug/kvdoctor`, ['--format', 'ticket', ...files], { encoding: 'utf8' });
  } catch (e) {
    return e.stdout; // exit 1: a step failed
  }
}

test('every example case gives a short ticket comment that reads the same rendered and as text', () => {
  const md = new MarkdownIt({ linkify: true });
  const sizes = [];
  for (const name of readdirSync(cases)) {
    const text = ticket(name);
    sizes.push(text.length);
    assert.match(text, /^kvdoctor: (FAIL|WARN|UNKNOWN|PASS) /, name);
    assert.doesNotMatch(text, /\*\*|^\|/m, `${name}: no bold, no table`);
    const html = md.render(text);
    assert.doesNotMatch(html, /<table|<h\d|<img|<script/, `${name}: no table, heading, image or script`);
    // Every command is literal: inside a code block, not prose.
    const blocks = [...html.matchAll(/<pre><code>([\s\S]*?)<\/code><\/pre>/g)].map((m) => m[1]).join('\n');
    for (const command of text.split('\n').filter((l) => l.startsWith('      ')).map((l) => l.trim())) {
      const escaped = command.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
      assert.ok(blocks.includes(escaped), `${name}: ${command} is not in a code block in ${html}`);
    }
    assert.match(text, /Diagnosed by kvdoctor /, name);
  }
  sizes.sort((a, b) => a - b);
  const median = sizes[Math.floor(sizes.length / 2)];
  assert.ok(median <= 1500, `the median comment is ${median} characters`);
});
