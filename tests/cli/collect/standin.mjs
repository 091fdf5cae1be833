// Loopback stand-ins for the collector's end-to-end test, run inside an isolated network
// namespace (`unshare -n`): a DNS server on 127.0.0.1:53 (the system resolver) and 127.0.0.2:53
// (Azure DNS, KVDOCTOR_TEST_AZURE_DNS) answering from STANDIN_DNS (JSON: name -> [["CNAME",
// target] | ["A", address]]), one on 127.0.0.3:53 (the public resolver) answering from
// STANDIN_DNS_PUBLIC (the internet's view) when it is set, and an HTTPS server on STANDIN_HTTPS
// (address:port) with STANDIN_CERT/STANDIN_KEY that answers every request as Key Vault's
// /healthstatus answers an unauthenticated caller: 401 with its challenge and network headers.
import dgram from 'node:dgram';
import https from 'node:https';
import fs from 'node:fs';

const views = [['127.0.0.1', process.env.STANDIN_DNS], ['127.0.0.2', process.env.STANDIN_DNS], ['127.0.0.3', process.env.STANDIN_DNS_PUBLIC]];

function readName(msg, offset) {
  const labels = [];
  while (msg[offset] !== 0) {
    const len = msg[offset];
    labels.push(msg.subarray(offset + 1, offset + 1 + len).toString('ascii'));
    offset += len + 1;
  }
  return [labels.join('.').toLowerCase(), offset + 1];
}

function encodeName(name) {
  const parts = name.split('.').filter(Boolean).map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l, 'ascii')]));
  return Buffer.concat([...parts, Buffer.from([0])]);
}

function rr(name, type, data) {
  const head = Buffer.alloc(10);
  head.writeUInt16BE(type, 0);
  head.writeUInt16BE(1, 2);
  head.writeUInt32BE(60, 4);
  head.writeUInt16BE(data.length, 8);
  return Buffer.concat([encodeName(name), head, data]);
}

function answer(query, records) {
  const [qname, end] = readName(query, 12);
  const qtype = query.readUInt16BE(end);
  const answers = [];
  let name = qname;
  let found = name in records;
  for (let hops = 0; hops < 8 && records[name]; hops++) {
    let next = null;
    for (const [type, value] of records[name]) {
      if (type === 'CNAME') {
        answers.push(rr(name, 5, encodeName(value)));
        next = value;
      } else if (type === 'A' && qtype === 1) {
        answers.push(rr(name, 1, Buffer.from(value.split('.').map(Number))));
      }
    }
    if (!next) break;
    name = next;
  }
  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2);
  header.writeUInt16BE(0x8180 | (found ? 0 : 3), 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(answers.length, 6);
  return Buffer.concat([header, query.subarray(12, end + 4), ...answers]);
}

const listening = [];
for (const [address, json] of views) {
  if (!json) continue;
  const records = JSON.parse(json);
  const dns = dgram.createSocket('udp4');
  dns.on('message', (msg, peer) => {
    try {
      dns.send(answer(msg, records), peer.port, peer.address);
    } catch (e) {
      console.error('dns stand-in:', e.message);
    }
  });
  listening.push(new Promise((done) => dns.bind(53, address, done)));
}

if (process.env.STANDIN_HTTPS) {
  const [host, port] = process.env.STANDIN_HTTPS.split(':');
  const server = https.createServer(
    { cert: fs.readFileSync(process.env.STANDIN_CERT), key: fs.readFileSync(process.env.STANDIN_KEY) },
    (req, res) => {
      res.writeHead(401, {
        'WWW-Authenticate':
          'Bearer authorization="https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47", resource="https://vault.azure.net"',
        'x-ms-keyvault-network-info': process.env.STANDIN_NETWORK_INFO || 'conn_type=PrivateLink;private_endpoint=/subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333/resourceGroups/rg-app/providers/Microsoft.Network/privateEndpoints/pe-contoso;addr=10.1.0.5;act_addr_fam=InterNetwork;',
        'x-ms-keyvault-region': 'eastus',
        'content-type': 'application/json',
      });
      res.end('{"error":{"code":"Unauthorized","message":"AKV10000: Request is missing a Bearer or PoP token."}}');
    },
  );
  listening.push(new Promise((done) => server.listen(Number(port), host, done)));
}
Promise.all(listening).then(() => console.log('ready'));
