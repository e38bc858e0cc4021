// freqtrade's error shapes: {"detail": …} for HTTP errors, {"error": …} with 502 for bot errors,
// FastAPI's 422 list for validation errors.

import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { RpcError } from '../rpc/errors.ts';

export interface ValidationDetail {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

/** An error that becomes {"detail": message} with the given status. */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly headers?: Record<string, string>;
  constructor(status: ContentfulStatusCode, message: string, headers?: Record<string, string>) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.headers = headers;
  }
}

export function validationError(details: ValidationDetail[]): Response {
  return new Response(JSON.stringify({ detail: details }), {
    status: 422,
    headers: { 'content-type': 'application/json' },
  });
}

export function jsonResponse(body: unknown, status: number, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

export function handleError(err: Error, c: Context, onUnexpected: (err: Error) => void): Response {
  if (err instanceof RpcError) {
    return jsonResponse({ error: `Error querying ${new URL(c.req.url).pathname}: ${err.message}` }, 502);
  }
  if (err instanceof ApiError) return jsonResponse({ detail: err.message }, err.status, err.headers);
  if (err instanceof HTTPException) {
    if (err.status === 400 && /json/i.test(err.message)) {
      return validationError([
        { type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error', input: {}, ctx: { error: err.message } },
      ]);
    }
    if (err.status === 413) return jsonResponse({ detail: 'Request body too large' }, 413);
    return jsonResponse({ detail: err.message || 'Error' }, err.status);
  }
  onUnexpected(err);
  return jsonResponse({ detail: 'Internal Server Error' }, 500);
}
