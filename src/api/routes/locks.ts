// Pair locks. GET lists active locks of side '*' only, as freqtrade 2.40 does (its query filters
// side-specific locks out); the bot decides which locks POST /locks/delete {pair} releases.

import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { lockToJson } from '../../rpc/lock-json.ts';
import type { ApiDeps, AppEnv } from '../context.ts';
import { idParam } from '../validation.ts';
import { DeleteLockRequest, LockAddRequest, Locks } from '../wire/index.ts';
import { botOf, jsonBody, ok, privateRoute } from './common.ts';

const tags = ['Locks'];

/** Parses an aware datetime ("2024-03-30 16:00:00Z", "…T…+02:00") to ms. */
function awareToMs(text: string): number {
  return Date.parse(text.replace(' ', 'T').replace(/z$/, 'Z'));
}

export function registerLockRoutes(app: OpenAPIHono<AppEnv>, deps: ApiDeps, auth: MiddlewareHandler<AppEnv>): void {
  const bot = () => botOf(deps);
  const locksResponse = async () => {
    const locks = (await bot().activeLocks()).filter((l) => l.side === '*').map(lockToJson);
    return ok({ lock_count: locks.length, locks });
  };

  app.openapi(
    privateRoute(auth, {
      method: 'get',
      path: '/api/v1/locks',
      tags,
      summary: "Active pair locks (side '*')",
      response: Locks,
    }),
    locksResponse,
  );

  app.openapi(
    privateRoute(auth, {
      method: 'post',
      path: '/api/v1/locks',
      tags,
      summary: 'Lock pairs until a time (rounded up to the next candle by the bot)',
      request: { body: { ...jsonBody(LockAddRequest, 'Locks to add'), required: true } },
      response: Locks,
    }),
    async (c) => {
      const items = c.req.valid('json');
      await bot().addLocks(
        items.map((i) => ({ pair: i.pair, until: awareToMs(i.until), side: i.side, reason: i.reason ?? null })),
      );
      return locksResponse();
    },
  );

  app.openapi(
    privateRoute(auth, {
      method: 'delete',
      path: '/api/v1/locks/{lockid}',
      tags,
      summary: 'Release a lock (unknown ids are ignored)',
      request: { params: z.object({ lockid: idParam() }) },
      response: Locks,
    }),
    async (c) => {
      await bot().deleteLock(c.req.valid('param').lockid);
      return locksResponse();
    },
  );

  app.openapi(
    privateRoute(auth, {
      method: 'post',
      path: '/api/v1/locks/delete',
      tags,
      summary: 'Release a lock by id, or the locks of a pair',
      request: { body: { ...jsonBody(DeleteLockRequest, 'Lock id or pair'), required: true } },
      response: Locks,
    }),
    async (c) => {
      const body = c.req.valid('json');
      if (body.lockid !== undefined && body.lockid !== null) await bot().deleteLock(body.lockid);
      else if (body.pair) await bot().deleteLocksByPair(body.pair);
      return locksResponse();
    },
  );
}
