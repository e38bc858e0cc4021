// One access-log line per request when api_server.verbosity is "info" (freqtrade logs uvicorn's
// access lines at that level). Secret-bearing query values are masked; headers are never logged.

import type { MiddlewareHandler } from 'hono';
import type { ApiDeps } from '../context.ts';

const SECRET_PARAM = /token|password|secret|key|auth/i;

/** Path and query with the values of secret-looking parameters (token=…, …) replaced by ***. */
export function redactedTarget(url: string): string {
  const u = new URL(url);
  if (!u.search) return u.pathname;
  const parts = u.search
    .slice(1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        // keep the raw name
      }
      return eq >= 0 && SECRET_PARAM.test(decoded) ? `${name}=***` : pair;
    });
  return `${u.pathname}?${parts.join('&')}`;
}

export function accessLog(deps: ApiDeps): MiddlewareHandler {
  const log = deps.log.child('access');
  return async (c, next) => {
    if (deps.host.runtime !== 'node' || deps.config().api_server.verbosity !== 'info') return next();
    const started = deps.clock.now();
    try {
      await next();
    } finally {
      const ms = Math.max(0, deps.clock.now() - started);
      const status = c.res?.status ?? 500;
      log.info(`${deps.host.clientIp(c)} - "${c.req.method} ${redactedTarget(c.req.url)}" ${status} ${ms}ms`);
    }
  };
}
