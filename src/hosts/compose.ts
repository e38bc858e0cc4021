// What both hosts build the same way: the log hub, the Bot (market, dry-run broker, strategy and
// the analyzed_df broadcast) and the API (its deps and the Hono app). A host passes only what
// differs: its hub, database, strategy source, lockout store, client address and files.

import type { OpenAPIHono } from '@hono/zod-openapi';
import { createApp } from '../api/app.ts';
import { inProcessRequest } from '../api/auth/in-process.ts';
import { type LockoutStore, LoginGuard } from '../api/auth/lockout.ts';
import type { ApiDeps, AppEnv, BotApiDeps } from '../api/context.ts';
import { TICKHUB_VERSION } from '../api/version.ts';
import { Bot } from '../bot/bot.ts';
import type { BotDeps } from '../bot/deps.ts';
import { createMarket, loadStrategy, type MarketOptions, orderExchange } from '../bot/factory.ts';
import { SUPPORTED_FIAT } from '../config/fiat.ts';
import { secretValues } from '../config/redact.ts';
import type { Config } from '../config/schema.ts';
import type { Db } from '../db/client.ts';
import { createNotifier, type NotifierHub } from '../notify/notifier.ts';
import type { ApiCaller } from '../notify/telegram/command-context.ts';
import { FanoutHub, type Hub } from '../rpc/hub.ts';
import type { RpcMessageType } from '../rpc/messages.ts';
import { analyzedDfMessage, type WsBotView } from '../rpc/ws-protocol.ts';
import type { StrategySource } from '../strategy/loader.ts';
import type { Clock } from '../util/clock.ts';
import { FiatConverter } from '../util/fiat-convert.ts';
import { LogHub, type LogRecord, levelForVerbosity } from '../util/logger.ts';

/** A hub that can tell whether anyone listens (so analyzed_df is encoded only then). */
export interface BroadcastHub extends Hub {
  hasSubscribers(type: RpcMessageType): boolean;
}

/** The log hub with the config's secrets scrubbed, printing through `sink` when given. */
export function createLogs(config: Config, clock: Clock, sink?: (record: LogRecord) => void): LogHub {
  const logs = new LogHub(() => clock.now());
  logs.setSecrets(secretValues(config));
  logs.setLevel(levelForVerbosity(config.verbosity));
  if (sink) logs.addSink(sink);
  return logs;
}

export interface BotComposition {
  config: Config;
  db: Db;
  clock: Clock;
  logs: LogHub;
  hub: BroadcastHub;
  market?: Omit<MarketOptions, 'clock' | 'log'>;
  /** Where user strategies come from for a config (absent: built-ins only). */
  strategySource?: (config: Config) => StrategySource;
  /** Re-reads the config files (for /reload_config). */
  readConfig?: () => Config;
  producers?: BotDeps['producers'];
  /** Local files for RemotePairList (file:/// URLs, save_to_file); absent on the edge. */
  files?: BotDeps['files'];
  /** Turns a failure to build the market into the host's own error. */
  onMarketError?: (e: unknown) => Error;
}

export interface ComposedBot {
  bot: Bot;
  /** The webhook/Discord/Telegram channels, when the config enables any. */
  notifier?: NotifierHub;
  /** Prices for fiat_display_currency (CoinGecko at coingecko.api_url); shared by the API and Telegram. */
  fiat: FiatConverter;
}

/** The Bot with its exchange, strategy and notification channels, initialised from the database. */
export async function composeBot(o: BotComposition): Promise<ComposedBot> {
  const { config, db, clock, hub } = o;
  const log = o.logs.logger('tickhub.bot');
  const market = await createMarket(config, { clock, log, ...o.market }).catch((e: unknown) => {
    throw o.onMarketError ? o.onMarketError(e) : e;
  });
  const strategyFor = (c: Config) => loadStrategy(c, o.strategySource?.(c), log);
  const readConfig = o.readConfig;
  // The bot publishes to the websocket hub and to the notification channels (their deliveries are
  // queued, so a tick never waits); the channels read the bot's config as reloads change it.
  let bot: Bot | undefined;
  const fiat = new FiatConverter({
    settings: () => (bot?.config ?? config).coingecko,
    supportedFiat: SUPPORTED_FIAT,
    log: o.logs.logger('tickhub.fiat_convert'),
    // The price cache ages in real time, whatever clock the bot trades on.
    now: () => Date.now(),
  });
  const notifier = createNotifier({
    fiat,
    config: () => bot?.config ?? config,
    strategy: () => ({
      name: bot?.strategy.name ?? config.strategy,
      timeframe: bot?.settings.timeframe ?? config.timeframe ?? '',
    }),
    log: o.logs.logger('tickhub.notify'),
    now: () => clock.now(),
    lastCandle: (pair) => {
      const frame = bot?.analyzed(pair)?.frame;
      const i = (frame?.close.length ?? 0) - 1;
      if (!frame || i < 0) return undefined;
      return { open: frame.open[i], high: frame.high[i], low: frame.low[i], close: frame.close[i] };
    },
    marketDirection: {
      get: () => bot?.strategy.market_direction ?? 'none',
      set: (direction) => {
        if (bot) bot.strategy.market_direction = direction;
      },
    },
  });
  const botHub = new FanoutHub();
  botHub.add(hub);
  if (notifier) botHub.add(notifier);
  bot = new Bot({
    config,
    db,
    clock,
    log,
    hub: botHub,
    exchange: orderExchange(config, market, db, clock),
    strategy: await strategyFor(config),
    producers: o.producers,
    files: o.files,
    // freqtrade broadcasts the last analysed row of each pair; encoding is skipped without subscribers.
    onAnalyzed: (pair, timeframe, candleType, frame, at) => {
      if (hub.hasSubscribers('analyzed_df')) {
        hub.publish(analyzedDfMessage(pair, { frame, lastAnalyzed: at, timeframe, candleType }, 1));
      }
    },
    reloadConfig: readConfig
      ? async () => {
          const next = readConfig();
          // Whichever config ends up in force, neither's secrets reach a log line.
          o.logs.setSecrets([...secretValues(bot?.config ?? config), ...secretValues(next)]);
          return { config: next, strategy: await strategyFor(next) };
        }
      : undefined,
  });
  await bot.init();
  // freqtrade loads CoinGecko's coin list when the bot starts: here off the start path, with the price.
  if (config.fiat_display_currency) fiat.warm(config.stake_currency, config.fiat_display_currency);
  return { bot, notifier, fiat };
}

export interface ApiComposition
  extends Pick<ApiDeps, 'db' | 'clock' | 'host' | 'ws' | 'strategies' | 'uiFiles' | 'staticAssets' | 'fiat'> {
  bot: Bot;
  logs: LogHub;
  lockoutStore: LockoutStore;
}

/** The API's deps (config read live from the bot, so a reload applies) and the Hono app on them. */
export function composeApi(o: ApiComposition): { deps: BotApiDeps; app: OpenAPIHono<AppEnv> } {
  const { bot } = o;
  const deps: BotApiDeps = {
    config: () => bot.config,
    db: o.db,
    bot,
    clock: o.clock,
    logs: o.logs,
    log: o.logs.logger('tickhub.api'),
    host: o.host,
    loginGuard: new LoginGuard(o.lockoutStore, () => ({
      maxFailures: bot.config.api_server.login_max_failures,
      lockoutMs: bot.config.api_server.login_lockout_secs * 1000,
    })),
    version: TICKHUB_VERSION,
    strategies: o.strategies,
    uiFiles: o.uiFiles,
    staticAssets: o.staticAssets,
    ws: o.ws,
    fiat: o.fiat,
  };
  return { deps, app: createApp(deps) };
}

/** The websocket's view of the bot, resolved on each call (on Node the hub exists before the bot). */
export function botWsView(currentBot: () => Bot | undefined): WsBotView {
  return {
    whitelist: () => currentBot()?.whitelist() ?? [],
    analyzed: (pair) => currentBot()?.analyzed(pair),
  };
}

/**
 * Telegram commands are answered by the REST routes themselves, called in process with a
 * credential that never leaves it, so they work even when api_server.password is empty.
 */
export function inProcessApi(app: OpenAPIHono<AppEnv>): ApiCaller {
  return async (method, path, body) => {
    const res = await app.fetch(inProcessRequest('telegram', method, path, body));
    return { status: res.status, body: await res.json().catch(() => null) };
  };
}
