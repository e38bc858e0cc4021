// GET /api/v1/ping answered at the node:http level, in front of @hono/node-server (issue 19 point 1):
// no Request/Response objects, no routing. The answer is the app's own: the first qualifying ping
// goes through the app and its status, header record and body are kept (per config object, so a
// reload re-learns them); later ones replay them through the same writeHead/end calls, so the
// bytes on the wire are the same. Any ping a middleware would act on (see api/ping.ts) and every
// other request go to the app.

import type { IncomingMessage, OutgoingHttpHeaders, RequestListener, ServerResponse } from 'node:http';
import { PING_PATH, pingNeedsFullChain } from '../../api/ping.ts';
import type { Config } from '../../config/schema.ts';

export interface Answer {
  config: Config;
  status: number;
  headers: OutgoingHttpHeaders;
  body: string | Uint8Array;
}

export function headerOf(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** Watches one response of the app; hands over its answer when it was a plain 200 with a body in one piece. */
export function learn(res: ServerResponse, config: Config, keep: (a: Answer) => void): void {
  const writeHead = res.writeHead;
  const end = res.end;
  let head: { status: number; headers: OutgoingHttpHeaders } | undefined;
  let wrote = false;
  const write = res.write;
  res.write = function (this: ServerResponse, ...args: unknown[]) {
    wrote = true;
    return (write as (...a: unknown[]) => boolean).apply(this, args);
  } as ServerResponse['write'];
  res.writeHead = function (this: ServerResponse, status: number, ...rest: unknown[]) {
    const headers = rest[rest.length - 1];
    const plain = rest.length === 1 && headers && typeof headers === 'object' && !Array.isArray(headers);
    if (plain && res.getHeaderNames().length === 0) {
      head = { status, headers: { ...(headers as OutgoingHttpHeaders) } };
    }
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, [status, ...rest]);
  } as ServerResponse['writeHead'];
  res.end = function (this: ServerResponse, ...args: unknown[]) {
    const body = args[0];
    const whole = typeof body === 'string' || body instanceof Uint8Array;
    if (head?.status === 200 && !wrote && whole) keep({ config, ...head, body });
    return (end as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as ServerResponse['end'];
}

export function withFastPing(config: () => Config, app: RequestListener): RequestListener {
  let answer: Answer | undefined;
  return (req, res) => {
    if (req.method !== 'GET' || req.url !== PING_PATH) return app(req, res);
    const current = config();
    if (pingNeedsFullChain(current, 'node', (name) => headerOf(req, name))) return app(req, res);
    if (answer?.config === current) {
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
      return;
    }
    learn(res, current, (a) => {
      answer = a;
    });
    return app(req, res);
  };
}
