// Every cross-cutting request step in one middleware, registered before any route so it covers
// every route, also the ones added later (issue 19 point 1). Outermost first, as they were when
// each step was its own middleware: CORS, security headers (API or page set), Host check, access log, error-body
// redaction, body limit, audit trail, timeout. What the steps need from the config (CORS on? Host
// checked? access line logged? the secrets to scrub, the limits) is worked out once per config
// object, so a request pays one middleware and only the steps that apply to it. An error a step
// raises becomes the app's error answer right there (as Hono does per middleware), so the outer
// steps still see it.

import type { Context, ErrorHandler, MiddlewareHandler, Next } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { isLoopbackAddress } from '../../config/ip-address.ts';
import { scrubSecrets, secretValues } from '../../config/redact.ts';
import type { Config } from '../../config/schema.ts';
import { isAuditedCall, recordAuditedCall } from '../audit.ts';
import type { ApiDeps, AppEnv } from '../context.ts';
import { corsMiddleware } from '../cors.ts';
import { jsonResponse } from '../errors.ts';
import type { UploadWarnings } from '../uploads.ts';
import { redactedTarget } from './access-log.ts';
import { isAllowedHost } from './host-check.ts';
import {
  API_SECURITY_HEADERS,
  applySecurityHeaders,
  type HeaderList,
  isApiPath,
  pageSecurityHeaderList,
} from './security-headers.ts';

interface Plan {
  cors: boolean;
  /** The DNS-rebinding guard (Node on loopback only): the names a Host header may carry. */
  hostGuard: { listen: string; allowed: readonly string[] } | undefined;
  accessLog: boolean;
  /** Secret values, raw and JSON-escaped, longest first. */
  secrets: string[];
  limitBody: MiddlewareHandler;
  timeoutSecs: number;
}

type C = Context<AppEnv>;

export function requestPipeline(
  deps: ApiDeps,
  uploads: UploadWarnings,
  onError: ErrorHandler<AppEnv>,
): MiddlewareHandler<AppEnv> {
  const plans = new WeakMap<Config, Plan>();
  const cors = corsMiddleware(deps);
  const log = deps.log.child('access');
  const node = deps.host.runtime === 'node';
  let pageHeaders: HeaderList | undefined;
  const pageHeaderList = pageSecurityHeaderList();

  const planFor = (config: Config): Plan => {
    let plan = plans.get(config);
    if (plan) return plan;
    const api = config.api_server;
    plan = {
      cors: api.CORS_origins.length > 0,
      hostGuard:
        node && isLoopbackAddress(api.listen_ip_address)
          ? { listen: api.listen_ip_address, allowed: api.allowed_hosts }
          : undefined,
      accessLog: node && api.verbosity === 'info',
      secrets: secretValues(config)
        .flatMap((s) => [s, JSON.stringify(s).slice(1, -1)])
        .sort((a, b) => b.length - a.length),
      limitBody: bodyLimit({
        maxSize: api.max_body_bytes,
        onError: (c) => {
          uploads.warn(deps.host.clientIp(c), 'was refused: larger than api_server.max_body_bytes');
          return jsonResponse({ detail: 'Request body too large' }, 413);
        },
      }),
      timeoutSecs: api.request_timeout_secs,
    };
    plans.set(config, plan);
    return plan;
  };

  /** What Hono does with an error a middleware throws: the app's error answer becomes the response. */
  const fail = async (c: C, err: unknown) => {
    if (!(err instanceof Error)) throw err;
    c.error = err;
    c.res = await onError(err, c);
  };

  const timed = async (c: C, next: Next, plan: Plan) => {
    const secs = plan.timeoutSecs;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // A control call may still complete after its answer timed out: say so, to prevent blind retries.
        const hint = isAuditedCall(c.req.method, c.req.path)
          ? '; the action may still complete, check before retrying'
          : '';
        reject(new HTTPException(503, { message: `Request timed out after ${secs} seconds${hint}` }));
      }, secs * 1000);
    });
    try {
      await Promise.race([next(), expired]);
    } catch (e) {
      await fail(c, e);
    } finally {
      clearTimeout(timer);
    }
  };

  const audited = async (c: C, next: Next, plan: Plan) => {
    if (!isAuditedCall(c.req.method, c.req.path)) return timed(c, next, plan);
    await timed(c, next, plan);
    await recordAuditedCall(deps, c);
  };

  const limited = async (c: C, next: Next, plan: Plan) => {
    // No body announced (HTTP/1.1 needs Content-Length or Transfer-Encoding for one): nothing to
    // limit, and not touching the body spares @hono/node-server building a full Request per GET.
    if (c.req.header('content-length') === undefined && c.req.header('transfer-encoding') === undefined) {
      return audited(c, next, plan);
    }
    try {
      const refused = await plan.limitBody(c, () => audited(c, next, plan));
      if (refused) c.res = refused;
    } catch (e) {
      await fail(c, e);
    }
  };

  /** Error bodies never carry a configured secret (raw or JSON-escaped): each becomes "***". */
  const redacted = async (c: C, next: Next, plan: Plan) => {
    await limited(c, next, plan);
    const res = c.res;
    if (res.status < 400 || !res.body) return;
    try {
      const text = await res.clone().text();
      const scrubbed = scrubSecrets(text, plan.secrets);
      if (scrubbed === text) return;
      const headers = new Headers(res.headers);
      headers.delete('content-length');
      c.res = undefined;
      c.res = new Response(scrubbed, { status: res.status, headers });
    } catch (e) {
      await fail(c, e);
    }
  };

  /** One access line per request when api_server.verbosity is "info" (freqtrade logs uvicorn's). */
  const logged = async (c: C, next: Next, plan: Plan) => {
    if (!plan.accessLog) return redacted(c, next, plan);
    const started = deps.clock.now();
    try {
      await redacted(c, next, plan);
    } finally {
      const ms = Math.max(0, deps.clock.now() - started);
      const status = c.res?.status ?? 500;
      log.info(`${deps.host.clientIp(c)} - "${c.req.method} ${redactedTarget(c.req.url)}" ${status} ${ms}ms`);
    }
  };

  /** Security headers on every answer from here in, refusals included: the API set under /api/, else the page set. */
  const secured = async (c: C, next: Next, plan: Plan) => {
    const guard = plan.hostGuard;
    if (guard && !isAllowedHost(c.req.header('host'), guard.listen, guard.allowed)) {
      c.res = jsonResponse({ detail: 'Invalid host header' }, 400);
    } else {
      await logged(c, next, plan);
    }
    if (isApiPath(c.req.path)) {
      applySecurityHeaders(c.res.headers, API_SECURITY_HEADERS);
    } else {
      pageHeaders ??= await pageHeaderList;
      applySecurityHeaders(c.res.headers, pageHeaders);
    }
  };

  return (c, next) => {
    const plan = planFor(deps.config());
    if (plan.cors && c.req.header('origin') !== undefined) return cors(c, () => secured(c, next, plan));
    return secured(c, next, plan);
  };
}
