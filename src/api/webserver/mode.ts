// Webserver mode (`npm run webserver`): no bot runs, so the routes freqtrade serves through its RPC
// (`Depends(get_rpc)`) answer its RPC error after authentication:
// 502 {"error": "Error querying <path>: Bot is not in the correct state"}.

import type { MiddlewareHandler } from 'hono';
import { RpcError } from '../../rpc/errors.ts';
import type { ApiDeps, AppEnv } from '../context.ts';

export const NO_BOT_MESSAGE = 'Bot is not in the correct state';

const id = '[^/]+';
/** Method and path of every route that needs the bot (freqtrade's get_rpc routes, tickhub's additions). */
const BOT_ROUTES: readonly [string, RegExp][] = [
  ['GET', /^(balance|count|entries|exits|mix_tags|performance|profit|profit_all|stats|daily|weekly|monthly)$/],
  ['GET', /^(status|trades|whitelist|blacklist|locks|health|edge|historic_balance|pair_candles)$/],
  ['GET', new RegExp(`^(trade/${id}|trades/${id}/custom-data|trades/open/custom-data)$`)],
  ['DELETE', new RegExp(`^(trades/${id}|trades/${id}/open-order|blacklist|locks/${id})$`)],
  ['POST', new RegExp(`^(trades/${id}/reload)$`)],
  ['POST', /^(forceenter|forcebuy|forceexit|forcesell|blacklist|locks|locks\/delete|pair_candles)$/],
  ['POST', /^(start|stop|stopentry|stopbuy|pause|reload_config)$/],
];

export function needsBot(method: string, path: string): boolean {
  const m = /^\/api\/v1\/(.+?)\/?$/.exec(path);
  if (!m) return false;
  const verb = method === 'HEAD' ? 'GET' : method;
  return BOT_ROUTES.some(([mm, re]) => mm === verb && re.test(m[1]));
}

/**
 * The private-route guard for webserver mode: authentication first (so nothing answers a
 * stranger differently), then freqtrade's RPC error for routes that need the bot.
 */
export function withoutBotGuard(deps: ApiDeps, auth: MiddlewareHandler<AppEnv>): MiddlewareHandler<AppEnv> {
  if (deps.bot) return auth;
  return (c, next) =>
    auth(c, async () => {
      if (needsBot(c.req.method, c.req.path)) throw new RpcError(NO_BOT_MESSAGE);
      await next();
    });
}
