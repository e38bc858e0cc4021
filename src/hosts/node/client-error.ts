// Requests Node's HTTP parser refuses before the app sees them (headers or URL over 16 KiB,
// malformed syntax) still get a JSON body of freqtrade's shape instead of an empty one.

import type { Duplex } from 'node:stream';

export function answerClientError(err: Error & { code?: string }, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
  const body = JSON.stringify({ detail: tooLarge ? 'Request header fields too large' : 'Bad Request' });
  socket.end(
    `HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
