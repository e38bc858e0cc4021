// Requests Node's HTTP parser refuses before the app sees them (headers or URL over 16 KiB,
// malformed syntax) still get a JSON body of freqtrade's shape instead of an empty one, with the
// API answers' security headers (the path may not even be parsed; the body is JSON either way).

import type { Duplex } from 'node:stream';
import { API_SECURITY_HEADERS } from '../../api/middleware/security-headers.ts';

const SECURITY_LINES = API_SECURITY_HEADERS.map(([name, value]) => `${name}: ${value}\r\n`).join('');

export function answerClientError(err: Error & { code?: string }, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
  const body = JSON.stringify({ detail: tooLarge ? 'Request header fields too large' : 'Bad Request' });
  socket.end(
    `HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${SECURITY_LINES}Connection: close\r\n\r\n${body}`,
  );
}
