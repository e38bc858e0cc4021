// The audit trail: every money-moving or control call (matched by method and path, so routes
// added later are covered) is recorded once, after it is answered: who, from where, what (path and
// a SHA-256 of the body), and how it ended. Readable at GET /api/v1/audit_log; never changeable.

import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { scrubSecrets, secretValues } from '../config/redact.ts';
import { countAuditEntries, insertAuditEntry, listAuditEntries } from '../db/repo/audit.ts';
import { pydanticDatetime } from '../domain/dates.ts';
import type { ApiDeps, AppEnv } from './context.ts';
import { PRIVATE_SECURITY } from './routes/common.ts';
import { BOUNDS, boundedInt } from './validation.ts';

/** Method and path of every audited call (freqtrade's control and trading endpoints). */
export const AUDITED_CALLS: readonly { method: string; path: RegExp }[] = [
  {
    method: 'POST',
    path: /^\/api\/v1\/(forceenter|forcebuy|forceexit|forcesell|start|stop|stopentry|stopbuy|pause|reload_config|blacklist|locks|locks\/delete)\/?$/,
  },
  { method: 'DELETE', path: /^\/api\/v1\/(trades\/[^/]+|trades\/[^/]+\/open-order|blacklist|locks\/[^/]+)\/?$/ },
  // webserver mode: jobs and backtests started, stopped, forgotten or annotated
  {
    method: 'POST',
    path: /^\/api\/v1\/(download_data|pairlists\/evaluate|backtest|lookahead_analysis|recursive_analysis)\/?$/,
  },
  { method: 'DELETE', path: /^\/api\/v1\/(backtest|background\/clear|backtest\/history\/[^/]+)\/?$/ },
  { method: 'PATCH', path: /^\/api\/v1\/backtest\/history\/[^/]+\/?$/ },
  { method: 'GET', path: /^\/api\/v1\/backtest\/abort\/?$/ },
];

export function isAuditedCall(method: string, path: string): boolean {
  return AUDITED_CALLS.some((a) => a.method === method && a.path.test(path));
}

const MAX_OUTCOME_CHARS = 500;

async function sha256OfBytes(bytes: ArrayBuffer): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(d, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** "ok" for a success, else "error: " and the response's detail/error text. */
async function outcomeOf(res: Response): Promise<string> {
  if (res.status < 400) return 'ok';
  let text = `HTTP ${res.status}`;
  try {
    const body = (await res.clone().json()) as { detail?: unknown; error?: unknown };
    const msg = body.detail ?? body.error;
    if (msg !== undefined) text = typeof msg === 'string' ? msg : JSON.stringify(msg);
  } catch {
    // not JSON: keep the status
  }
  return `error: ${text}`.slice(0, MAX_OUTCOME_CHARS);
}

/**
 * Reads an audited call's body and keeps its digest for the trail. Called by the auth middleware
 * once the caller is authenticated, so no unauthenticated upload is ever read.
 */
export async function digestAuditedBody(c: Context<AppEnv>): Promise<void> {
  if (!isAuditedCall(c.req.method, c.req.path)) return;
  const body = c.req.raw.body ? await c.req.arrayBuffer() : undefined;
  c.set('bodyDigest', body && body.byteLength > 0 ? await sha256OfBytes(body) : null);
}

/** Records an audited call once it is answered (the request pipeline calls this for audited calls only). */
export async function recordAuditedCall(deps: ApiDeps, c: Context<AppEnv>): Promise<void> {
  // Unauthenticated attempts are not audited: the auth layer logs (and locks out) those.
  const user = c.get('user');
  if (!user) return;
  const path = c.req.path;
  const secrets = secretValues(deps.config());
  try {
    await insertAuditEntry(deps.db, {
      ts: deps.clock.now(),
      username: user.username,
      clientIp: deps.host.clientIp(c),
      method: c.req.method,
      route: path,
      bodyDigest: c.get('bodyDigest') ?? null,
      status: c.res.status,
      outcome: scrubSecrets(await outcomeOf(c.res), secrets),
    });
  } catch (e) {
    deps.log.error(`Audit log write failed for ${c.req.method} ${path}: ${(e as Error).message}`);
  }
}

const auditEntry = z.object({
  id: z.number().int(),
  timestamp: z.string(),
  ts: z.number().int(),
  username: z.string(),
  client_ip: z.string(),
  method: z.string(),
  route: z.string(),
  body_sha256: z.string().nullable(),
  status: z.number().int(),
  outcome: z.string(),
});

export function registerAuditRoutes(app: OpenAPIHono<AppEnv>, deps: ApiDeps, auth: MiddlewareHandler<AppEnv>): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/audit_log',
      tags: ['Info'],
      middleware: [auth],
      security: PRIVATE_SECURITY,
      summary: 'Audit trail of trading and control calls, newest first (tickhub addition; read-only)',
      request: {
        query: z.object({ limit: boundedInt(500, 1).optional(), offset: boundedInt(BOUNDS.pageOffset).optional() }),
      },
      responses: {
        200: {
          content: {
            'application/json': { schema: z.object({ entries: z.array(auditEntry), total: z.number().int() }) },
          },
          description: 'Audit entries',
        },
      },
    }),
    async (c) => {
      const { limit, offset } = c.req.valid('query');
      const [rows, total] = await Promise.all([
        listAuditEntries(deps.db, limit ?? 100, offset ?? 0),
        countAuditEntries(deps.db),
      ]);
      const entries = rows.map((r) => ({
        id: r.id,
        timestamp: pydanticDatetime(r.ts),
        ts: r.ts,
        username: r.username,
        client_ip: r.clientIp,
        method: r.method,
        route: r.route,
        body_sha256: r.bodyDigest,
        status: r.status,
        outcome: r.outcome,
      }));
      return c.json({ entries, total }, 200);
    },
  );
}
