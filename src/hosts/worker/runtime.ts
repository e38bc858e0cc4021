// Everything one bot needs on the edge, built once per Durable Object instance: config, database,
// market + dry-run broker + strategy, the Bot and the shared Hono app (with the websocket route).
// Throws EdgeConfigError when the bot must not (or cannot) serve.

import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../api/context.ts';
import type { Bot } from '../../bot/bot.ts';
import type { Config } from '../../config/schema.ts';
import type { Db } from '../../db/client.ts';
import { DbLockoutStore } from '../../db/repo/login-failures.ts';
import type { TelegramChannel } from '../../notify/telegram/channel.ts';
import { type Clock, systemClock } from '../../util/clock.ts';

import type { Logger, LogHub } from '../../util/logger.ts';
import { composeApi, composeBot, createLogs, inProcessApi } from '../compose.ts';

import { EdgeConfigError, loadEdgeConfig } from './config.ts';
import { openEdgeDatabase } from './database.ts';
import type { WorkerEnv } from './env.ts';
import type { DurableObjectHub } from './ws-hub.ts';

export interface EdgeRuntime {
  config: Config;
  bot: Bot;
  app: OpenAPIHono<AppEnv>;
  logs: LogHub;
  log: Logger;
  dbKind: 'd1' | 'libsql';
  db: Db;
  /** Answers commands in webhook mode (telegram.enabled). */
  telegram?: TelegramChannel;
}

export async function buildRuntime(
  env: WorkerEnv,
  hub: DurableObjectHub,
  clock: Clock = systemClock,
): Promise<EdgeRuntime> {
  const config = loadEdgeConfig(env);
  const { db, kind } = await openEdgeDatabase(env);
  const logs = createLogs(config, clock, (r) => console.log(`${r[2]} - ${r[3]} - ${r[4]}`));
  const log = logs.logger('tickhub.edge');
  const { bot, notifier, fiat } = await composeBot({
    config,
    db,
    clock,
    logs,
    hub,
    // ccxt must use the runtime's fetch under workerd (its bundled undici fails there).
    market: { fetchImplementation: (url, init) => fetch(url, init) },
    // e.g. an exchange left out of the bundle (wrangler.toml [alias] "ccxt", docs/edge.md).
    onMarketError: (e) =>
      new EdgeConfigError(`Exchange "${config.exchange.name}": ${e instanceof Error ? e.message : String(e)}`),
    // /reload_config re-reads TICKHUB_CONFIG and the TICKHUB__… bindings with the same rules as at start.
    readConfig: () => {
      const next = loadEdgeConfig(env);
      if (next.bot_name !== bot.config.bot_name) {
        throw new Error('changing bot_name needs a redeploy (it names the Durable Object holding the bot)');
      }
      return next;
    },
  });
  const { app } = composeApi({
    db,
    bot,
    clock,
    logs,
    host: {
      runtime: 'workers',
      clientIp: (c) => c.req.header('cf-connecting-ip') ?? 'unknown',
      sysinfo: async () => ({ cpu_pct: [], ram_pct: 0 }),
    },
    lockoutStore: new DbLockoutStore(db),
    ws: hub,
    fiat,
  });
  const telegram = notifier?.channel<TelegramChannel>('telegram');
  if (telegram) {
    telegram.answerWith(inProcessApi(app));
    if (!config.telegram?.webhook_secret) {
      log.warning('Telegram on the edge answers commands only with telegram.webhook_secret set (docs/edge.md).');
    }
    // Not awaited: the bot serves whether or not Telegram is reachable; the outcome is logged.
    void telegram.registerWebhook();
  }
  log.info(`Edge runtime ready (${kind} database, bot ${config.bot_name} on ${bot.exchange.name}).`);
  return { config, bot, app, logs, log, dbKind: kind, db, telegram };
}
