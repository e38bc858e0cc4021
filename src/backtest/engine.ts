// The replay loop, as freqtrade's Backtesting.backtest: a simulated clock steps one candle at a
// time; per pair (pairs with open trades first) open orders are managed, an entry is placed at the
// candle's open when the previous candle signalled one, orders fill when the candle crosses their
// price, and exits are checked from the candle's open/high/low. Trades left open at the end are
// force-exited at the last candle's open.

import { timeframeToMs } from '../exchange/port.ts';
import type { Strategy } from '../strategy/types.ts';
import { callBotLoopStart, callOrderFilled, stopAfterFill } from './callbacks.ts';
import { enterTrade } from './entry.ts';
import { checkTradeExit, exitTrade, processExitOrder, runFundingFees } from './exit-orders.ts';
import type { Bar } from './exits.ts';
import type { FundingSeries } from './funding.ts';
import { manageOpenOrders } from './open-orders.ts';
import { ProtectionManager } from './protections.ts';
import { type DetailSeries, lowerBound } from './series.ts';
import { fillOrder, hasOpenOrders, nrOfSuccessfulEntries, openOrder, updateLiquidationPrice } from './trade.ts';
import type { BacktestCounters, BtLock, BtTrade, EngineSettings, PairSeries, ProgressListener } from './types.ts';
import { BacktestWallet } from './wallet.ts';
import { type WalletCaptures, WalletRecorder } from './wallet-capture.ts';

export interface EngineInput {
  strategy: Strategy;
  settings: EngineSettings;
  series: PairSeries[];
  detail?: Map<string, DetailSeries>;
  funding?: Map<string, FundingSeries>;
  /** Open time of the first candle after the startup period (freqtrade's min_date). */
  startDate: number;
  /** Open time of the last candle (max_date). */
  endDate: number;
  onProgress?: ProgressListener;
  /** Called once per simulated candle; throwing aborts the run (the webserver's abort). */
  checkAbort?: () => void;
  /** Keep each rejected entry's candle date and tag (freqtrade's _collate_rejected, --export signals). */
  collectRejected?: boolean;
  /** Record the wallet at each candle (freqtrade's _capture_wallet, for the result zip). */
  captureWallet?: boolean;
}

export interface EngineResult {
  /** Closed trades in the order they closed. */
  trades: BtTrade[];
  locks: BtLock[];
  counters: BacktestCounters;
  finalBalance: number;
  /** Per pair, [candle date, enter tag] of each rejected entry (with collectRejected). */
  rejected?: Map<string, [number, string | null][]>;
  /** The wallet at each candle (with captureWallet). */
  wallet?: WalletCaptures;
}

/** Mutable state shared by the entry and exit steps. */
export class EngineState {
  readonly wallet: BacktestWallet;
  readonly open: BtTrade[] = [];
  readonly openByPair = new Map<string, BtTrade[]>();
  readonly closed: BtTrade[] = [];
  readonly protections: ProtectionManager;
  readonly counters: BacktestCounters = {
    rejectedSignals: 0,
    timedoutEntryOrders: 0,
    timedoutExitOrders: 0,
    canceledTradeEntries: 0,
    canceledEntryOrders: 0,
    replacedEntryOrders: 0,
  };
  tradeId = 0;
  orderId = 0;
  rejected: Map<string, [number, string | null][]> | undefined;

  readonly strategy: Strategy;
  readonly s: EngineSettings;
  readonly funding: Map<string, FundingSeries> | undefined;

  constructor(strategy: Strategy, s: EngineSettings, funding: Map<string, FundingSeries> | undefined) {
    this.strategy = strategy;
    this.s = s;
    this.funding = funding;
    this.wallet = new BacktestWallet(s);
    this.protections = new ProtectionManager(s.enableProtections ? s.protections : [], s.timeframe, () => this.closed);
  }

  pairTrades(pair: string): BtTrade[] {
    let list = this.openByPair.get(pair);
    if (!list) {
      list = [];
      this.openByPair.set(pair, list);
    }
    return list;
  }

  addTrade(trade: BtTrade): void {
    this.open.push(trade);
    this.pairTrades(trade.pair).push(trade);
  }

  removeTrade(trade: BtTrade): void {
    const i = this.open.indexOf(trade);
    if (i >= 0) this.open.splice(i, 1);
    const list = this.pairTrades(trade.pair);
    const j = list.indexOf(trade);
    if (j >= 0) list.splice(j, 1);
  }

  closeTradeBook(trade: BtTrade): void {
    this.removeTrade(trade);
    this.closed.push(trade);
    this.wallet.closedProfit += trade.closeProfitAbs ?? 0;
  }

  updateWallet(): void {
    this.wallet.update(this.open);
  }

  /** Fills `order` when the bar's range holds its price (freqtrade's _try_close_open_order). */
  tryFill(trade: BtTrade, isEntry: boolean, time: number, bar: Bar): boolean {
    const order = openOrder(trade, isEntry);
    if (!order || !(bar.low <= order.price && order.price <= bar.high)) return false;
    fillOrder(trade, order, time);
    runFundingFees(this, trade, time, true);
    callOrderFilled(this.strategy, trade, order, time);
    const closesTrade = !order.isEntry && order.amount === trade.amount;
    if (this.s.marginMode === 'cross' || !closesTrade) updateLiquidationPrice(trade, this.s);
    if (!closesTrade) stopAfterFill(this.strategy, trade, order.price, time);
    return true;
  }
}

function checkForTradeEntry(s: PairSeries, i: number, canShort: boolean): 'long' | 'short' | null {
  const enterLong = s.enterLong[i] === 1;
  const exitLong = s.exitLong[i] === 1;
  const enterShort = canShort && s.enterShort[i] === 1;
  const exitShort = canShort && s.exitShort[i] === 1;
  if (enterLong && !(exitLong || enterShort)) return 'long';
  if (enterShort && !(exitShort || enterLong)) return 'short';
  return null;
}

function backtestLoop(
  st: EngineState,
  bar: Bar,
  pair: string,
  time: number,
  dir: 'long' | 'short' | null,
  canEnter: boolean,
): void {
  const pairOpen = st.pairTrades(pair);
  for (const t of [...pairOpen]) {
    if (manageOpenOrders(st, t, time, bar)) {
      st.removeTrade(t);
      st.updateWallet();
    }
  }
  if (canEnter && dir !== null && pairOpen.length === 0 && !st.protections.isLocked(pair, bar.date, dir)) {
    const max = st.s.maxOpenTrades;
    if (max <= 0 || st.open.length < max) {
      if (enterTrade(st, pair, bar, dir)) st.updateWallet();
    } else {
      st.counters.rejectedSignals++;
      if (st.rejected) {
        const list = st.rejected.get(pair) ?? [];
        list.push([bar.date, bar.enterTag]);
        st.rejected.set(pair, list);
      }
    }
  }
  for (const trade of [...pairOpen]) {
    if (st.tryFill(trade, true, time, bar)) st.updateWallet();
    if (!hasOpenOrders(trade)) checkTradeExit(st, trade, bar, time);
    if (openOrder(trade, false)) processExitOrder(st, trade, time, bar);
  }
}

function pairOrder(st: EngineState, pairs: string[]): string[] {
  if (st.open.length === 0) return pairs;
  const seen = new Set<string>();
  const out: string[] = [];
  for (const t of st.open) if (!seen.has(t.pair)) seen.add(t.pair) && out.push(t.pair);
  for (const p of pairs) if (!seen.has(p)) seen.add(p) && out.push(p);
  return out;
}

export async function runEngine(input: EngineInput): Promise<EngineResult> {
  const { strategy, settings: s } = input;
  const st = new EngineState(strategy, s, input.funding);
  if (input.collectRejected) st.rejected = new Map();
  const tf = timeframeToMs(s.timeframe);
  const tfDetail = s.timeframeDetail ? timeframeToMs(s.timeframeDetail) : 0;
  const byPair = new Map(input.series.map((x) => [x.pair, x]));
  const pairs = input.series.map((x) => x.pair);
  const idx = new Map<string, number>(pairs.map((p) => [p, 0]));
  const bar: Bar = {
    date: 0,
    open: 0,
    high: 0,
    low: 0,
    close: 0,
    enterLong: false,
    exitLong: false,
    enterShort: false,
    exitShort: false,
    enterTag: null,
    exitTag: null,
  };
  const steps = Math.max(1, Math.floor((input.endDate - input.startDate) / tf));
  const progressEvery = Math.max(1, Math.floor(steps / 100));
  let step = 0;
  const recorder = input.captureWallet ? new WalletRecorder() : undefined;
  st.wallet.trackBalances = recorder !== undefined;
  st.updateWallet();
  for (let time = input.startDate + tf; time <= input.endDate; time += tf) {
    input.checkAbort?.();
    const loopStart = callBotLoopStart(strategy, time);
    if (loopStart) await loopStart;
    recorder?.add(time, s.stakeCurrency, 1, st.wallet.stakeTotal());
    for (const pair of pairOrder(st, pairs)) {
      const ser = byPair.get(pair)!;
      const i = idx.get(pair)!;
      if (i >= ser.date.length || ser.date[i] > time) continue;
      idx.set(pair, i + 1);
      recorder?.add(time, recorder.base(pair), ser.open[i], st.wallet.holdings.get(pair) ?? 0);
      const dir = checkForTradeEntry(ser, i, s.canShort);
      const hasOpen = st.pairTrades(pair).length > 0;
      if (dir === null && !hasOpen) continue;
      const isLast = time === input.endDate;
      const detail = tfDetail ? input.detail?.get(pair) : undefined;
      const rowDate = ser.date[i];
      const from = detail ? lowerBound(detail.date, rowDate) : 0;
      const to = detail ? lowerBound(detail.date, rowDate + tf) : 0;
      if (detail && to > from) {
        let timeDet = time;
        for (let k = from; k < to; k++) {
          setBar(bar, detail.date[k], detail.open[k], detail.high[k], detail.low[k], detail.close[k]);
          setSignals(bar, ser, i);
          backtestLoop(st, bar, pair, timeDet, dir, k === from && !isLast);
          timeDet += tfDetail;
        }
      } else {
        setBar(bar, rowDate, ser.open[i], ser.high[i], ser.low[i], ser.close[i]);
        setSignals(bar, ser, i);
        backtestLoop(st, bar, pair, time, dir, !isLast);
      }
    }
    if (++step % progressEvery === 0) input.onProgress?.({ step: 'backtest', progress: step / steps });
  }
  handleLeftOpen(st, byPair);
  st.updateWallet();
  input.onProgress?.({ step: 'backtest', progress: 1 });
  return {
    trades: st.closed,
    locks: st.protections.locks,
    counters: st.counters,
    finalBalance: st.wallet.total(),
    rejected: st.rejected,
    wallet: recorder?.rows,
  };
}

function setBar(bar: Bar, date: number, open: number, high: number, low: number, close: number): void {
  bar.date = date;
  bar.open = open;
  bar.high = high;
  bar.low = low;
  bar.close = close;
}

function setSignals(bar: Bar, ser: PairSeries, i: number): void {
  bar.enterLong = ser.enterLong[i] === 1;
  bar.exitLong = ser.exitLong[i] === 1;
  bar.enterShort = ser.enterShort[i] === 1;
  bar.exitShort = ser.exitShort[i] === 1;
  bar.enterTag = ser.enterTag[i + ser.tagOffset] ?? null;
  bar.exitTag = ser.exitTag[i + ser.tagOffset] ?? null;
}

/** freqtrade's handle_left_open: every trade still open exits at the last row's open (force_exit). */
function handleLeftOpen(st: EngineState, byPair: Map<string, PairSeries>): void {
  for (const trade of [...st.open]) {
    if (hasOpenOrders(trade) && nrOfSuccessfulEntries(trade) === 0) continue;
    const ser = byPair.get(trade.pair)!;
    const last = ser.date.length - 1;
    if (last < 0) continue;
    const bar: Bar = {
      date: ser.date[last],
      open: ser.open[last],
      high: ser.high[last],
      low: ser.low[last],
      close: ser.close[last],
      enterLong: false,
      exitLong: false,
      enterShort: false,
      exitShort: false,
      enterTag: null,
      exitTag: null,
    };
    exitTrade(st, trade, bar, bar.open, trade.amount, 'force_exit');
    trade.exitReason = 'force_exit';
    processExitOrder(st, trade, bar.date, bar);
  }
}
