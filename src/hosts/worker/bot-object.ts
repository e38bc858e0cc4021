// BotObject: one Durable Object per bot, the single writer on the edge. It owns the Bot, the Hono
// app and the message websockets; every request, tick (cron or alarm) and websocket frame runs
// here, and the Bot's own queue serialises the ones that change state. The websocket upgrade goes
// through the shared Hono route (token check), whose upgrader is this object's hub.

import { DurableObject } from 'cloudflare:workers';
import type { DurableObjectState, WebSocket } from '@cloudflare/workers-types';
import { jsonResponse } from '../../api/errors.ts';
import { warmReports } from '../../reports/profit-closed.ts';
import { botWsView } from '../compose.ts';
import { EdgeConfigError } from './config.ts';
import type { WorkerEnv } from './env.ts';
import { buildRuntime, type EdgeRuntime } from './runtime.ts';
import { isTelegramWebhook, TelegramWebhook } from './telegram-webhook.ts';
import { DurableObjectHub } from './ws-hub.ts';

export interface TickReport {
  state: string;
  /** End of the last tick (ms). */
  lastProcess: number | null;
  /** When the next alarm tick fires (ms), null when the bot is stopped. */
  nextAlarm: number | null;
}

export class BotObject extends DurableObject<WorkerEnv> {
  readonly hub: DurableObjectHub;
  private runtime: EdgeRuntime | undefined;
  private readonly telegramWebhook: TelegramWebhook;

  constructor(ctx: DurableObjectState, env: WorkerEnv) {
    super(ctx as never, env); // (the module and global DurableObjectState types are the same at runtime)
    this.telegramWebhook = new TelegramWebhook(ctx.storage);
    this.hub = new DurableObjectHub(
      ctx,
      (e) => this.runtime?.log.warning(`Websocket send failed: ${String(e)}`),
      {},
      (msg) => this.runtime?.log.warning(msg),
    );
    // Nothing reaches the object before the bot is loaded (or has failed to load).
    void ctx.blockConcurrencyWhile(async () => {
      await this.ready().catch(() => undefined);
    });
  }

  private get state(): DurableObjectState {
    return this.ctx as unknown as DurableObjectState;
  }

  /** The runtime, built on first use; a failed build is retried on the next call. */
  async ready(): Promise<EdgeRuntime> {
    if (this.runtime) return this.runtime;
    const rt = await buildRuntime(this.env, this.hub);
    if (this.runtime) return this.runtime;
    this.runtime = rt;
    // As the Node host does once it listens: the report book's one pass starts now and runs
    // beside the first requests (not awaited); the first report waits for it only if not done.
    warmReports(rt.db);
    await this.syncAlarm(rt);
    return rt;
  }

  override async fetch(request: Request): Promise<Response> {
    let rt: EdgeRuntime;
    try {
      rt = await this.ready();
    } catch (e) {
      return failure(e);
    }
    if (isTelegramWebhook(request)) {
      const telegram = rt.bot.config.telegram;
      const secret = telegram?.enabled ? telegram.webhook_secret : '';
      const answered = await this.telegramWebhook.answer(request, rt.telegram, secret);
      await this.syncAlarm(rt); // /start, /stop
      return answered;
    }
    const response = await rt.app.fetch(request);
    // start / stop / pause may have changed whether the alarm should tick.
    if (request.method !== 'GET' && request.method !== 'HEAD') await this.syncAlarm(rt);
    return response;
  }

  override async webSocketMessage(ws: unknown, message: string | ArrayBuffer): Promise<void> {
    const rt = await this.ready();
    this.hub.receive(
      ws as WebSocket,
      message,
      botWsView(() => rt.bot),
      rt.log,
    );
  }

  override async webSocketClose(ws: unknown, code: number, reason: string): Promise<void> {
    try {
      (ws as WebSocket).close(code === 1005 ? 1000 : code, reason);
    } catch {
      // already closed
    }
  }

  /** One bot iteration: the cron trigger calls this through the stub. */
  async tick(): Promise<TickReport> {
    const rt = await this.ready();
    await rt.bot.tick();
    return this.report(rt, await this.syncAlarm(rt));
  }

  /** The finer cadence: every process_throttle_secs while the bot is not stopped. */
  override async alarm(): Promise<void> {
    const rt = await this.ready();
    try {
      await rt.bot.tick();
    } catch (e) {
      rt.log.error(`Tick failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
    await this.syncAlarm(rt);
  }

  /** Arms the alarm while the bot runs (or is paused: open trades still need managing), clears it when stopped. */
  private async syncAlarm(rt: EdgeRuntime): Promise<number | null> {
    const storage = this.state.storage;
    const current = await storage.getAlarm();
    if (rt.bot.state === 'stopped') {
      if (current !== null) await storage.deleteAlarm();
      return null;
    }
    if (current !== null) return current;
    const next = Date.now() + rt.config.internals.process_throttle_secs * 1000;
    await storage.setAlarm(next);
    return next;
  }

  private report(rt: EdgeRuntime, nextAlarm: number | null): TickReport {
    return { state: rt.bot.state, lastProcess: rt.bot.lastProcess ?? null, nextAlarm };
  }

  /** For the health of the edge host (and tests): the bot's state without ticking. */
  async status(): Promise<TickReport> {
    const rt = await this.ready();
    return this.report(rt, await this.state.storage.getAlarm());
  }
}

function failure(e: unknown): Response {
  if (e instanceof EdgeConfigError) return jsonResponse({ detail: e.message }, 503);
  console.error(`tickhub edge failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  return jsonResponse({ detail: 'tickhub failed to start; see the Worker logs.' }, 503);
}
