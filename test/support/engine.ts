// An in-process bot for engine tests: a real libSQL file, the real offline market and dry-run
// broker (or real ccxt against the fake exchange), a manual clock and a recording hub.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bot } from '../../src/bot/bot.ts';
import { createMarket, orderExchange } from '../../src/bot/factory.ts';
import { validateConfig } from '../../src/config/load.ts';
import type { Config, ConfigInput } from '../../src/config/schema.ts';
import { getTrade, openTrades } from '../../src/db/repo/trades.ts';
import { type OpenDatabase, openDatabase } from '../../src/hosts/node/database.ts';
import { type Hub, RecordingHub } from '../../src/rpc/hub.ts';
import type { RpcMessage } from '../../src/rpc/messages.ts';
import { BaseStrategy } from '../../src/strategy/base.ts';
import { markSignal } from '../../src/strategy/frame.ts';
import type { Frame, Strategy } from '../../src/strategy/types.ts';
import { ManualClock } from '../../src/util/clock.ts';
import { LogHub } from '../../src/util/logger.ts';
import { testConfig } from './test-config.ts';

/** 2026-01-05 00:00 UTC, a Monday: a fixed start for deterministic offline-market runs. */
export const T0 = Date.UTC(2026, 0, 5, 0, 0, 0);

export interface Signals {
  long?: (frame: Frame, i: number) => boolean;
  exitLong?: (frame: Frame, i: number) => boolean;
  short?: (frame: Frame, i: number) => boolean;
  exitShort?: (frame: Frame, i: number) => boolean;
}

/** A strategy whose signals and settings a test dictates. */
export class ScriptedStrategy extends BaseStrategy {
  timeframe = '5m';
  stoploss = -0.5;
  private readonly signals: Signals;
  leverageValue = 1;
  constructor(settings: Partial<Strategy> = {}, signals: Signals = {}) {
    super();
    Object.assign(this, settings);
    this.signals = signals;
  }
  override get name(): string {
    return 'ScriptedStrategy';
  }
  populateIndicators(frame: Frame): Frame {
    return frame;
  }
  private mark(
    frame: Frame,
    column: 'enter_long' | 'exit_long' | 'enter_short' | 'exit_short',
    fn?: (f: Frame, i: number) => boolean,
    tag?: string,
  ) {
    const when = frame.date.map((_, i) => (fn ? fn(frame, i) : false));
    markSignal(frame, column, when, tag);
  }
  populateEntryTrend(frame: Frame): Frame {
    this.mark(frame, 'enter_long', this.signals.long, 'scripted_long');
    this.mark(frame, 'enter_short', this.signals.short, 'scripted_short');
    return frame;
  }
  populateExitTrend(frame: Frame): Frame {
    this.mark(frame, 'exit_long', this.signals.exitLong);
    this.mark(frame, 'exit_short', this.signals.exitShort);
    return frame;
  }
  leverage(): number {
    return this.leverageValue;
  }
}

export interface EngineHarness {
  bot: Bot;
  config: Config;
  clock: ManualClock;
  hub: RecordingHub;
  logs: LogHub;
  database: OpenDatabase;
  dir: string;
  messages(type?: RpcMessage['type']): RpcMessage[];
  /** Advances the clock by `ms` and ticks, `times` times. */
  run(times: number, ms?: number): Promise<void>;
  /** Ticks until `done()` or `maxTicks`; returns the number of ticks. */
  runUntil(done: () => Promise<boolean>, maxTicks?: number, ms?: number): Promise<number>;
  close(): Promise<void>;
}

export async function startEngine(
  overrides: ConfigInput,
  strategy: Strategy,
  opts: { start?: number; ccxtUrlOverride?: string; dir?: string; next?: (config: Config, logs: LogHub) => Hub } = {},
): Promise<EngineHarness> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'tickhub-engine-'));
  const { config } = validateConfig(testConfig({ user_data_dir: dir, ...overrides }) as Record<string, unknown>);
  const clock = new ManualClock(opts.start ?? T0);
  const logs = new LogHub(() => clock.now());
  const hub = new RecordingHub(opts.next?.(config, logs));
  const database = await openDatabase(`file:${join(dir, 'trades.sqlite')}`);
  const log = logs.logger('test.bot');
  const market = await createMarket(config, { clock, log, ccxtUrlOverride: opts.ccxtUrlOverride });
  const bot = new Bot({
    config,
    db: database.db,
    clock,
    log,
    hub,
    exchange: orderExchange(config, market, database.db, clock),
    strategy,
  });
  await bot.init();
  return {
    bot,
    config,
    clock,
    hub,
    logs,
    database,
    dir,
    messages: (type) => (type ? hub.messages.filter((m) => m.type === type) : [...hub.messages]),
    async run(times, ms = 60_000) {
      for (let i = 0; i < times; i++) {
        clock.advance(ms);
        await bot.tick();
      }
    },
    async runUntil(done, maxTicks = 2000, ms = 60_000) {
      for (let i = 0; i < maxTicks; i++) {
        clock.advance(ms);
        await bot.tick();
        if (await done()) return i + 1;
      }
      throw new Error(
        `condition not reached in ${maxTicks} ticks; last logs:\n${logs
          .recent(15)
          .map((r) => r[4])
          .join('\n')}`,
      );
    },
    async close() {
      await bot.serial(async () => undefined);
      database.close();
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function closedTrades(h: EngineHarness) {
  const rows = await h.database.client.execute('SELECT id FROM trades WHERE is_open = 0 ORDER BY id');
  const out = [];
  for (const r of rows.rows) out.push((await getTrade(h.database.db, Number(r.id)))!);
  return out;
}

export { openTrades };
