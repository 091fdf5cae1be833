// Serves the built page (dist/) on loopback with the same security headers as static/_headers.
// Usage: node scripts/serve.mjs [DIR] [PORT]; HOST defaults to 127.0.0.1.
// KVDOCTOR_SERVE_BROTLI=1 (the bench): text and wasm go out brotli-compressed (quality 11, as
// bench/sizes.mjs counts them) to a browser that accepts it, as a static host serves them, so a
// throttled line carries the bytes a visitor's would; every such file is compressed once, before
// the address is printed. Without it (the tests) files go out as they are.
import { createServer } from 'node:http';
import { readFile, readdir } from 'node:fs/promises';
import { promisify } from 'node:util';
import { brotliCompress, constants } from 'node:zlib';
import { extname, join, normalize, resolve } from 'node:path';

const root = resolve(process.argv[2] ?? 'dist');
const port = Number(process.argv[3] ?? process.env.PORT ?? 8080);
const host = process.env.HOST ?? '127.0.0.1';

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.sh': 'text/plain; charset=utf-8',
  '.ps1': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
};

// The rules of the hosting config (`_headers`, generated from hosting/headers.json), read as
// Netlify and Cloudflare Pages read them, so loopback and production send the same headers:
// a path line, then indented `Name: value` lines; `*` matches anything.
async function headerRules() {
  const rules = [];
  for (const line of (await readFile(join(root, '_headers'), 'utf8')).split('\n')) {
    if (/^\//.test(line)) {
      const pattern = new RegExp(`^${line.trim().split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
      rules.push({ pattern, headers: {} });
    } else if (/^\s+[\w-]+:/.test(line) && rules.length) {
      const i = line.indexOf(':');
      rules.at(-1).headers[line.slice(0, i).trim()] = line.slice(i + 1).trim();
    }
  }
  return rules;
}

const rules = await headerRules();
/** Every matching rule's headers; what no rule caches is revalidated. */
const headersFor = (path) => Object.assign({ 'Cache-Control': 'no-cache' }, ...rules.filter((r) => r.pattern.test(path)).map((r) => r.headers));

// The browser tests' stand-in for the public DNS resolver (KVDOCTOR_TEST_DOH=1 only, never in
// production): /test-doh/dns-query answers in Cloudflare's JSON like the real one would for a
// vault with an approved private endpoint; names starting "nx" do not exist, "down" gets a 503.
const testDoh = process.env.KVDOCTOR_TEST_DOH === '1';
function dohAnswer(name) {
  const question = [{ name, type: 1 }];
  if (name.startsWith('nx')) return { Status: 3, TC: false, RD: true, RA: true, AD: false, CD: false, Question: question };
  const vault = name.split('.')[0];
  const answer = [
    { name, type: 5, TTL: 60, data: `${vault}.privatelink.vaultcore.azure.net.` },
    { name: `${vault}.privatelink.vaultcore.azure.net`, type: 5, TTL: 60, data: 'data-prod-eus.vaultcore.azure.net.' },
    { name: 'data-prod-eus.vaultcore.azure.net', type: 5, TTL: 60, data: 'data-prod-eus-region.vaultcore.azure.net.' },
    { name: 'data-prod-eus-region.vaultcore.azure.net', type: 1, TTL: 10, data: '52.168.109.101' },
  ];
  return { Status: 0, TC: false, RD: true, RA: true, AD: false, CD: false, Question: question, Answer: answer };
}

const compressible = new Set(['.html', '.js', '.wasm', '.css', '.json', '.txt', '.sh', '.ps1', '.svg']);
/** file path -> brotli bytes, filled at start when KVDOCTOR_SERVE_BROTLI=1. */
const brotli = new Map();
if (process.env.KVDOCTOR_SERVE_BROTLI === '1') {
  const compress = promisify(brotliCompress);
  const files = (await readdir(root, { recursive: true })).map((f) => join(root, f)).filter((f) => compressible.has(extname(f)));
  await Promise.all(files.map(async (file) => {
    brotli.set(file, await compress(await readFile(file), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  }));
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  const path = decodeURIComponent(url.pathname);
  if (testDoh && path === '/test-doh/dns-query') {
    const name = url.searchParams.get('name') ?? '';
    const ok = req.headers.accept === 'application/dns-json' && !name.startsWith('down');
    res.writeHead(ok ? 200 : 503, { ...headersFor(path), 'Content-Type': 'application/dns-json' });
    res.end(ok ? JSON.stringify(dohAnswer(name)) : 'unavailable\n');
    return;
  }
  const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
  if (!file.startsWith(root) || path.includes('\0')) {
    res.writeHead(400).end();
    return;
  }
  try {
    const compressed = brotli.get(file) && /\bbr\b/.test(req.headers['accept-encoding'] ?? '') ? brotli.get(file) : undefined;
    const body = compressed ?? await readFile(file);
    const encoding = compressed ? { 'Content-Encoding': 'br', Vary: 'Accept-Encoding' } : {};
    res.writeHead(200, { ...headersFor(path), ...encoding, 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch {
    res.writeHead(404, { ...headersFor(path), 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
  }
});

server.listen(port, host, () => console.log(`kvdoctor is served at http://${host}:${server.address().port}/ (Ctrl+C to stop)`));
