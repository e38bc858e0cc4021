// The edge host: the same Hono app on a Cloudflare Worker, with D1 through Drizzle.

import type { ExecutionContext } from '@cloudflare/workers-types';
import { drizzle } from 'drizzle-orm/d1';
import { createApp } from '../api/app.ts';
import { DbLockoutStore, LoginGuard } from '../api/auth/lockout.ts';
import type { ApiDeps } from '../api/context.ts';
import { jsonResponse } from '../api/errors.ts';
import { TICKHUB_VERSION } from '../api/version.ts';
import { Bot } from '../bot/bot.ts';
import { createMarket, loadStrategy, orderExchange } from '../bot/factory.ts';
import { ConfigError, loadConfig } from '../config/load.ts';
import { secretValues } from '../config/redact.ts';
import type { Db } from '../db/client.ts';
import { pendingD1Migrations } from '../db/migrate.ts';
import { schema } from '../db/schema.ts';
import { RecordingHub } from '../rpc/hub.ts';
import { systemClock } from '../util/clock.ts';
import { LogHub } from '../util/logger.ts';
import { stringBindings, type WorkerEnv } from './worker/env.ts';

interface Runtime {
  fetch: (req: Request) => Response | Promise<Response>;
}

let runtime: Promise<Runtime> | undefined;

async function build(env: WorkerEnv): Promise<Runtime> {
  const { config } = loadConfig([{ path: 'TICKHUB_CONFIG', text: env.TICKHUB_CONFIG ?? '{}' }], stringBindings(env));
  const db = drizzle(env.DB as any, { schema }) as unknown as Db;
  const pending = await pendingD1Migrations(db);
  if (pending.length > 0) {
    const message = `Database migrations not applied: ${pending.join(', ')}. Run: npx wrangler d1 migrations apply DB`;
    return { fetch: () => jsonResponse({ detail: message }, 503) };
  }
  const logs = new LogHub();
  logs.setSecrets(secretValues(config));
  logs.addSink((r) => console.log(`${r[2]} - ${r[3]} - ${r[4]}`));
  const log = logs.logger('tickhub.bot');
  const market = await createMarket(config, {
    clock: systemClock,
    log,
    fetchImplementation: (url, init) => fetch(url, init),
  });
  const bot = new Bot({
    config,
    db,
    clock: systemClock,
    log,
    hub: new RecordingHub(),
    exchange: orderExchange(config, market, db, systemClock),
    strategy: await loadStrategy(config),
  });
  await bot.init();
  const deps: ApiDeps = {
    config: () => config,
    db,
    bot,
    clock: systemClock,
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
  const app = createApp(deps);
  return { fetch: (req) => app.fetch(req) };
}

function runtimeFor(env: WorkerEnv): Promise<Runtime> {
  runtime ??= build(env).catch((e) => {
    runtime = undefined;
    throw e;
  });
  return runtime;
}

export default {
  async fetch(request: Request, env: WorkerEnv, _ctx: ExecutionContext): Promise<Response> {
    try {
      return await (await runtimeFor(env)).fetch(request);
    } catch (e) {
      if (e instanceof ConfigError) return jsonResponse({ detail: e.message }, 503);
      throw e;
    }
  },
};
