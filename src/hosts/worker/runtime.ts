// Everything one bot needs on the edge, built once per Durable Object instance: config, database,
// Bot and the shared Hono app. Throws EdgeConfigError when the bot must not (or cannot) serve.

import type { OpenAPIHono } from '@hono/zod-openapi';
import { createApp } from '../../api/app.ts';
import { DbLockoutStore, LoginGuard } from '../../api/auth/lockout.ts';
import type { ApiDeps, AppEnv } from '../../api/context.ts';
import { TICKHUB_VERSION } from '../../api/version.ts';
import { Bot } from '../../bot/bot.ts';
import { secretValues } from '../../config/redact.ts';
import type { Config } from '../../config/schema.ts';
import type { Hub } from '../../rpc/hub.ts';
import { type Clock, systemClock } from '../../util/clock.ts';
import { type Logger, LogHub } from '../../util/logger.ts';
import { loadEdgeConfig } from './config.ts';
import { openEdgeDatabase } from './database.ts';
import type { WorkerEnv } from './env.ts';

export interface EdgeRuntime {
  config: Config;
  bot: Bot;
  app: OpenAPIHono<AppEnv>;
  logs: LogHub;
  log: Logger;
  dbKind: 'd1' | 'libsql';
}

export async function buildRuntime(env: WorkerEnv, hub: Hub, clock: Clock = systemClock): Promise<EdgeRuntime> {
  const config = loadEdgeConfig(env);
  const { db, kind } = await openEdgeDatabase(env);
  const logs = new LogHub(() => clock.now());
  logs.setSecrets(secretValues(config));
  logs.addSink((r) => console.log(`${r[2]} - ${r[3]} - ${r[4]}`));
  const log = logs.logger('tickhub.edge');
  const bot = new Bot({ config, db, clock, log: logs.logger('tickhub.bot'), hub });
  await bot.init();
  const deps: ApiDeps = {
    config: () => config,
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
      maxFailures: config.api_server.login_max_failures,
      lockoutMs: config.api_server.login_lockout_secs * 1000,
    })),
    version: TICKHUB_VERSION,
  };
  log.info(`Edge runtime ready (${kind} database, bot ${config.bot_name}).`);
  return { config, bot, app: createApp(deps), logs, log, dbKind: kind };
}
