// Whitelist and blacklist.

import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { scrubSecrets, secretValues } from '../../config/redact.ts';
import type { ApiDeps, AppEnv } from '../context.ts';
import { Blacklist, BlacklistPayload, Whitelist } from '../wire/index.ts';
import { addPrivateRoute, botOf, jsonBody, ok, valid } from './common.ts';

const tags = ['Pairlist'];

/**
 * Blacklist replies echo the pairs a caller sent (in `errors`); configured secrets a caller might
 * have planted there are masked like everywhere else.
 */
function blacklistReply(deps: ApiDeps, result: unknown): Response {
  const text = scrubSecrets(JSON.stringify(result), secretValues(deps.config()));
  return new Response(text, { status: 200, headers: { 'content-type': 'application/json' } });
}

export function registerListRoutes(app: OpenAPIHono<AppEnv>, deps: ApiDeps, auth: MiddlewareHandler<AppEnv>): void {
  const bot = () => botOf(deps);

  addPrivateRoute(
    app,
    auth,
    { method: 'get', path: '/api/v1/whitelist', tags, summary: 'Pairs the bot trades', response: Whitelist },
    () => {
      const whitelist = bot().whitelist();
      return ok({ whitelist, length: whitelist.length, method: bot().pairlistMethods() });
    },
  );

  addPrivateRoute(
    app,
    auth,
    { method: 'get', path: '/api/v1/blacklist', tags, summary: 'Pairs the bot never trades', response: Blacklist },
    () => ok(bot().blacklist()),
  );

  addPrivateRoute(
    app,
    auth,
    {
      method: 'post',
      path: '/api/v1/blacklist',
      tags,
      summary: 'Add pairs (or wildcards) to the blacklist',
      request: { body: { ...jsonBody(BlacklistPayload, 'Pairs to add'), required: true } },
      response: Blacklist,
    },
    async (c) => blacklistReply(deps, await bot().addBlacklist(valid<{ blacklist: string[] }>(c, 'json').blacklist)),
  );

  addPrivateRoute(
    app,
    auth,
    {
      method: 'delete',
      path: '/api/v1/blacklist',
      tags,
      summary: 'Remove pairs from the blacklist (?pairs_to_delete=A&pairs_to_delete=B)',
      request: { query: z.object({ pairs_to_delete: z.union([z.string(), z.array(z.string())]).optional() }) },
      response: Blacklist,
    },
    async (c) => {
      const pairs = c.req.queries('pairs_to_delete') ?? [];
      return blacklistReply(deps, await bot().removeBlacklist(pairs));
    },
  );
}
