// The edge host: the Worker routes every request for the bot to its Durable Object (BotObject),
// which owns the Bot, the shared Hono app and the websockets; the cron trigger ticks it.

import type { ExecutionContext, ScheduledController } from '@cloudflare/workers-types';
import { jsonResponse } from '../api/errors.ts';
import { API_SECURITY_HEADERS, applySecurityHeaders } from '../api/middleware/security-headers.ts';
import type { BotObject } from './worker/bot-object.ts';
import { EdgeConfigError, loadEdgeConfig } from './worker/config.ts';
import type { WorkerEnv } from './worker/env.ts';
import { isTelegramWebhook, refuseTelegramWebhook } from './worker/telegram-webhook.ts';

export { BotObject } from './worker/bot-object.ts';

interface EdgeRouting {
  botName: string;
  maxBodyBytes: number;
  /** Empty when Telegram's webhook mode is off. */
  telegramSecret: string;
}

const routing = new WeakMap<object, EdgeRouting>();

function routingOf(env: WorkerEnv): EdgeRouting {
  let r = routing.get(env);
  if (r === undefined) {
    const config = loadEdgeConfig(env);
    r = {
      botName: config.bot_name,
      maxBodyBytes: config.api_server.max_body_bytes,
      telegramSecret: config.telegram?.enabled ? config.telegram.webhook_secret : '',
    };
    routing.set(env, r);
  }
  return r;
}

/** The Durable Object of the configured bot (one per bot name). */
function botStub(env: WorkerEnv) {
  return env.BOT.get(env.BOT.idFromName(routingOf(env).botName)) as unknown as Pick<BotObject, 'tick' | 'status'> & {
    fetch(request: Request): Promise<Response>;
  };
}

/** A refusal the Worker answers itself, before the app: JSON, so with the API answers' security headers. */
function refusal(detail: string, status: number): Response {
  const res = jsonResponse({ detail }, status);
  applySecurityHeaders(res.headers, API_SECURITY_HEADERS);
  return res;
}

const tooLarge = () => refusal('Request body too large', 413);

/**
 * The request as the bot's object gets it. Streamed to the object, a body the object answers
 * without reading (refused before auth, the `null` freqtrade-client sends with every GET) goes on
 * being pumped after the answer, and workerd logs "Uncaught TypeError: Can't read from request
 * stream after response has been sent" for each such request. So a GET or HEAD loses its body and
 * any other body is read here first, up to api_server.max_body_bytes (413 beyond, as the object
 * would answer). This Worker invocation holds at most that many bytes; the bot never sees them
 * before authenticating.
 */
async function forwardable(request: Request, maxBodyBytes: number): Promise<Request | Response> {
  if (request.body === null) return request;
  const headers = new Headers(request.headers);
  headers.delete('content-length');
  headers.delete('transfer-encoding');
  if (request.method === 'GET' || request.method === 'HEAD') {
    return new Request(request.url, { method: request.method, headers, signal: request.signal });
  }
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBodyBytes) return tooLarge();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBodyBytes) {
      await reader.cancel().catch(() => undefined);
      return tooLarge();
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    body.set(c, at);
    at += c.byteLength;
  }
  return new Request(request.url, { method: request.method, headers, body, signal: request.signal });
}

export default {
  async fetch(request: Request, env: WorkerEnv, _ctx: ExecutionContext): Promise<Response> {
    try {
      if (isTelegramWebhook(request)) {
        const refused = await refuseTelegramWebhook(request, routingOf(env).telegramSecret);
        if (refused) return refused;
      }
      const forwarded = await forwardable(request, routingOf(env).maxBodyBytes);
      if (forwarded instanceof Response) return forwarded;
      return await botStub(env).fetch(forwarded);
    } catch (e) {
      if (e instanceof EdgeConfigError) return refusal(e.message, 503);
      throw e;
    }
  },

  async scheduled(_controller: ScheduledController, env: WorkerEnv, ctx: ExecutionContext): Promise<void> {
    ctx.waitUntil(botStub(env).tick());
  },
};
