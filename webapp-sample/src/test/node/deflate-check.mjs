// Checks permessage-deflate (RFC 7692) against the sample's /echo with the `ws` package:
//   node deflate-check.mjs ws://localhost:8080/echo
// For each set of perMessageDeflate options, the extension the server answered must be exactly the expected one,
// and compressible text, incompressible binary, fragmented and large messages must come back unchanged.
// Exits 0 when every check passed, 1 otherwise.
import WebSocket from 'ws';
import { randomBytes } from 'node:crypto';

const url = process.argv[2];
if (!url) {
  console.error('usage: node deflate-check.mjs ws://host:port/path/echo');
  process.exit(2);
}
const MiB = 1024 * 1024;
let passed = 0;

const cases = [
  { name: 'default offer', options: {}, answer: 'permessage-deflate' },
  { name: 'serverMaxWindowBits 9', options: { serverMaxWindowBits: 9 },
    answer: 'permessage-deflate; server_max_window_bits=9' },
  { name: 'clientNoContextTakeover', options: { clientNoContextTakeover: true },
    answer: 'permessage-deflate; client_no_context_takeover' },
  { name: 'serverNoContextTakeover and clientMaxWindowBits 10',
    options: { serverNoContextTakeover: true, clientMaxWindowBits: 10 },
    answer: 'permessage-deflate; server_no_context_takeover; client_max_window_bits=10' },
  { name: 'serverMaxWindowBits 8, both without context takeover',
    options: { serverMaxWindowBits: 8, serverNoContextTakeover: true, clientNoContextTakeover: true },
    answer: 'permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=8' },
];

function open(perMessageDeflate) {
  return new Promise((resolve, reject) => {
    // threshold 0: ws compresses every message it sends, however small
    const ws = new WebSocket(url, { maxPayload: 32 * MiB, perMessageDeflate: { threshold: 0, ...perMessageDeflate } });
    const inbox = [];
    const waiting = [];
    ws.on('message', (data, isBinary) => {
      const message = { data: Buffer.from(data), isBinary };
      if (waiting.length) waiting.shift()(message); else inbox.push(message);
    });
    ws.next = () => inbox.length ? Promise.resolve(inbox.shift()) : new Promise(r => waiting.push(r));
    ws.closed = new Promise(r => ws.on('close', (code) => r(code)));
    ws.once('upgrade', (response) => { ws.answered = response.headers['sec-websocket-extensions']; });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

async function expectEcho(ws, name, expected, isBinary) {
  const message = await ws.next();
  if (message.isBinary !== isBinary || !message.data.equals(expected)) {
    throw new Error(`${name}: ${message.data.length} bytes came back (${message.isBinary ? 'binary' : 'text'}), `
      + `${expected.length} sent, contents differ`);
  }
}

function json(i) {
  return JSON.stringify({ id: i, user: 'alice', room: 'general', text: 'the report is ready for review', tags: ['a', 'b'] });
}

async function check(c) {
  const ws = await open(c.options);
  if (ws.answered !== c.answer) throw new Error(`${c.name}: server answered '${ws.answered}', expected '${c.answer}'`);
  for (let i = 0; i < 30; i++) {
    ws.send(json(i));
    await expectEcho(ws, `${c.name}: json ${i}`, Buffer.from(json(i)), false);
  }
  const noise = randomBytes(200000);
  ws.send(noise);
  await expectEcho(ws, `${c.name}: random binary`, noise, true);
  ws.send('frag', { fin: false });
  ws.send('mented', { fin: true });
  await expectEcho(ws, `${c.name}: fragmented`, Buffer.from('fragmented'), false);
  const big = Buffer.from('abcdefghij'.repeat(MiB / 10 * 4));
  ws.send(big.toString('latin1'));
  await expectEcho(ws, `${c.name}: 4 MiB text`, big, false);
  ws.close(1000);
  const code = await ws.closed;
  if (code !== 1000) throw new Error(`${c.name}: closed with ${code}`);
  passed++;
  console.log(`ok ${c.name}: ${c.answer}`);
}

async function main() {
  for (const c of cases) await check(c);
  // A bomb: 64 MiB of zeros compress to about 64 KiB; the sample's /echo takes messages up to 16 MiB.
  const ws = await open({});
  ws.send(Buffer.alloc(64 * MiB));
  const code = await ws.closed;
  if (code !== 1009) throw new Error(`bomb: closed with ${code}, expected 1009`);
  passed++;
  console.log('ok 64 MiB of zeros compressed refused with 1009');
}

const guard = setTimeout(() => {
  console.error(`timed out after ${passed} checks`);
  process.exit(1);
}, 120000);

main().then(() => {
  clearTimeout(guard);
  console.log(`all ${passed} deflate checks ok`);
  process.exit(0);
}, (failure) => {
  clearTimeout(guard);
  console.error(`FAILED after ${passed} checks: ${failure.stack || failure}`);
  process.exit(1);
});
