// Whitelist and blacklist.

import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { BlacklistResult } from '../../bot/api.ts';
import { scrubSecrets, secretValues } from '../../config/redact.ts';
import type { ApiDeps, AppEnv } from '../context.ts';
import { Blacklist, BlacklistPayload, Whitelist } from '../wire/index.ts';
import { botOf, type JsonReply, jsonBody, ok, privateRoute } from './common.ts';

const tags = ['Pairlist'];

/**
 * Blacklist replies echo the pairs a caller sent (in `errors`); configured secrets a caller might
 * have planted there are masked like everywhere else.
 */
function blacklistReply(deps: ApiDeps, result: BlacklistResult): JsonReply<BlacklistResult> {
  const secrets = secretValues(deps.config());
  const scrub = (text: string) => scrubSecrets(text, secrets);
  return ok({
    blacklist: result.blacklist.map(scrub),
    blacklist_expanded: result.blacklist_expanded.map(scrub),
    errors: Object.fromEntries(
      Object.entries(result.errors).map(([k, v]) => [scrub(k), { error_msg: scrub(v.error_msg) }]),
    ),
    length: result.length,
    method: result.method.map(scrub),
  });
}

export function registerListRoutes(app: OpenAPIHono<AppEnv>, deps: ApiDeps, auth: MiddlewareHandler<AppEnv>): void {
  const bot = () => botOf(deps);

  app.openapi(
    privateRoute(auth, {
      method: 'get',
      path: '/api/v1/whitelist',
      tags,
      summary: 'Pairs the bot trades',
      response: Whitelist,
    }),
    () => {
      const whitelist = bot().whitelist();
      return ok({ whitelist, length: whitelist.length, method: bot().pairlistMethods() });
    },
  );

  app.openapi(
    privateRoute(auth, {
      method: 'get',
      path: '/api/v1/blacklist',
      tags,
      summary: 'Pairs the bot never trades',
      response: Blacklist,
    }),
    () => ok(bot().blacklist()),
  );

  app.openapi(
    privateRoute(auth, {
      method: 'post',
      path: '/api/v1/blacklist',
      tags,
      summary: 'Add pairs (or wildcards) to the blacklist',
      request: { body: { ...jsonBody(BlacklistPayload, 'Pairs to add'), required: true } },
      response: Blacklist,
    }),
    async (c) => blacklistReply(deps, await bot().addBlacklist(c.req.valid('json').blacklist)),
  );

  app.openapi(
    privateRoute(auth, {
      method: 'delete',
      path: '/api/v1/blacklist',
      tags,
      summary: 'Remove pairs from the blacklist (?pairs_to_delete=A&pairs_to_delete=B)',
      request: { query: z.object({ pairs_to_delete: z.union([z.string(), z.array(z.string())]).optional() }) },
      response: Blacklist,
    }),
    async (c) => {
      const pairs = c.req.queries('pairs_to_delete') ?? [];
      return blacklistReply(deps, await bot().removeBlacklist(pairs));
    },
  );
}
