// The edge host: the Worker routes every request for the bot to its Durable Object (BotObject),
// which owns the Bot, the shared Hono app and the websockets; the cron trigger ticks it.

import type { ExecutionContext, ScheduledController } from '@cloudflare/workers-types';
import { jsonResponse } from '../api/errors.ts';
import type { BotObject } from './worker/bot-object.ts';
import { EdgeConfigError, loadEdgeConfig } from './worker/config.ts';
import type { WorkerEnv } from './worker/env.ts';

export { BotObject } from './worker/bot-object.ts';

const botNames = new WeakMap<object, string>();

/** The Durable Object of the configured bot (one per bot name). */
function botStub(env: WorkerEnv) {
  let name = botNames.get(env);
  if (name === undefined) {
    name = loadEdgeConfig(env).bot_name;
    botNames.set(env, name);
  }
  return env.BOT.get(env.BOT.idFromName(name)) as unknown as Pick<BotObject, 'tick' | 'status'> & {
    fetch(request: Request): Promise<Response>;
  };
}

/**
 * A GET or HEAD never has a meaningful body, but freqtrade-client sends `null` with every call.
 * Forwarded as is, workerd keeps pumping that body into the object after the answer went out and
 * logs "Uncaught TypeError: Can't read from request stream after response has been sent".
 */
function withoutGetBody(request: Request): Request {
  if ((request.method !== 'GET' && request.method !== 'HEAD') || request.body === null) return request;
  const headers = new Headers(request.headers);
  headers.delete('content-length');
  headers.delete('transfer-encoding');
  return new Request(request.url, { method: request.method, headers, signal: request.signal });
}

export default {
  async fetch(request: Request, env: WorkerEnv, _ctx: ExecutionContext): Promise<Response> {
    try {
      return await botStub(env).fetch(withoutGetBody(request));
    } catch (e) {
      if (e instanceof EdgeConfigError) return jsonResponse({ detail: e.message }, 503);
      throw e;
    }
  },

  async scheduled(_controller: ScheduledController, env: WorkerEnv, ctx: ExecutionContext): Promise<void> {
    ctx.waitUntil(botStub(env).tick());
  },
};
