// A credential for requests the host makes to its own API from inside the process (Telegram
// commands). It is not a secret string at all: the mark is the Request object itself, held in a
// WeakMap, so nothing that arrives over a socket (always a fresh Request) can carry it, and it works
// whether or not api_server.password is set.

import type { AuthUser } from '../context.ts';

const marked = new WeakMap<Request, AuthUser>();

/** Builds a request to this API that the auth middleware accepts as `caller` without a password. */
export function inProcessRequest(caller: string, method: string, path: string, body?: unknown): Request {
  const request = new Request(`http://127.0.0.1${path}`, {
    method,
    headers: {
      host: '127.0.0.1',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  marked.set(request, { username: caller, readonly: false });
  return request;
}

/** The caller of a request made with inProcessRequest; undefined for everything else. */
export function inProcessCaller(request: Request): AuthUser | undefined {
  return marked.get(request);
}
