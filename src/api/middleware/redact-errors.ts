// Error bodies never carry a configured secret: whatever an error message or an echoed 422 input
// contains, every secret value (raw or JSON-escaped) becomes "***" before the response leaves.

import type { MiddlewareHandler } from 'hono';
import { scrubSecrets, secretValues } from '../../config/redact.ts';
import type { ApiDeps } from '../context.ts';

export function redactErrorBodies(deps: ApiDeps): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const res = c.res;
    if (res.status < 400 || !res.body) return;
    const secrets = secretValues(deps.config())
      .flatMap((s) => [s, JSON.stringify(s).slice(1, -1)])
      .sort((a, b) => b.length - a.length);
    const text = await res.clone().text();
    const scrubbed = scrubSecrets(text, secrets);
    if (scrubbed === text) return;
    const headers = new Headers(res.headers);
    headers.delete('content-length');
    c.res = undefined;
    c.res = new Response(scrubbed, { status: res.status, headers });
  };
}
