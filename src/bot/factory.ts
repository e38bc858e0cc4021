// Builds what a Bot trades with from the config: the market (offline or ccxt), the dry-run broker
// around it when dry_run is on, and the strategy. Hosts pass what differs between runtimes.

import type { Config } from '../config/schema.ts';
import type { Db } from '../db/client.ts';
import { DbDryRunStore } from '../db/repo/dry-run-store.ts';
import { DryRunBroker } from '../exchange/dry-run/index.ts';
import { OfflineExchange } from '../exchange/offline/index.ts';
import type { Exchange } from '../exchange/port.ts';
import { StrategyRegistry, type StrategySource } from '../strategy/loader.ts';
import type { Strategy } from '../strategy/types.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/logger.ts';

export interface MarketOptions {
  clock: Clock;
  log: Logger;
  /** Workers: ccxt must use the runtime's fetch. */
  fetchImplementation?: (url: string, init?: RequestInit) => Promise<Response>;
  /** Tests: send ccxt's requests to a loopback fake exchange. */
  ccxtUrlOverride?: string;
}

/** The market-data exchange named in the config (ccxt is imported only when configured). */
export async function createMarket(config: Config, opts: MarketOptions): Promise<Exchange> {
  const name = config.exchange.name.toLowerCase();
  if (name === 'offline') {
    return new OfflineExchange({
      tradingMode: config.trading_mode === 'futures' ? 'futures' : 'spot',
      marginMode: config.margin_mode,
      seed: config.exchange.offline_seed,
      clock: opts.clock,
    });
  }
  const { createCcxtExchange } = await import('../exchange/ccxt/adapter.ts');
  const log = opts.log.child('exchange');
  return createCcxtExchange({
    name,
    key: config.exchange.key,
    secret: config.exchange.secret,
    password: config.exchange.password || undefined,
    ccxt_config: config.exchange.ccxt_config,
    trading_mode: config.trading_mode,
    margin_mode: config.margin_mode,
    fetchImplementation: opts.fetchImplementation,
    urlOverride: opts.ccxtUrlOverride,
    clock: opts.clock,
    logger: (level, message) =>
      level === 'error' ? log.error(message) : level === 'warning' ? log.warning(message) : log.info(message),
  });
}

/** The exchange orders go to: the dry-run broker (persisted in the database) or the market itself. */
export function orderExchange(config: Config, market: Exchange, db: Db, clock: Clock): Exchange {
  if (!config.dry_run) return market;
  return new DryRunBroker({
    exchange: market,
    store: new DbDryRunStore(db, () => clock.now()),
    clock,
    dryRunWallet: config.dry_run_wallet,
    stakeCurrency: config.stake_currency,
  });
}

export async function loadStrategy(config: Config, source?: StrategySource, log?: Logger): Promise<Strategy> {
  const onParameterMessage = log
    ? (level: 'info' | 'warning', text: string) => (level === 'info' ? log.info(text) : log.warning(text))
    : undefined;
  return new StrategyRegistry({ source, onParameterMessage }).loadStrategy(config.strategy);
}
