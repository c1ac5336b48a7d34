// Checks the sample's /echo endpoint with the `ws` package: node echo-check.mjs ws://localhost:8080/echo
// Text, binary, fragmented messages (sent with fin:false frames) and 16 MiB messages must come back unchanged;
// one byte over 16 MiB must be refused with close code 1009. Exits 0 when every check passed, 1 otherwise.
import WebSocket from 'ws';
import { randomBytes } from 'node:crypto';

const url = process.argv[2];
if (!url) {
  console.error('usage: node echo-check.mjs ws://host:port/path/echo');
  process.exit(2);
}
const MiB = 1024 * 1024;
let passed = 0;

function open() {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { maxPayload: 32 * MiB });
    const inbox = [];
    const waiting = [];
    ws.on('message', (data, isBinary) => {
      const message = { data: Buffer.from(data), isBinary };
      if (waiting.length) waiting.shift()(message); else inbox.push(message);
    });
    ws.next = () => inbox.length ? Promise.resolve(inbox.shift()) : new Promise(r => waiting.push(r));
    ws.closed = new Promise(r => ws.on('close', (code, reason) => r({ code, reason: reason.toString() })));
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

async function expectEcho(ws, name, expected, isBinary) {
  const message = await ws.next();
  if (message.isBinary !== isBinary) throw new Error(`${name}: came back as ${message.isBinary ? 'binary' : 'text'}`);
  if (!message.data.equals(expected)) {
    throw new Error(`${name}: ${message.data.length} bytes came back, ${expected.length} sent, contents differ`);
  }
  passed++;
  console.log(`ok ${name} (${expected.length} bytes)`);
}

async function main() {
  const ws = await open();

  const text = 'Hello, wsgate! \u00e9\u4e16\ud83d\udc4b';
  ws.send(text);
  await expectEcho(ws, 'text', Buffer.from(text, 'utf8'), false);

  const binary = randomBytes(4096);
  ws.send(binary);
  await expectEcho(ws, 'binary', binary, true);

  // One message in three frames: ws sends a frame per call until fin is true.
  ws.send('frag', { fin: false });
  ws.send('men', { fin: false });
  ws.send('ted \u2713', { fin: true });
  await expectEcho(ws, 'fragmented text', Buffer.from('fragmented \u2713', 'utf8'), false);

  const parts = [randomBytes(1000), randomBytes(70000), randomBytes(3)];
  parts.forEach((part, i) => ws.send(part, { binary: true, fin: i === parts.length - 1 }));
  await expectEcho(ws, 'fragmented binary', Buffer.concat(parts), true);

  const big = randomBytes(16 * MiB);
  ws.send(big);
  await expectEcho(ws, '16 MiB binary', big, true);

  const bigText = Buffer.alloc(16 * MiB, 'a');
  ws.send(bigText.toString('latin1'));
  await expectEcho(ws, '16 MiB text', bigText, false);

  ws.close(1000);
  const normal = await ws.closed;
  if (normal.code !== 1000) throw new Error(`close: got ${normal.code}, expected 1000`);
  passed++;
  console.log('ok close 1000');

  const tooBig = await open();
  tooBig.send(randomBytes(16 * MiB + 1));
  const refused = await tooBig.closed;
  if (refused.code !== 1009) throw new Error(`16 MiB + 1: closed with ${refused.code}, expected 1009 (message too big)`);
  passed++;
  console.log('ok 16 MiB + 1 refused with 1009');
}

const guard = setTimeout(() => {
  console.error(`timed out after ${passed} checks`);
  process.exit(1);
}, 120000);

main().then(() => {
  clearTimeout(guard);
  console.log(`all ${passed} echo checks ok`);
  process.exit(0);
}, (failure) => {
  clearTimeout(guard);
  console.error(`FAILED after ${passed} checks: ${failure.stack || failure}`);
  process.exit(1);
});
