// Helpers for the security tests: a second real app over a running server's deps, served over
// real HTTP on 127.0.0.1 — either with some bot methods replaced (a slow or failing bot behind the
// real routes), or a bare app with test-only routes (for the fuzz harness's own tests).

import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { OpenAPIHono } from '@hono/zod-openapi';
import { createApp } from '../../../src/api/app.ts';
import { requireAuth } from '../../../src/api/auth/middleware.ts';
import type { ApiDeps, AppEnv, BotApiDeps } from '../../../src/api/context.ts';
import { handleError, jsonResponse } from '../../../src/api/errors.ts';
import { fastApiHook } from '../../../src/api/validation.ts';
import type { Bot } from '../../../src/bot/bot.ts';
import type { ConfigInput } from '../../../src/config/schema.ts';
import { answerClientError } from '../../../src/hosts/node/client-error.ts';
import { basicAuth } from '../../support/node-server.ts';

export const RO_USER = 'viewer';
export const RO_PASSWORD = 'viewer-password-0123456789abcdef';
export const RO_BASIC = basicAuth(RO_USER, RO_PASSWORD);

export const READONLY_CONFIG: ConfigInput = {
  api_server: { readonly_username: RO_USER, readonly_password: RO_PASSWORD },
};

export interface ServedApp {
  url: string;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export async function serveApp(app: OpenAPIHono<AppEnv>): Promise<ServedApp> {
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
    s.once('error', reject);
    s.on('clientError', answerClientError); // as the Node host does
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    fetch: (path, init) => fetch(url + path, init),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The real app over `deps` with some bot methods replaced (a bot that hangs or throws behind the
 * real routes and middleware); everything else is the running server's bot.
 */
export async function serveWithBot(deps: BotApiDeps, replace: Partial<Record<keyof Bot, unknown>>): Promise<ServedApp> {
  const real = deps.bot;
  const bot = new Proxy(real, {
    get(target, key) {
      if (Object.hasOwn(replace, key)) return replace[key as keyof Bot];
      const v = Reflect.get(target, key, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  return serveApp(createApp({ ...deps, bot }));
}

/**
 * A bare app with test-only routes, the way route modules register them (auth per route,
 * FastAPI-shaped 422s and errors, /openapi.json); the real app's UI catch-all would shadow GET
 * test routes, and the real routes are tested on the real app.
 */
export async function serveTestRoutes(
  deps: ApiDeps,
  register: (app: OpenAPIHono<AppEnv>, auth: ReturnType<typeof requireAuth>) => void,
): Promise<ServedApp> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: fastApiHook as any });
  app.onError((err, c) => handleError(err, c, (e) => deps.log.error(`Unhandled API error: ${e.stack ?? e.message}`)));
  app.notFound(() => jsonResponse({ detail: 'Not Found' }, 404));
  register(app, requireAuth(deps));
  app.doc31('/openapi.json', { openapi: '3.1.0', info: { title: 'test routes', version: '1' } });
  return serveApp(app);
}
