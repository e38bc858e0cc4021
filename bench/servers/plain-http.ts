// The machine's ceiling for /ping: a bare node:http server answering the same JSON as tickhub.
// Started as a child process by the HTTP benchmark; prints its port on stdout.

import { createServer } from 'node:http';

const body = JSON.stringify({ status: 'pong' });
const server = createServer((req, res) => {
  if (req.url === '/api/v1/ping') {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  } else {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"detail":"Not Found"}');
  }
});
server.listen(0, '127.0.0.1', () => {
  console.log(String((server.address() as { port: number }).port));
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
