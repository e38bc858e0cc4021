// The message websocket route, /api/v1/message/ws?token=… (shared/api/freqtrade-api.md §2.4, §9).
// Authentication is shared; taking over the socket is the host's job (WsUpgrader): the Node hub
// upgrades in-process, the edge host hands the request to its Durable Object.

import type { Hono } from 'hono';
import type { Config } from '../../config/schema.ts';
import { safeEqual } from '../auth/compare.ts';
import { verifyToken } from '../auth/jwt.ts';
import { jwtSettingsFor } from '../auth/middleware.ts';
import type { ApiDeps, AppEnv } from '../context.ts';
import { jsonResponse } from '../errors.ts';

export const MESSAGE_WS_PATH = '/api/v1/message/ws';

/**
 * Whether a websocket token is acceptable: equal to `api_server.ws_token` (or one entry of the list),
 * compared in constant time against every entry, or else a valid JWT *access* token.
 */
export async function acceptWsToken(config: Config, token: string | undefined, nowMs: number): Promise<boolean> {
  if (!token) return false;
  const configured = config.api_server.ws_token;
  const secrets = (Array.isArray(configured) ? configured : [configured]).filter((s) => s.length > 0);
  const matches = await Promise.all(secrets.map((s) => safeEqual(token, s)));
  if (matches.some(Boolean)) return true;
  return (await verifyToken(await jwtSettingsFor(config), token, 'access', nowMs)) !== undefined;
}

/**
 * A refused token gets HTTP 403 on the upgrade request, before any websocket exists: that is what a
 * client of freqtrade sees when it closes with 1008 before accepting.
 */
export function registerWsRoute(app: Hono<AppEnv>, deps: ApiDeps): void {
  const upgrader = deps.ws;
  if (!upgrader) return;
  app.get(MESSAGE_WS_PATH, async (c) => {
    if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') return jsonResponse({ detail: 'Not Found' }, 404);
    const ok = await acceptWsToken(deps.config(), c.req.query('token'), deps.clock.now());
    if (!ok) {
      deps.log.warning(`Websocket connection refused: invalid token from ${deps.host.clientIp(c)}.`);
      return jsonResponse({ detail: 'Policy violation: invalid websocket token' }, 403);
    }
    return upgrader.upgrade(c);
  });
}
