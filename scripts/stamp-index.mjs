// Trunk post-build hook: the page's JS and wasm carry a content hash in their names (so a
// browser or CDN can never pair an old kvdoctor.js with a new wasm); index.html names them in
// preload links, which the unhashed loader (boot.js) reads. No inline script: the CSP stays.
import { readFileSync, readdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { transformSync } from 'esbuild';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('run by trunk as a post_build hook (TRUNK_STAGING_DIR unset)');
const files = readdirSync(dir);
const one = (pattern) => {
  const found = files.filter((f) => pattern.test(f));
  if (found.length !== 1) throw new Error(`expected one file like ${pattern} in ${dir}, found ${found.join(', ') || 'none'}`);
  return found[0];
};
// Trunk writes the hash as hex without leading zeros: 1 name in 16 has 15 digits or fewer.
const js = one(/^kvdoctor-[0-9a-f]{1,16}\.js$/);
// wasm-bindgen's glue and our loaders ship minified (esbuild, syntax untouched): a third of
// their brotli size is comments, whitespace and long local names.
const minified = (code) => transformSync(code, { minify: true, format: 'esm', target: 'esnext' }).code;
const minify = (file) => writeFileSync(`${dir}/${file}`, minified(readFileSync(`${dir}/${file}`, 'utf8')));
minify(js);
minify('boot.js');
minify('kvdoctor-engine.js');
const wasm = one(/^kvdoctor-[0-9a-f]{1,16}_bg\.wasm$/);
const path = `${dir}/index.html`;
const html = readFileSync(path, 'utf8');
const trunkTag = /<link data-trunk rel="rust"[^>]*>/;
if (!trunkTag.test(html)) throw new Error('index.html has no trunk rust link to replace');
const links = `<link rel="modulepreload" href="${js}" data-kvdoctor="js">\n  `
  + `<link rel="preload" href="${wasm}" as="fetch" type="application/wasm" crossorigin data-kvdoctor="wasm">`;
// The stylesheet used only without JavaScript (linked from <noscript>, which trunk leaves
// alone) gets a content hash here, like trunk's own files.
const noscript = one(/^noscript\.css$/);
const hashed = `noscript-${createHash('sha256').update(readFileSync(`${dir}/${noscript}`)).digest('hex').slice(0, 16)}.css`;
renameSync(`${dir}/${noscript}`, `${dir}/${hashed}`);
if (!html.includes(`href="${noscript}"`)) throw new Error('index.html does not link noscript.css');
let page = html.replace(trunkTag, links).replace(`href="${noscript}"`, `href="${hashed}"`);
// The stylesheet too (esbuild, rules untouched): its comments and indentation were a sixth of
// its brotli size (3,258 -> 2,651 B on 2026-12-07). Trunk has named it by its source's hash and
// put the source's digest in its link's integrity attribute, which must now name the minified
// bytes, or the browser refuses the stylesheet.
const css = one(/^style-[0-9a-f]{1,16}\.css$/);
const minifiedCss = transformSync(readFileSync(`${dir}/${css}`, 'utf8'), { loader: 'css', minify: true }).code;
writeFileSync(`${dir}/${css}`, minifiedCss);
const cssTag = new RegExp(`<link rel="stylesheet" href="\\./${css.replace(/[.]/g, '\\.')}" integrity="sha384-[^"]+"`);
if (!cssTag.test(page)) throw new Error(`index.html does not link ${css} with an integrity digest`);
const integrity = `sha384-${createHash('sha384').update(minifiedCss).digest('base64')}`;
page = page.replace(cssTag, `<link rel="stylesheet" href="./${css}" integrity="${integrity}"`);
// The engine's worker: trunk names a worker's files without a hash, so they get one here, then
// the worker script that names them; index.html names the script in a meta tag boot.js reads.
const hashName = (name, bytes) => name.replace(/(_bg)?\.(js|wasm)$/, (tail) => `-${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}${tail}`);
let worker = readFileSync(`${dir}/engine-worker.js`, 'utf8');
for (const name of ['kvdoctor-engine.js', 'kvdoctor-engine_bg.wasm']) {
  const named = hashName(name, readFileSync(`${dir}/${name}`));
  renameSync(`${dir}/${name}`, `${dir}/${named}`);
  if (!worker.includes(`./${name}'`)) throw new Error(`engine-worker.js does not name ${name}`);
  worker = worker.replaceAll(`./${name}'`, `./${named}'`);
}
worker = minified(worker);
const script = hashName('kvdoctor-worker.js', worker);
writeFileSync(`${dir}/${script}`, worker);
unlinkSync(`${dir}/engine-worker.js`);
if (!page.includes('</title>')) throw new Error('index.html has no title to put the engine meta tag after');
page = page.replace('</title>', `</title>\n  <meta name="kvdoctor-engine" content="${script}">`);
writeFileSync(path, page);
