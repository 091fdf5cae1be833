// How the CLI's time grows with input size, for the shapes that once took quadratic time
// (issue 15): run by scripts/bench after the release build. Prints a table of medians and the
// 64 MB / 1 MB ratio (linear is 64x; the budget is <= 80x). A report, never a pass/fail test.
import { closeSync, fsyncSync, mkdirSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { root } from './harness.mjs';

const SIZES_MB = (process.env.SCALING_MB ?? '1,4,16,64').split(',').map(Number);
const cli = process.env.KVDOCTOR_CLI ? `${root}${process.env.KVDOCTOR_CLI}` : `${root}target/release/kvdoctor`;
const RUNS = Number(process.env.SCALING_RUNS ?? 3); // scripts/bench --smoke: 1
const dir = `${root}target/bench`;
mkdirSync(dir, { recursive: true });

const ip = (i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
/** Text of about `bytes` bytes built from a header and a repeated part. */
function build(bytes, head, part) {
  const parts = [head];
  let size = head.length;
  for (let i = 0; size < bytes; i += 1) {
    const piece = part(i);
    parts.push(piece);
    size += piece.length;
  }
  return parts.join('');
}

const shapes = {
  'nslookup, one name, many addresses': (bytes) => build(bytes,
    'Server:  UnKnown\nAddress:  168.63.129.16\n\nNon-authoritative answer:\nName:    contoso.vault.azure.net\n',
    (i) => `Address:  ${ip(i)}\n`),
  'nslookup, repeated lookups': (bytes) => build(bytes, '',
    (i) => `Server:  UnKnown\nAddress:  168.63.129.16\n\nNon-authoritative answer:\nName:    contoso.privatelink.vaultcore.azure.net\nAddress:  ${ip(i)}\nAliases:  contoso.vault.azure.net\n\n`),
  'JSON record-set list': (bytes) => `${build(bytes, '[\n', (i) => `${i ? ',\n' : ''}  {\n    "aRecords": [ { "ipv4Address": "${ip(i)}" } ],\n    "fqdn": "kv${i}.privatelink.vaultcore.azure.net.",\n    "id": "/subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net/A/kv${i}",\n    "name": "kv${i}",\n    "ttl": 10,\n    "type": "Microsoft.Network/privateDnsZones/A"\n  }`)}\n]\n`,
  'error lines (client addresses, callers)': (bytes) => build(bytes, '',
    (i) => `Client address: 52.1.${(i >> 8) & 255}.${i & 255}\nCaller: appid=${i};oid=2\n`),
  // Issue 27's shapes: secret keys repeated on long lines (removal once rescanned each), one
  // line of a whole paste, and JSON nested deep.
  'password: runs, 200 KB lines': (bytes) => build(bytes, '', () => `Error code: Forbidden ${'password:'.repeat(22_000)}\n`),
  'cookie: runs, 200 KB lines': (bytes) => build(bytes, '', () => `Error code: Forbidden ${'cookie:'.repeat(28_000)}\n`),
  'one line of error text': (bytes) => `${build(bytes, 'Error code: ForbiddenByConnection ', (i) => `Client address: 52.1.${(i >> 8) & 255}.${i & 255} `)}\n`,
  'JSON nested deep': (bytes) => {
    const depth = Math.floor(bytes / 16);
    return `${'{"properties": '.repeat(depth)}{"publicNetworkAccess": "Disabled"}${'}'.repeat(depth)}\n`;
  },
};

function timeOnce(file) {
  const t0 = process.hrtime.bigint();
  try { execFileSync(cli, ['--format', 'json', file], { stdio: ['ignore', 'ignore', 'ignore'], maxBuffer: 1 << 30 }); } catch { /* exit 1 = a failing step */ }
  return Number(process.hrtime.bigint() - t0) / 1e6;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`\nCLI time by input size (median of ${RUNS}; 1 run at 64 MB)\n${'shape'.padEnd(42)}${SIZES_MB.map((mb) => `${mb} MB`.padStart(11)).join('')}   64/1`);
for (const [name, make] of Object.entries(shapes)) {
  const times = [];
  for (const mb of SIZES_MB) {
    const file = `${dir}/scaling.txt`;
    // Flushed to disk before timing: writing back 64 MB while the CLI reads it costs seconds.
    const fd = openSync(file, 'w');
    writeSync(fd, make(mb * 1024 * 1024));
    fsyncSync(fd);
    closeSync(fd);
    const runs = mb >= 64 ? 1 : RUNS;
    times.push(median(Array.from({ length: runs }, () => timeOnce(file))));
    rmSync(file);
  }
  const ratio = times.length > 1 ? `${(times[times.length - 1] / times[0]).toFixed(1)}x` : '';
  console.log(`${name.padEnd(42)}${times.map((t) => `${t.toFixed(0)} ms`.padStart(11)).join('')}   ${ratio}`);
}

// A short link can inflate to a large paste (issue 15's 3.5 KB link that froze the page); a link
// holds at most 1 MB once inflated (share::MAX_DECODED), and kvdoctor refuses to make a larger
// one, so the worst link is timed at that size rather than scaled.
{
  const block = 'Server:  UnKnown\nAddress:  168.63.129.16\n\nNon-authoritative answer:\nName:    contoso.privatelink.vaultcore.azure.net\nAddress:  10.1.2.3\nAliases:  contoso.vault.azure.net\n\n';
  const file = `${dir}/scaling-link.txt`;
  const text = block.repeat(Math.floor((0.9 * 1024 * 1024) / block.length));
  writeFileSync(file, text);
  const url = execFileSync(cli, ['--link', '--whole', file], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  rmSync(file);
  const times = Array.from({ length: RUNS }, () => {
    const t0 = process.hrtime.bigint();
    try { execFileSync(cli, ['--format', 'json', '--from-link', url], { stdio: ['ignore', 'ignore', 'ignore'] }); } catch { /* exit 1 */ }
    return Number(process.hrtime.bigint() - t0) / 1e6;
  });
  console.log(`share link of ${(url.length / 1024).toFixed(1)} KB inflating to ${(text.length / 1048576).toFixed(2)} MB (the most a link holds): ${median(times).toFixed(0)} ms`);
}

// Secret removal over whole pastes (`--link --whole`) on its worst shape at the most a link
// holds: issue 27's budget is 2 s for 1 MB (it once ran past 120 s).
{
  const file = `${dir}/scaling-whole.txt`;
  writeFileSync(file, `Error code: Forbidden ${'password:'.repeat(28_000)}\n`.repeat(4));
  const times = Array.from({ length: RUNS }, () => {
    const t0 = process.hrtime.bigint();
    try { execFileSync(cli, ['--link', '--whole', file], { stdio: ['ignore', 'ignore', 'ignore'] }); } catch { /* refused: still timed */ }
    return Number(process.hrtime.bigint() - t0) / 1e6;
  });
  rmSync(file);
  console.log(`--link --whole on 1 MB of password: runs: ${median(times).toFixed(0)} ms`);
}
