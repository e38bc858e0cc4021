// Everything one bot needs on the edge, built once per Durable Object instance: config, database,
// market + dry-run broker + strategy, the Bot and the shared Hono app (with the websocket route).
// Throws EdgeConfigError when the bot must not (or cannot) serve.

import type { OpenAPIHono } from '@hono/zod-openapi';
import { createApp } from '../../api/app.ts';
import { LoginGuard } from '../../api/auth/lockout.ts';
import type { ApiDeps, AppEnv } from '../../api/context.ts';
import { TICKHUB_VERSION } from '../../api/version.ts';
import { Bot } from '../../bot/bot.ts';
import { createMarket, loadStrategy, orderExchange } from '../../bot/factory.ts';
import { secretValues } from '../../config/redact.ts';
import type { Config } from '../../config/schema.ts';
import { DbLockoutStore } from '../../db/repo/login-failures.ts';
import { createNotifier } from '../../notify/notifier.ts';
import { FanoutHub } from '../../rpc/hub.ts';
import { analyzedDfMessage } from '../../rpc/ws-protocol.ts';
import { type Clock, systemClock } from '../../util/clock.ts';
import { type Logger, LogHub } from '../../util/logger.ts';
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
}

export async function buildRuntime(
  env: WorkerEnv,
  hub: DurableObjectHub,
  clock: Clock = systemClock,
): Promise<EdgeRuntime> {
  const config = loadEdgeConfig(env);
  const { db, kind } = await openEdgeDatabase(env);
  const logs = new LogHub(() => clock.now());
  logs.setSecrets(secretValues(config));
  logs.addSink((r) => console.log(`${r[2]} - ${r[3]} - ${r[4]}`));
  const log = logs.logger('tickhub.edge');
  const botLog = logs.logger('tickhub.bot');
  // ccxt must use the runtime's fetch under workerd (its bundled undici fails there).
  const market = await createMarket(config, {
    clock,
    log: botLog,
    fetchImplementation: (url, init) => fetch(url, init),
  }).catch((e: unknown) => {
    // e.g. an exchange left out of the bundle (wrangler.toml [alias] "ccxt", docs/edge.md).
    throw new EdgeConfigError(`Exchange "${config.exchange.name}": ${e instanceof Error ? e.message : String(e)}`);
  });
  // Webhook/Discord deliveries run as the object's own fetches, queued so a tick never waits.
  let bot: Bot | undefined;
  const notifier = createNotifier({
    config: () => bot?.config ?? config,
    strategy: () => ({
      name: bot?.strategy.name ?? config.strategy,
      timeframe: bot?.settings.timeframe ?? config.timeframe ?? '',
    }),
    log: logs.logger('tickhub.notify'),
  });
  const botHub = new FanoutHub();
  botHub.add(hub);
  if (notifier) botHub.add(notifier);
  bot = new Bot({
    config,
    db,
    clock,
    log: botLog,
    hub: botHub,
    exchange: orderExchange(config, market, db, clock),
    strategy: await loadStrategy(config),
    // /reload_config re-reads TICKHUB_CONFIG and the TICKHUB__… bindings with the same rules as at start.
    reloadConfig: async () => {
      const next = loadEdgeConfig(env);
      const current = bot?.config ?? config;
      if (next.bot_name !== current.bot_name) {
        throw new Error('changing bot_name needs a redeploy (it names the Durable Object holding the bot)');
      }
      logs.setSecrets([...secretValues(current), ...secretValues(next)]); // whichever ends up in force
      return { config: next, strategy: await loadStrategy(next) };
    },
    // As on Node: the last analysed row of each pair, encoded only when someone listens.
    onAnalyzed: (pair, timeframe, candleType, frame, at) => {
      if (hub.hasSubscribers('analyzed_df')) {
        hub.publish(analyzedDfMessage(pair, { frame, lastAnalyzed: at, timeframe, candleType }, 1));
      }
    },
  });
  await bot.init();
  const deps: ApiDeps = {
    config: () => bot.config,
    db,
    bot,
    clock,
    logs,
    log: logs.logger('tickhub.api'),
    host: {
      runtime: 'workers',
      clientIp: (c) => c.req.header('cf-connecting-ip') ?? 'unknown',
      sysinfo: async () => ({ cpu_pct: [], ram_pct: 0 }),
    },
    loginGuard: new LoginGuard(new DbLockoutStore(db), () => ({
      maxFailures: bot.config.api_server.login_max_failures,
      lockoutMs: bot.config.api_server.login_lockout_secs * 1000,
    })),
    version: TICKHUB_VERSION,
    ws: hub,
  };
  const app = createApp(deps);
  log.info(`Edge runtime ready (${kind} database, bot ${config.bot_name} on ${bot.exchange.name}).`);
  return { config, bot, app, logs, log, dbKind: kind };
}
