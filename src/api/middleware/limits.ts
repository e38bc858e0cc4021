// Request limits on every route: body size (413) and handling time (503). Both read the current
// config on each request, so a config reload applies them.

import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { timeout } from 'hono/timeout';
import { isAuditedCall } from '../audit.ts';
import type { ApiDeps } from '../context.ts';
import { jsonResponse } from '../errors.ts';
import type { UploadWarnings } from '../uploads.ts';

export function bodySizeLimit(deps: ApiDeps, uploads: UploadWarnings): MiddlewareHandler {
  return (c, next) => {
    // No body announced (HTTP/1.1 needs Content-Length or Transfer-Encoding for one): nothing to
    // limit, and not touching the body spares @hono/node-server building a full Request per GET.
    if (c.req.header('content-length') === undefined && c.req.header('transfer-encoding') === undefined) return next();
    return bodyLimit({
      maxSize: deps.config().api_server.max_body_bytes,
      onError: (c) => {
        uploads.warn(deps.host.clientIp(c), 'was refused: larger than api_server.max_body_bytes');
        return jsonResponse({ detail: 'Request body too large' }, 413);
      },
    })(c, next);
  };
}

export function requestTimeout(deps: ApiDeps): MiddlewareHandler {
  return (c, next) => {
    const secs = deps.config().api_server.request_timeout_secs;
    // A control call may still complete after its answer timed out: say so, to prevent blind retries.
    const hint = isAuditedCall(c.req.method, c.req.path)
      ? '; the action may still complete, check before retrying'
      : '';
    const error = () => new HTTPException(503, { message: `Request timed out after ${secs} seconds${hint}` });
    return timeout(secs * 1000, error)(c, next);
  };
}
