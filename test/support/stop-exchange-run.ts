// Live bot through real ccxt against one of the non-Binance loopback fakes (fake-okx, fake-gate,
// fake-kraken, fake-bybit): the strategy and steps every exchange's stoploss-on-exchange run shares.

import { afterEach, beforeEach } from 'vitest';
import type { ConfigInput } from '../../src/config/schema.ts';
import { type CcxtExchange, type CcxtExchangeOptions, createCcxtExchange } from '../../src/exchange/ccxt/adapter.ts';
import { BaseStrategy } from '../../src/strategy/base.ts';
import { markSignal } from '../../src/strategy/frame.ts';
import type { Frame } from '../../src/strategy/types.ts';
import { type EngineHarness, startEngine, T0 } from './engine.ts';
import type { FakeHttpServer } from './fake-exchange/server.ts';

/**
 * Enters long (or short) once while `allowEntry`, stop -10 %, a trailing stop 2 % behind once 3 %
 * in profit, stoploss on exchange (limit, interval 60 s), ROI out of reach.
 */
export class StopOnExchangeStrategy extends BaseStrategy {
  timeframe = '5m';
  stoploss = -0.1;
  override minimal_roi = { '0': 10 };
  override trailing_stop = true;
  override trailing_stop_positive = 0.02;
  override trailing_stop_positive_offset = 0.03;
  override trailing_only_offset_is_reached = true;
  override order_types: Record<string, string | boolean | number> = {
    entry: 'limit',
    exit: 'limit',
    stoploss: 'limit',
    stoploss_on_exchange: true,
    stoploss_on_exchange_interval: 60,
  };
  allowEntry = true;
  /** An exit signal on the last candle while true. */
  exitNow = false;
  short = false;
  constructor(overrides: Partial<StopOnExchangeStrategy> = {}) {
    super();
    Object.assign(this, overrides);
  }
  override get name(): string {
    return 'StopOnExchangeStrategy';
  }
  populateIndicators(frame: Frame): Frame {
    return frame;
  }
  populateEntryTrend(frame: Frame): Frame {
    const last = frame.date.length - 1;
    markSignal(
      frame,
      this.short ? 'enter_short' : 'enter_long',
      frame.date.map((_, i) => this.allowEntry && i === last),
    );
    return frame;
  }
  populateExitTrend(frame: Frame): Frame {
    const last = frame.date.length - 1;
    markSignal(
      frame,
      this.short ? 'exit_short' : 'exit_long',
      frame.date.map((_, i) => this.exitNow && i === last),
    );
    return frame;
  }
}

interface LiveExchange {
  name: string;
  url: string;
  key: string;
  secret: string;
  password?: string;
  pair: string;
}

function startStopRun(
  ex: LiveExchange,
  strategy: StopOnExchangeStrategy,
  settings: ConfigInput,
  start: number,
): Promise<EngineHarness> {
  return startEngine(
    {
      dry_run: false,
      max_open_trades: 1,
      stake_amount: 100,
      // Enter at the ask (the fakes fill at their last price), exit checks at the ask as freqtrade's default.
      entry_pricing: { price_side: 'other' },
      exchange: {
        name: ex.name,
        key: ex.key,
        secret: ex.secret,
        ...(ex.password ? { password: ex.password } : {}),
        pair_whitelist: [ex.pair],
        ccxt_config: { enableRateLimit: false },
      },
      ...settings,
    },
    strategy,
    { ccxtUrlOverride: ex.url, start },
  );
}

/** What every non-Binance fake exposes on top of its HTTP server. */
interface LoopbackFake extends Pick<FakeHttpServer, 'url' | 'requests' | 'close'> {
  apiKey: string;
  secret: string;
  password?: string;
}

/** One fake exchange per test (started at T0, closed with the test's bot), as the stop tests use it. */
export interface FakeExchangeSession<F extends LoopbackFake> {
  readonly fake: F;
  /** The fake's and the bot's clock. */
  now: number;
  /** The live bot a test started, closed after it. */
  h: EngineHarness | undefined;
  /** The ccxt adapter on the fake, with `extra` options (futures, margin mode). */
  exchange(extra?: Partial<CcxtExchangeOptions>): Promise<CcxtExchange>;
  /** The requests sent to `path` (and `method` when given). */
  sent(path: string, method?: string): ReturnType<FakeHttpServer['requests']>;
  /** A live bot through real ccxt on the fake's `pair`. */
  startRun(pair: string, strategy: StopOnExchangeStrategy, settings?: ConfigInput): Promise<EngineHarness>;
  /** One minute later, one bot iteration. */
  tick(): Promise<void>;
}

export function useFakeExchange<F extends LoopbackFake>(
  name: string,
  start: (now: () => number) => Promise<F>,
): FakeExchangeSession<F> {
  let fake: F | undefined;
  const session: FakeExchangeSession<F> = {
    get fake() {
      if (!fake) throw new Error('the fake exchange starts in beforeEach');
      return fake;
    },
    now: T0,
    h: undefined,
    exchange: (extra = {}) =>
      createCcxtExchange({
        name,
        key: session.fake.apiKey,
        secret: session.fake.secret,
        ...(session.fake.password ? { password: session.fake.password } : {}),
        urlOverride: session.fake.url,
        ccxt_config: { enableRateLimit: false },
        ...extra,
      }),
    sent: (path, method) =>
      session.fake.requests().filter((r) => r.path === path && (method === undefined || r.method === method)),
    async startRun(pair, strategy, settings = {}) {
      const { url, apiKey: key, secret, password } = session.fake;
      const ex = { name, url, key, secret, pair, ...(password ? { password } : {}) };
      session.h = await startStopRun(ex, strategy, settings, session.now);
      return session.h;
    },
    async tick() {
      const h = session.h;
      if (!h) throw new Error('no bot started');
      session.now += 60_000;
      h.clock.set(session.now);
      await h.bot.tick();
    },
  };
  beforeEach(async () => {
    session.now = T0;
    fake = await start(() => session.now);
  });
  afterEach(async () => {
    await session.h?.close();
    session.h = undefined;
    await fake?.close();
    fake = undefined;
  });
  return session;
}
