// Force entry / exit (and freqtrade's deprecated aliases /forcebuy, /forcesell, which FreqUI uses).

import type { OpenAPIHono, RouteHandler } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { ForceEnterRequest as EnterReq } from '../../bot/api.ts';
import { RpcError } from '../../rpc/errors.ts';
import type { ApiDeps, AppEnv } from '../context.ts';
import { ForceEnterRequest, ForceEnterResponse, ForceExitRequest, ResultMsg } from '../wire/index.ts';
import { botOf, jsonBody, ok, privateRoute } from './common.ts';
import { tradeJson } from './trade-view.ts';

const tags = ['Trading'];

export function registerTradingRoutes(app: OpenAPIHono<AppEnv>, deps: ApiDeps, auth: MiddlewareHandler<AppEnv>): void {
  const enterRoute = (path: string) =>
    privateRoute(auth, {
      method: 'post',
      path,
      tags,
      summary: path.endsWith('forcebuy') ? 'Deprecated alias of /forceenter' : 'Open a trade now',
      request: { body: { ...jsonBody(ForceEnterRequest, 'Force entry'), required: true } },
      response: ForceEnterResponse,
    });
  const forceEnter: RouteHandler<ReturnType<typeof enterRoute>, AppEnv> = async (c) => {
    if (!deps.config().force_entry_enable) throw new RpcError('Force_entry not enabled.');
    const body = c.req.valid('json');
    const req: EnterReq = {
      pair: body.pair,
      side: body.side ?? 'long',
      price: body.price ?? null,
      ordertype: body.ordertype ?? null,
      stakeamount: body.stakeamount ?? null,
      entry_tag: body.entry_tag ?? null,
      leverage: body.leverage ?? null,
    };
    const trade = await botOf(deps).forceEnter(req);
    if (!trade) return ok({ status: `Error entering ${req.side} trade for pair ${req.pair}.` });
    return ok(tradeJson(trade));
  };
  for (const path of ['/api/v1/forceenter', '/api/v1/forcebuy']) {
    app.openapi(enterRoute(path), forceEnter);
  }

  const exitRoute = (path: string) =>
    privateRoute(auth, {
      method: 'post',
      path,
      tags,
      summary: path.endsWith('forcesell') ? 'Deprecated alias of /forceexit' : 'Exit a trade (or "all") now',
      request: { body: { ...jsonBody(ForceExitRequest, 'Force exit'), required: true } },
      response: ResultMsg,
    });
  const forceExit: RouteHandler<ReturnType<typeof exitRoute>, AppEnv> = async (c) => {
    const body = c.req.valid('json');
    const result = await botOf(deps).forceExit({
      tradeid: body.tradeid,
      ordertype: body.ordertype ?? null,
      amount: body.amount ?? null,
      price: body.price ?? null,
    });
    return ok({ result });
  };
  for (const path of ['/api/v1/forceexit', '/api/v1/forcesell']) {
    app.openapi(exitRoute(path), forceExit);
  }
}
