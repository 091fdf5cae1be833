// What the built page (dist/) costs a visitor, in brotli bytes as a static host serves it
// (quality 11): the first download, and the engine the page fetches later. Used by e2e/bench.mjs
// (the bench's size rows) and by bench/size-gate.mjs (the test command's budget check), so both
// count the same files.
//
// The file lists come from the built index.html, not from a pattern of names: the first download
// is index.html plus every file it names outside <noscript> (the page's JS and wasm preloads,
// its stylesheet, icon and boot.js) and the wasm-bindgen snippets the page's JS imports (none
// today; a `dist/snippets` folder is counted only when the JS names it). The engine is the
// worker script index.html names in its `kvdoctor-engine` meta tag plus the files that script
// names.
import { existsSync, readFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';

export const brotli = (bytes) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

/** Local files a text names by a relative URL (`./x.js`, `x.wasm`): no scheme, no leading `/`. */
const local = (url) => url && !/^[a-z][a-z0-9+.-]*:|^\/|^#/i.test(url) ? url.replace(/^\.\//, '').split(/[?#]/)[0] : undefined;

/** The ES module imports and `new URL('…', import.meta.url)` references of a minified JS file. */
function jsReferences(code) {
  const names = new Set();
  for (const match of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|new URL\(\s*)["'`]([^"'`]+)["'`]/g)) {
    const name = local(match[1]);
    if (name && /\.(m?js|wasm)$/.test(name)) names.add(name);
  }
  return [...names];
}

/**
 * Sizes of a built page in `dist`: { first: [{ file, bytes }], engine: [{ file, bytes }],
 * firstTotal, engineTotal, shellWasm, engineWasm } (brotli bytes). Throws, naming what is
 * missing, when index.html does not name the files the page needs.
 */
export function pageSizes(dist) {
  const indexPath = `${dist}/index.html`;
  if (!existsSync(indexPath)) throw new Error(`${indexPath} is missing: build the page first (source scripts/lib.sh; build_page)`);
  const html = readFileSync(indexPath, 'utf8');
  const outside = html.replace(/<noscript>[\s\S]*?<\/noscript>/g, '');
  const first = new Set(['index.html']);
  for (const tag of outside.matchAll(/<(link|script)\b[^>]*>/g)) {
    const href = /\b(?:href|src)="([^"]+)"/.exec(tag[0])?.[1];
    const rel = /\brel="([^"]+)"/.exec(tag[0])?.[1];
    const name = local(href);
    if (!name) continue;
    if (tag[1] === 'script' || /\b(modulepreload|preload|stylesheet|icon)\b/.test(rel ?? '')) first.add(name);
  }
  // The page's JS imports its snippets (wasm-bindgen's inline JS) from dist/snippets.
  for (const name of [...first].filter((f) => f.endsWith('.js'))) {
    for (const ref of jsReferences(readFileSync(`${dist}/${name}`, 'utf8'))) if (ref.startsWith('snippets/')) first.add(ref);
  }
  const worker = /<meta name="kvdoctor-engine" content="([^"]+)">/.exec(html)?.[1];
  if (!worker) throw new Error(`${indexPath} names no engine (meta kvdoctor-engine)`);
  const engine = [worker];
  for (const ref of jsReferences(readFileSync(`${dist}/${worker}`, 'utf8'))) engine.push(ref);
  const measure = (file) => {
    const path = `${dist}/${file}`;
    if (!existsSync(path)) throw new Error(`${indexPath} names ${file}, which is not in ${dist}`);
    return { file, bytes: brotli(readFileSync(path)) };
  };
  const firstFiles = [...first].map(measure);
  const engineFiles = engine.map(measure);
  const sum = (files) => files.reduce((total, f) => total + f.bytes, 0);
  const wasmOf = (files, what) => {
    const wasm = files.filter((f) => f.file.endsWith('.wasm'));
    if (wasm.length !== 1) throw new Error(`expected one ${what} wasm, found ${wasm.map((f) => f.file).join(', ') || 'none'}`);
    return wasm[0].bytes;
  };
  return {
    first: firstFiles,
    engine: engineFiles,
    firstTotal: sum(firstFiles),
    engineTotal: sum(engineFiles),
    shellWasm: wasmOf(firstFiles, 'shell'),
    engineWasm: wasmOf(engineFiles, 'engine'),
  };
}

export const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
