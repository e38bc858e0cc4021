// Pieces every route module shares: OpenAPI security, the private-route helper, the bot handle.

import { createRoute, type RouteConfig, type z } from '@hono/zod-openapi';
import type { MiddlewareHandler, TypedResponse } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { JSONParsed } from 'hono/utils/types';
import type { BotApi } from '../../bot/api.ts';
import { RpcError } from '../../rpc/errors.ts';
import type { ApiDeps, AppEnv } from '../context.ts';
import { jsonResponse } from '../errors.ts';
import { NO_BOT_MESSAGE } from '../webserver/mode.ts';
import { ErrorDetail, HTTPValidationError, RpcError as RpcErrorBody } from '../wire/index.ts';

/** OpenAPI security of private routes: HTTP Basic or a Bearer access token. */
export const PRIVATE_SECURITY: Record<string, string[]>[] = [{ basic: [] }, { bearer: [] }];

export function jsonBody<T extends z.ZodType>(schema: T, description: string) {
  return { content: { 'application/json': { schema } }, description };
}

/**
 * The stake currency's price in fiat_display_currency, or undefined when no fiat currency is set
 * (freqtrade has no converter then). A failed lookup is 0.0, as freqtrade's.
 */
export async function fiatRate(deps: ApiDeps): Promise<number | undefined> {
  const config = deps.config();
  if (!config.fiat_display_currency || !deps.fiat) return undefined;
  return deps.fiat.rate(config.stake_currency, config.fiat_display_currency).catch((e: unknown) => {
    deps.log.error(`Fiat conversion failed: ${(e as Error).message}`);
    return 0;
  });
}

/** The bot as the API sees it: only the BotApi contract. */
export function botOf(deps: ApiDeps): BotApi {
  if (!deps.bot) throw new RpcError(NO_BOT_MESSAGE);
  return deps.bot;
}

const ERROR_RESPONSES = {
  401: jsonBody(ErrorDetail, 'Not authenticated'),
  422: jsonBody(HTTPValidationError, 'Validation error (FastAPI shape)'),
  502: jsonBody(RpcErrorBody, 'Bot error: {"error": "Error querying <path>: <message>"}'),
};

export type Method = 'get' | 'post' | 'delete' | 'patch' | 'put' | 'head';

type Request = NonNullable<RouteConfig['request']>;
type Responses = RouteConfig['responses'];

export interface PrivateRouteSpec<Req extends Request, Res extends z.ZodType, Extra extends Responses> {
  method: Method;
  path: string;
  summary: string;
  tags: string[];
  request?: Req;
  /** The 200 body. */
  response: Res;
  /** Extra documented responses (404 …). */
  responses?: Extra;
}

/**
 * A private route's definition: auth per route (so unknown paths stay 404), the shared error
 * responses, the 200 body from `spec.response`. Register it with `app.openapi(route, handler)`:
 * the handler's input and every response it may return are then typed by this definition.
 */
export function privateRoute<
  Res extends z.ZodType,
  Req extends Request = Record<never, never>,
  Extra extends Responses = Record<never, never>,
>(auth: MiddlewareHandler<AppEnv>, spec: PrivateRouteSpec<Req, Res, Extra>) {
  const responses = { 200: jsonBody(spec.response, spec.summary), ...ERROR_RESPONSES, ...(spec.responses as Extra) };
  return createRoute({
    method: spec.method,
    path: spec.path,
    tags: spec.tags,
    summary: spec.summary,
    middleware: [auth] as const,
    security: PRIVATE_SECURITY,
    request: spec.request as Req,
    responses,
  });
}

/** A JSON body with its status, typed for the route definitions' response checks. */
export type JsonReply<T, Status extends ContentfulStatusCode = 200> = Response &
  TypedResponse<JSONParsed<T>, Status, 'json'>;

/** freqtrade's orjson output: `application/json` without charset; NaN/±Infinity become null. */
export function ok<T>(body: T): JsonReply<T> {
  return reply(body, 200);
}

/** ok() for a body already serialised (kept answers): the same bytes ok(JSON.parse(json)) sends. */
export function okSerialised<T>(json: string | Uint8Array): JsonReply<T> {
  const body = json as string | Uint8Array<ArrayBuffer>;
  return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } }) as JsonReply<T>;
}

/** A JSON reply with any status, serialised as ok() does. */
export function reply<T, Status extends ContentfulStatusCode>(body: T, status: Status): JsonReply<T, Status> {
  // The body is what the type says; TypedResponse only carries that fact to the route's checks.
  return jsonResponse(body, status) as JsonReply<T, Status>;
}
