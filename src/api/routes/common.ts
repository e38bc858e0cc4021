// Pieces every route module shares: OpenAPI security, the private-route helper, the bot handle.

import { createRoute, type OpenAPIHono, type RouteConfig, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import type { BotApi } from '../../bot/api.ts';
import { RpcError } from '../../rpc/errors.ts';
import type { ApiDeps, AppEnv } from '../context.ts';
import { jsonResponse } from '../errors.ts';
import { NO_BOT_MESSAGE } from '../webserver/mode.ts';
import { ErrorDetail, HTTPValidationError, RpcError as RpcErrorBody } from '../wire/index.ts';

/** OpenAPI security of private routes: HTTP Basic or a Bearer access token. */
export const PRIVATE_SECURITY: Record<string, string[]>[] = [{ basic: [] }, { bearer: [] }];

export function jsonBody(schema: z.ZodType, description: string) {
  return { content: { 'application/json': { schema } }, description };
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

export interface PrivateRoute {
  method: Method;
  path: string;
  summary: string;
  tags: string[];
  request?: RouteConfig['request'];
  response: z.ZodType;
  /** Extra documented responses (404 …). */
  responses?: RouteConfig['responses'];
}

export type Handler = (c: Context<AppEnv>) => Promise<Response> | Response;

/** Registers a private route (auth per route, so unknown paths stay 404). */
export function addPrivateRoute(
  app: OpenAPIHono<AppEnv>,
  auth: MiddlewareHandler<AppEnv>,
  spec: PrivateRoute,
  handler: Handler,
): void {
  const route = createRoute({
    method: spec.method,
    path: spec.path,
    tags: spec.tags,
    summary: spec.summary,
    middleware: [auth] as const,
    security: PRIVATE_SECURITY,
    request: spec.request,
    responses: { 200: jsonBody(spec.response, spec.summary), ...ERROR_RESPONSES, ...(spec.responses ?? {}) },
  });
  app.openapi(route, handler as any);
}

/** Validated request part (typed by the caller: the route's zod schema already ran). */
export function valid<T>(c: Context<AppEnv>, target: 'query' | 'json' | 'param'): T {
  return (c.req.valid as (t: string) => unknown)(target) as T;
}

/** freqtrade's orjson output: `application/json` without charset; NaN/±Infinity become null. */
export function ok(body: unknown): Response {
  return jsonResponse(body, 200);
}

/** Path parameter `{name}` (OpenAPI style) as Hono wants it. */
export const pathParam = (name: string) => z.object({ [name]: z.string() });
