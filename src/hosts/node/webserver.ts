// freqtrade's webserver mode on Node (`npm run webserver`): the API without a trading bot — no
// ticks, no orders, no market loaded at start. Backtests, data downloads and pairlist evaluations
// run as background jobs; the trade routes answer freqtrade's "Bot is not in the correct state".

import { mkdirSync } from 'node:fs';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { createApp } from '../../api/app.ts';
import { LoginGuard, MemoryLockoutStore } from '../../api/auth/lockout.ts';
import type { ApiDeps } from '../../api/context.ts';
import { TICKHUB_VERSION } from '../../api/version.ts';
import { BackgroundJobs } from '../../api/webserver/jobs.ts';
import type { MarketSelection, WebserverServices } from '../../api/webserver/services.ts';
import { createMarket } from '../../bot/factory.ts';
import { defaultDbUrl } from '../../config/defaults.ts';
import type { Config } from '../../config/schema.ts';
import type { Exchange } from '../../exchange/port.ts';
import { StrategyRegistry } from '../../strategy/loader.ts';
import { type Clock, systemClock } from '../../util/clock.ts';
import type { Logger } from '../../util/logger.ts';
import { nodeAnalysisService } from './backtest/analysis-worker.ts';
import { nodeBacktestService } from './backtest/api-service.ts';
import { normaliseDbUrl, openDatabase } from './database.ts';
import { databaseFile } from './db-lock.ts';
import { listen, nodeApiHost, startHostLogs } from './server.ts';
import { swaggerUiAssets } from './static-assets.ts';
import { NodeStrategySource } from './strategy-source.ts';
import { NodeUiFiles } from './ui-files.ts';
import { NodeWsHub } from './ws-hub.ts';

export interface NodeWebserverOptions {
  config: Config;
  dbUrl?: string;
  /** Overrides api_server.listen_port (0 picks a free port: tests). */
  port?: number;
  clock?: Clock;
  /** Tests: ccxt talks to this loopback fake exchange instead of the real one. */
  ccxtUrlOverride?: string;
  onLog?: (line: string) => void;
}

export interface RunningWebserver {
  url: string;
  port: number;
  deps: ApiDeps & { webserver: WebserverServices };
  close(): Promise<void>;
}

export async function startNodeWebserver(opts: NodeWebserverOptions): Promise<RunningWebserver> {
  const config = opts.config;
  const clock = opts.clock ?? systemClock;
  const { logs, log } = startHostLogs(config, clock, opts.onLog);

  // No database lock: webserver mode places no orders, so it may run beside a trading bot on the
  // same database (it only adds downloaded candles), as freqtrade's webserver runs beside a bot.
  const dbUrl = normaliseDbUrl(opts.dbUrl ?? defaultDbUrl(config));
  const dbFile = databaseFile(dbUrl);
  if (dbFile) mkdirSync(dirname(resolvePath(dbFile)), { recursive: true });
  const database = await openDatabase(dbUrl);
  // The message websocket stays up (freqtrade's webserver keeps its message stream); no bot feeds it.
  const hub = new NodeWsHub({ whitelist: () => [], analyzed: () => undefined }, logs.logger('tickhub.ws'));
  const webserver: WebserverServices = {
    jobs: new BackgroundJobs(
      () => clock.now(),
      (category, e) => log.error(`Background job (${category}) failed: ${e instanceof Error ? e.message : e}`),
    ),
    market: marketCache(config, clock, log, opts.ccxtUrlOverride),
    backtests: nodeBacktestService({ config: () => config, dbUrl }),
    analysis: nodeAnalysisService({ config: () => config, dbUrl }),
  };
  const deps = {
    config: () => config,
    db: database.db,
    clock,
    logs,
    log: logs.logger('tickhub.api'),
    host: nodeApiHost(() => config),
    loginGuard: new LoginGuard(new MemoryLockoutStore(), () => ({
      maxFailures: config.api_server.login_max_failures,
      lockoutMs: config.api_server.login_lockout_secs * 1000,
    })),
    version: TICKHUB_VERSION,
    strategies: new StrategyRegistry({
      source: new NodeStrategySource(join(config.user_data_dir, 'strategies'), {
        onImportError: (file, err) => log.warning(`Could not import strategy file ${file}: ${(err as Error)?.message}`),
      }),
    }),
    uiFiles: new NodeUiFiles(config.api_server.ui_path ?? join(config.user_data_dir, 'ui', 'installed')),
    staticAssets: swaggerUiAssets(),
    ws: hub,
    webserver,
  };
  const app = createApp(deps);
  const { server, url, port } = await listen(app, config, opts.port, hub, deps).catch(async (e) => {
    await hub.close();
    database.close();
    throw e;
  });
  log.info(`Webserver mode: API listening on ${url} (no trading loop).`);

  let closed = false;
  return {
    url,
    port,
    deps,
    async close() {
      if (closed) return;
      closed = true;
      await hub.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      database.close();
      log.info('Shut down cleanly.');
    },
  };
}

/** freqtrade's ApiBG.exchanges: one loaded market per exchange name and trading mode. */
function marketCache(config: Config, clock: Clock, log: Logger, ccxtUrlOverride?: string) {
  const cache = new Map<string, Promise<Exchange>>();
  return (sel: MarketSelection): Promise<Exchange> => {
    const name = sel.exchange || config.exchange.name;
    const tradingMode = (sel.trading_mode || config.trading_mode) as Config['trading_mode'];
    const marginMode = (sel.margin_mode || config.margin_mode) as Config['margin_mode'];
    const key = `${name.toLowerCase()}_${tradingMode}`;
    let market = cache.get(key);
    if (!market) {
      const selected: Config = {
        ...config,
        trading_mode: tradingMode,
        margin_mode: marginMode,
        exchange: { ...config.exchange, name },
      };
      market = createMarket(selected, { clock, log, ccxtUrlOverride }).then(async (m) => {
        await m.loadMarkets();
        return m;
      });
      // A failed load is not cached: the next request tries again.
      market.catch(() => cache.delete(key));
      cache.set(key, market);
    }
    return market;
  };
}
