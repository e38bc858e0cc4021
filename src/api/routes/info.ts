// Info routes: ping, version, show_config, health, sysinfo, logs.

import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { resolveSettings } from '../../bot/settings.ts';
import { pydanticDatetime } from '../../domain/dates.ts';
import { timeframeToMs } from '../../exchange/port.ts';
import { KeptAnswer } from '../built-once.ts';
import type { ApiDeps, AppEnv } from '../context.ts';
import { replayableAnswers } from '../replayable.ts';
import { BOUNDS, boundedInt } from '../validation.ts';
import { API_VERSION } from '../version.ts';
import { Health, Logs, Ping, ShowConfig, SysInfo, Version } from '../wire/index.ts';
import { botOf, okSerialised, PRIVATE_SECURITY } from './common.ts';

const STAKE_DECIMALS: Record<string, number> = { BTC: 8, ETH: 5 };

export function buildShowConfig(deps: ApiDeps) {
  const config = deps.config();
  const bot = deps.bot;
  // Webserver mode: no strategy is loaded, so the settings are the config's over the defaults.
  const s = bot?.settings ?? resolveSettings(config, undefined);
  const tfMs = s.timeframe ? timeframeToMs(s.timeframe) : 0;
  return {
    version: deps.version,
    strategy_version: s.strategyVersion,
    api_version: API_VERSION,
    dry_run: config.dry_run,
    trading_mode: config.trading_mode,
    short_allowed: config.trading_mode !== 'spot',
    stake_currency: config.stake_currency,
    stake_amount: String(config.stake_amount),
    available_capital: config.available_capital ?? null,
    stake_currency_decimals: STAKE_DECIMALS[config.stake_currency] ?? 3,
    max_open_trades: config.max_open_trades,
    minimal_roi: s.minimal_roi,
    stoploss: s.stoploss,
    stoploss_on_exchange: s.order_types.stoploss_on_exchange === true,
    trailing_stop: s.trailing_stop,
    trailing_stop_positive: s.trailing_stop_positive,
    trailing_stop_positive_offset: s.trailing_stop_positive_offset,
    trailing_only_offset_is_reached: s.trailing_only_offset_is_reached,
    unfilledtimeout: config.unfilledtimeout,
    // freqtrade's OrderTypes model serialises its optional fields as null when unset
    order_types: {
      emergency_exit: null,
      force_exit: null,
      force_entry: null,
      stoploss_on_exchange_interval: null,
      ...s.order_types,
    },
    use_custom_stoploss: s.use_custom_stoploss,
    timeframe: s.timeframe,
    timeframe_ms: tfMs,
    timeframe_min: Math.floor(tfMs / 60_000),
    exchange: config.exchange.name,
    strategy: s.strategyName,
    force_entry_enable: config.force_entry_enable,
    exit_pricing: config.exit_pricing,
    entry_pricing: config.entry_pricing,
    bot_name: config.bot_name,
    // freqtrade's webserver mode: state "" (no bot), runmode "webserver"
    state: bot?.state ?? '',
    runmode: bot?.runmode ?? 'webserver',
    position_adjustment_enable: s.position_adjustment_enable,
    max_entry_position_adjustment: config.max_entry_position_adjustment,
    margin_mode: config.margin_mode,
  };
}

const tags = ['Info'];
const json = (schema: z.ZodType, description: string) => ({
  200: { content: { 'application/json': { schema } }, description },
});

const ping = createRoute({
  method: 'get',
  path: '/api/v1/ping',
  tags,
  summary: 'Liveness check (no authentication)',
  responses: json(Ping, 'pong'),
});

export function registerPublicInfoRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(ping, (c) => c.json({ status: 'pong' as const }, 200));
}

type ShowConfigBody = ReturnType<typeof buildShowConfig>;

export function registerInfoRoutes(app: OpenAPIHono<AppEnv>, deps: ApiDeps, auth: MiddlewareHandler<AppEnv>): void {
  const security = PRIVATE_SECURITY;
  // Built once per config object (a reload makes a new one), strategy settings and bot state.
  const showConfig = new KeptAnswer<{ config: unknown; settings: unknown; state: unknown; version: string }>();
  const showConfigKey = () => ({
    config: deps.config(),
    settings: deps.bot?.settings,
    state: deps.bot?.state,
    version: deps.version,
  });
  replayableAnswers(deps).add('/api/v1/show_config', () => showConfig.current(showConfigKey()));
  // The version answer never changes while the process runs.
  const versionAnswer = {};
  replayableAnswers(deps).add('/api/v1/version', () => versionAnswer);
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/version',
      tags,
      middleware: [auth],
      security,
      summary: 'Bot version',
      responses: json(Version, 'version'),
    }),
    (c) => c.json({ version: deps.version }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/show_config',
      tags,
      middleware: [auth],
      security,
      summary: 'The trading-relevant part of the configuration (no secrets)',
      responses: json(ShowConfig, 'ShowConfig'),
    }),
    async () =>
      okSerialised<ShowConfigBody>(
        await showConfig.get(showConfigKey(), async () => JSON.stringify(buildShowConfig(deps))),
      ),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/health',
      tags,
      middleware: [auth],
      security,
      summary: 'Last bot loop, first start and current process start',
      responses: json(Health, 'Health'),
    }),
    (c) => {
      const bot = botOf(deps);
      const secs = (ms: number | undefined) => (ms === undefined ? null : Math.floor(ms / 1000));
      return c.json(
        {
          last_process: bot.lastProcess === undefined ? null : pydanticDatetime(bot.lastProcess),
          last_process_ts: secs(bot.lastProcess),
          bot_start: bot.firstStart === undefined ? null : pydanticDatetime(bot.firstStart),
          bot_start_ts: secs(bot.firstStart),
          bot_startup: pydanticDatetime(bot.startupTime),
          bot_startup_ts: secs(bot.startupTime),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/sysinfo',
      tags,
      middleware: [auth],
      security,
      summary: 'CPU and memory usage of the machine',
      responses: json(SysInfo, 'SysInfo'),
    }),
    async (c) => c.json(await deps.host.sysinfo(), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/logs',
      tags,
      middleware: [auth],
      security,
      summary: 'Recent log records (newest last)',
      request: { query: z.object({ limit: boundedInt(BOUNDS.pageLimit, 0).optional() }) },
      responses: json(Logs, 'Logs'),
    }),
    (c) => {
      const { limit } = c.req.valid('query');
      const logs = deps.logs.recent(limit ?? undefined);
      return c.json({ log_count: logs.length, logs }, 200);
    },
  );
}
