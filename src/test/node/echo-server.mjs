// An independent WebSocket server for wsgate's client tests (Node's ws, which also checks that every client frame
// is masked). Prints "PORT <n>" once listening and "CLOSE <code> <reason>" for each connection that ends; exits
// when its standard input closes (the Java test ends it that way).
import { WebSocketServer } from 'ws';

const wss = new WebSocketServer({
  host: '127.0.0.1',
  port: 0,
  maxPayload: 64 * 1024 * 1024,
  handleProtocols: (protocols) => {
    for (const p of protocols) if (p === 'b' || p === 'c') return p;
    return false;
  },
});

wss.on('listening', () => console.log('PORT ' + wss.address().port));

wss.on('connection', (ws, req) => {
  if (req.headers['x-client']) ws.send('x-client=' + req.headers['x-client']);
  ws.on('message', (data, isBinary) => {
    if (!isBinary) {
      const text = data.toString();
      if (text.startsWith('close ')) return ws.close(Number(text.slice(6)), 'asked');
      if (text === 'ping') return ws.ping(Buffer.from([7]));
      if (text === 'fragments') {
        // one text message in three frames
        ws.send('frag', { fin: false });
        ws.send('ment', { fin: false });
        return ws.send('ed', { fin: true });
      }
    }
    ws.send(data, { binary: isBinary });
  });
  ws.on('pong', (data) => ws.send('pong ' + data.length));
  ws.on('close', (code, reason) => console.log('CLOSE ' + code + ' ' + reason.toString()));
  ws.on('error', (e) => console.log('ERROR ' + e.message));
});

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
