// The machine's ceiling: a bare node:http server answering tickhub's /ping JSON, and for any other
// path the exact bytes tickhub answered there (sent by the bench over IPC before the load), so each
// tickhub route has a plain node:http figure for the same body from the same run.
// Started as a child process by the HTTP and startup benchmarks; prints its port on stdout. Plain
// JavaScript, so that its start-up time is Node's own (no type stripping).

import { createServer } from 'node:http';

const bodies = new Map([['/api/v1/ping', Buffer.from(JSON.stringify({ status: 'pong' }))]]);
process.on('message', (m) => {
  bodies.set(m.path, Buffer.from(m.body, 'base64'));
  process.send?.('ok');
});

const server = createServer((req, res) => {
  const body = bodies.get(req.url ?? '');
  if (body) {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.byteLength });
    res.end(body);
  } else {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"detail":"Not Found"}');
  }
});
server.listen(0, '127.0.0.1', () => {
  console.log(String(server.address().port));
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
process.on('disconnect', () => process.exit(0));
