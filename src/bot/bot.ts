// The Bot: owns the trading state and serialises every change (ticks and API commands) through
// one queue, so nothing races. Hosts create it, call tick() on their cadence and hand it to the API.

import type { Config } from '../config/schema.ts';
import { candlePersistence } from '../db/repo/candles.ts';
import { activeLocks, deactivateLocks } from '../db/repo/locks.ts';
import { openTradeCount, openTrades, openTradesCurrent, type TradeWithOrders } from '../db/repo/trades.ts';
import type { PairLockRow } from '../db/schema.ts';
import { CandleStore } from '../exchange/candle-store.ts';
import type { Balances, Exchange } from '../exchange/port.ts';
import { pairPerformance } from '../reports/tags.ts';
import { RpcError } from '../rpc/errors.ts';
import { type AnalyzedPair, AnalyzedStore } from '../strategy/analyze.ts';
import { KeptFrames } from '../strategy/streaming.ts';
import type { Frame, Strategy } from '../strategy/types.ts';
import type { BlacklistResult, BotApi, ForceEnterRequest, ForceExitRequest, LockRequest } from './api.ts';
import * as commands from './commands.ts';
import type { EngineContext } from './context.ts';
import type { BotDeps, ReloadedConfig, TickTimings } from './deps.ts';
import { updateFundingFees } from './funding.ts';
import { insertLocks, unlockPair } from './locks.ts';
import { type StartupFacts, startupFactsOf, startupLines, stateChangeLine, whitelistLine } from './log-lines.ts';
import { expandBlacklist } from './pairlist/blacklist.ts';
import { buildWhitelist } from './pairlist/pairlists.ts';
import { addToBlacklist, removeFromBlacklist } from './pairlist/runtime-blacklist.ts';
import { PairlistState } from './pairlist/state.ts';
import { getRate } from './pricing.ts';
import { RateCache } from './rate-cache.ts';
import type { EngineRuntime } from './runtime.ts';
import { SerialQueue } from './serial.ts';
import { checkOrderSupport, checkReloadable, resolveSettings, type TradingSettings } from './settings.ts';
import { cleanupOnExit, processStopped } from './shutdown.ts';
import { publishOpenTradesWarning, publishStartupMessages } from './startup-messages.ts';
import {
  type BotState,
  firstStartTime,
  loadRuntimeBlacklist,
  loadState,
  orderIdPrefix,
  saveRuntimeBlacklist,
  saveState,
} from './state.ts';
import { manageAdjustments } from './steps/adjust-position.ts';
import { candleTypeOf, refreshAndAnalyze } from './steps/analyze.ts';
import { manageEntries } from './steps/entries.ts';
import { manageExits } from './steps/exits.ts';
import { manageOpenOrders, reconcileAtStart } from './steps/manage-orders.ts';
import { attachStrategyMessages, flushStrategyMessages } from './strategy-messages.ts';
import { newWalletRecorder, recordWallet } from './wallet-history.ts';

const CANDLES_KEPT = 1000;

export class Bot implements BotApi {
  private deps: BotDeps;
  private readonly queue = new SerialQueue();
  private currentState: BotState = 'stopped';
  private settingsCache: TradingSettings;
  private ctx!: EngineContext;
  private rt: EngineRuntime;
  private runtimeBlacklist: string[] = [];
  /** Pairlist caches (refresh periods); renewed when the config is reloaded. */
  private pairlistState = new PairlistState();
  private readonly rates = new RateCache();
  private readonly wallet = newWalletRecorder();
  lastProcess: number | undefined;
  readonly startupTime: number;
  firstStart: number | undefined;
  lastTickTimings: TickTimings | undefined;

  constructor(deps: BotDeps) {
    this.deps = deps;
    this.settingsCache = resolveSettings(deps.config, deps.strategy);
    this.startupTime = deps.clock.now();
    this.rt = {
      whitelist: [],
      blacklist: [...deps.config.exchange.pair_blacklist],
      candles: new CandleStore(deps.exchange, candlePersistence(deps.db), { keep: CANDLES_KEPT }),
      analyzed: new AnalyzedStore(),
      kept: new KeptFrames(),
      lastCandle: new Map(),
    };
  }

  get config(): Config {
    return this.deps.config;
  }

  get settings(): TradingSettings {
    return this.settingsCache;
  }

  get state(): BotState {
    return this.currentState;
  }

  get runmode(): 'dry_run' | 'live' {
    return this.deps.config.dry_run ? 'dry_run' : 'live';
  }

  private startupFacts(): StartupFacts {
    const { config, exchange, strategy } = this.deps;
    return startupFactsOf(config, exchange.name, strategy.name, this.settingsCache.timeframe);
  }

  get exchange(): Exchange {
    return this.deps.exchange;
  }

  get strategy(): Strategy {
    return this.deps.strategy;
  }

  private buildContext(prefix: string): EngineContext {
    return {
      config: this.deps.config,
      settings: this.settingsCache,
      db: this.deps.db,
      exchange: this.deps.exchange,
      strategy: this.deps.strategy,
      clock: this.deps.clock,
      log: this.deps.log,
      hub: this.deps.hub,
      orderIdPrefix: prefix,
      onAnalyzed: this.deps.onAnalyzed,
      producers: this.deps.producers,
    };
  }

  /** Loads the state (or initial_state), markets, whitelist; reconciles open orders (a crash may be mid-tick). */
  async init(): Promise<void> {
    await this.queue.run(async () => {
      const { db, clock, log, config } = this.deps;
      const now = clock.now();
      this.firstStart = await firstStartTime(db, now);
      const prefix = await orderIdPrefix(db, now);
      this.ctx = this.buildContext(prefix);
      this.runtimeBlacklist = await loadRuntimeBlacklist(db);
      this.rt.blacklist = [...new Set([...config.exchange.pair_blacklist, ...this.runtimeBlacklist])];
      const saved = await loadState(db);
      this.currentState = saved ?? config.initial_state;
      if (!saved) await saveState(db, this.currentState, now);
      for (const line of startupLines(this.startupFacts())) log.info(line);
      await this.deps.exchange.loadMarkets();
      checkOrderSupport(this.settingsCache, this.deps.exchange);
      await this.refreshWhitelist();
      await reconcileAtStart(this.ctx, this.rt);
      log.info(stateChangeLine(this.currentState));
      publishStartupMessages(this.deps.hub, {
        config,
        settings: this.settingsCache,
        exchangeId: this.deps.exchange.id,
        state: this.currentState,
      });
    });
  }

  /** Runs a job on the single writer queue. */
  serial<T>(job: () => Promise<T>): Promise<T> {
    return this.queue.run(job);
  }

  private async refreshWhitelist(): Promise<void> {
    const next = await buildWhitelist({
      config: this.deps.config,
      exchange: this.deps.exchange,
      blacklist: this.rt.blacklist,
      producers: this.deps.producers,
      log: this.deps.log,
      now: this.deps.clock.now(),
      state: this.pairlistState,
      stoploss: this.settingsCache.stoploss,
      performance: (since) => pairPerformance(this.deps.db, since),
      openTradeCount: () => openTradeCount(this.deps.db),
      readTextFile: this.deps.files?.read,
      writeTextFile: this.deps.files?.write,
    });
    const changed = next.length !== this.rt.whitelist.length || next.some((p, i) => p !== this.rt.whitelist[i]);
    this.rt.whitelist = next;
    if (changed) {
      this.deps.log.info(whitelistLine(next));
      this.deps.hub.publish({ type: 'whitelist', data: [...next] });
    }
  }

  /** One bot iteration (serialised with every command). Hosts call it on their cadence. */
  tick(): Promise<void> {
    return this.serial(async () => {
      const t = () => performance.now();
      const timings: TickTimings = { pairlist: 0, candles: 0, analyse: 0, orders: 0, decide: 0 };
      try {
        if (this.currentState !== 'stopped') {
          attachStrategyMessages(this.ctx);
          let t0 = t();
          await this.refreshWhitelist();
          timings.pairlist = t() - t0;
          const open = await openTradesCurrent(this.deps.db);
          const pairs = [...new Set([...this.rt.whitelist, ...open.map((tw) => tw.trade.pair)])];
          t0 = t();
          await refreshAndAnalyze(this.ctx, this.rt, pairs, timings);
          t0 = t();
          await manageOpenOrders(this.ctx, this.rt);
          timings.orders = t() - t0;
          t0 = t();
          await updateFundingFees(this.ctx);
          await manageExits(this.ctx, this.rt);
          await manageAdjustments(this.ctx);
          if (this.currentState === 'running') await manageEntries(this.ctx, this.rt);
          timings.decide = t() - t0;
          await recordWallet(this.ctx, this.wallet, (pair) => this.currentRate(pair, false));
          flushStrategyMessages(this.ctx);
        } else await processStopped(this.ctx);
      } catch (e) {
        this.deps.log.error(`Tick failed: ${e instanceof Error ? (e.stack ?? e.message) : e}`);
      } finally {
        this.lastTickTimings = timings;
        this.lastProcess = this.deps.clock.now();
      }
    });
  }

  private async setState(state: BotState): Promise<void> {
    if (state !== this.currentState) this.deps.log.info(stateChangeLine(state, this.currentState));
    this.currentState = state;
    await saveState(this.deps.db, state, this.deps.clock.now());
  }

  start(): Promise<string> {
    return this.serial(async () => {
      if (this.currentState === 'running') return 'already running';
      await this.setState('running');
      this.deps.hub.publish({ type: 'status', status: 'running' });
      return 'starting trader ...';
    });
  }

  stop(): Promise<string> {
    return this.serial(async () => {
      if (this.currentState === 'stopped') return 'already stopped';
      await this.setState('stopped');
      this.deps.hub.publish({ type: 'status', status: 'stopped' });
      const open = await openTrades(this.deps.db);
      publishOpenTradesWarning(this.deps.hub, open.length, this.deps.exchange.name);
      await processStopped(this.ctx); // the host may not tick a stopped bot (the edge clears its alarm)
      return 'stopping trader ...';
    });
  }

  /** The host is shutting down (freqtrade's cleanup): open orders cancelled if so configured. */
  cleanup(): Promise<void> {
    return this.serial(() => cleanupOnExit(this.ctx));
  }

  pause(): Promise<string> {
    return this.serial(async () => {
      const message =
        this.currentState === 'stopped'
          ? 'starting bot with trader in paused state, no entries will occur. Run /start to enable entries.'
          : 'paused, no more entries will occur from now. Run /start to enable entries.';
      if (this.currentState !== 'paused') await this.setState('paused');
      this.deps.hub.publish({ type: 'status', status: message });
      return message;
    });
  }

  reloadConfig(): Promise<string> {
    return this.serial(async () => {
      const reload = this.deps.reloadConfig;
      if (!reload) throw new RpcError('Reloading the config is not supported on this host.');
      let next: ReloadedConfig;
      try {
        next = await reload();
      } catch (e) {
        throw new RpcError(`Config not reloaded, the old one stays in force: ${e instanceof Error ? e.message : e}`);
      }
      checkReloadable(this.deps.config, next.config);
      await processStopped(this.ctx); // freqtrade's reconfigure runs cleanup() first
      this.deps = { ...this.deps, config: next.config, strategy: next.strategy };
      this.settingsCache = resolveSettings(next.config, next.strategy);
      this.ctx = this.buildContext(this.ctx.orderIdPrefix);
      this.rt.blacklist = [...new Set([...next.config.exchange.pair_blacklist, ...this.runtimeBlacklist])];
      this.rt.analyzed.clear();
      this.rt.kept.clear();
      this.rt.lastCandle.clear();
      this.pairlistState = new PairlistState();
      await this.setState(next.config.initial_state);
      await this.refreshWhitelist();
      this.deps.log.info('Config reloaded.');
      for (const line of startupLines(this.startupFacts())) this.deps.log.info(line);
      this.deps.hub.publish({ type: 'status', status: 'config reloaded' });
      return 'Reloading config ...';
    });
  }

  forceEnter(req: ForceEnterRequest): Promise<TradeWithOrders | null> {
    return this.serial(() => commands.forceEnter(this.ctx, this.currentState, req));
  }

  forceExit(req: ForceExitRequest): Promise<string> {
    return this.serial(() => commands.forceExit(this.ctx, this.currentState, req));
  }

  deleteTrade(tradeId: number): Promise<{ result_msg: string; cancel_order_count: number }> {
    return this.serial(() => commands.deleteTrade(this.ctx, tradeId));
  }

  cancelOpenOrder(tradeId: number): Promise<TradeWithOrders> {
    return this.serial(() => commands.cancelOpenOrder(this.ctx, this.currentState, tradeId));
  }

  reloadTrade(tradeId: number): Promise<TradeWithOrders> {
    return this.serial(() => commands.reloadTrade(this.ctx, tradeId));
  }

  /** Exit-side price for display (/status, /profit, /balance), cached briefly per pair and side. */
  currentRate(pair: string, isShort: boolean): Promise<number | null> {
    return this.rates.get(pair, isShort, this.deps.clock.now(), async () => {
      try {
        return await getRate(this.deps.exchange, pair, this.deps.config.exit_pricing, isShort ? 'buy' : 'sell');
      } catch {
        return null;
      }
    });
  }

  balances(): Promise<Balances> {
    return this.deps.exchange.fetchBalance();
  }

  whitelist(): string[] {
    return [...this.rt.whitelist];
  }

  pairlistMethods(): string[] {
    return this.deps.config.pairlists.map((p) => p.method);
  }

  blacklist(errors: BlacklistResult['errors'] = {}): BlacklistResult {
    const list = [...this.rt.blacklist];
    return {
      blacklist: list,
      blacklist_expanded: expandBlacklist(list, Object.keys(this.deps.exchange.markets())),
      errors,
      length: list.length,
      method: this.pairlistMethods(),
    };
  }

  addBlacklist(pairs: string[]): Promise<BlacklistResult> {
    return this.serial(async () => {
      const errors = addToBlacklist({ blacklist: this.rt.blacklist, runtime: this.runtimeBlacklist }, pairs);
      await saveRuntimeBlacklist(this.deps.db, this.runtimeBlacklist, this.deps.clock.now());
      await this.refreshWhitelist();
      return this.blacklist(errors);
    });
  }

  removeBlacklist(pairs: string[]): Promise<BlacklistResult> {
    return this.serial(async () => {
      const errors = removeFromBlacklist({ blacklist: this.rt.blacklist, runtime: this.runtimeBlacklist }, pairs);
      await saveRuntimeBlacklist(this.deps.db, this.runtimeBlacklist, this.deps.clock.now());
      await this.refreshWhitelist();
      return this.blacklist(errors);
    });
  }

  addLocks(locks: LockRequest[]): Promise<void> {
    return this.serial(() => insertLocks(this.deps.db, locks, this.deps.clock.now(), this.settingsCache.timeframe));
  }

  deleteLock(lockId: number): Promise<void> {
    return this.serial(() => deactivateLocks(this.deps.db, [lockId], this.deps.clock.now()));
  }

  deleteLocksByPair(pair: string): Promise<void> {
    return this.serial(() => unlockPair(this.deps.db, pair, this.deps.clock.now()));
  }

  activeLocks(): Promise<PairLockRow[]> {
    return activeLocks(this.deps.db, this.deps.clock.now());
  }

  analyzed(pair: string, timeframe?: string): AnalyzedPair | undefined {
    const tf = timeframe ?? this.settingsCache.timeframe;
    const candleType = candleTypeOf(this.ctx);
    const entry = this.rt.analyzed.get(pair, tf, candleType);
    return entry ? { frame: entry.frame, lastAnalyzed: entry.lastAnalyzed, timeframe: tf, candleType } : undefined;
  }

  /** Every analysed pair (for the websocket's analyzed_df without a pair). */
  analyzedFrames(): { pair: string; frame: Frame; lastAnalyzed: number }[] {
    return this.rt.analyzed
      .pairs()
      .map((k) => this.rt.analyzed.get(k.pair, k.timeframe, k.candleType))
      .filter((e) => e !== undefined)
      .map((e) => ({ pair: e.pair, frame: e.frame, lastAnalyzed: e.lastAnalyzed }));
  }
}
