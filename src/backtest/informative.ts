// Informative candles in a backtest: loaded once per run for every (pair, timeframe) the
// strategies ask for, and the data provider the strategy reads them through (runmode 'backtest').

import type { Candle, CandleType } from '../exchange/port.ts';
import { informativeKeys } from '../strategy/informative.ts';
import { type DataProviderView, type Frame, frameFromCandles, type Strategy } from '../strategy/types.ts';
import { frameFromColumns } from './series.ts';
import type { CandleColumns, CandleLoader } from './types.ts';

const CANDLE_TYPES: readonly CandleType[] = ['spot', 'futures', 'mark', 'index', 'premiumIndex', 'funding_rate'];

function key(pair: string, timeframe: string, candleType: string): string {
  return JSON.stringify([pair, timeframe, candleType]);
}

export class BacktestCandles {
  private readonly candles = new Map<string, readonly Candle[] | CandleColumns>();
  private readonly analyzed = new Map<string, Frame>();
  private readonly defaultType: CandleType;

  constructor(defaultType: CandleType) {
    this.defaultType = defaultType;
  }

  private type(name: string | undefined): CandleType {
    return CANDLE_TYPES.find((t) => t === name) ?? this.defaultType;
  }

  set(pair: string, timeframe: string, candleType: string, candles: readonly Candle[] | CandleColumns): void {
    this.candles.set(key(pair, timeframe, candleType), candles);
  }

  /** Loads every informative candle set the strategies need (`within` trims them to the run's range). */
  async loadInformative(
    strategies: readonly Strategy[],
    pairs: readonly string[],
    stakeCurrency: string,
    load: CandleLoader,
    within: (candles: readonly Candle[]) => Candle[],
  ): Promise<void> {
    for (const strategy of strategies) {
      for (const k of informativeKeys(strategy, pairs, stakeCurrency)) {
        const candleType = this.type(k.candleType);
        if (this.candles.has(key(k.pair, k.timeframe, candleType))) continue;
        this.set(k.pair, k.timeframe, candleType, within(await load(k.pair, k.timeframe, candleType)));
      }
    }
  }

  /** Forgets the analysed frames (before the next strategy of a --strategy-list run). */
  resetAnalysed(): void {
    this.analyzed.clear();
  }

  /** Remembers a pair's analysed frame (what get_analyzed_dataframe returns afterwards). */
  analysed(pair: string, timeframe: string, frame: Frame): void {
    this.analyzed.set(key(pair, timeframe, this.defaultType), frame);
  }

  dataProvider(timeframe: string, whitelist: readonly string[]): DataProviderView {
    return {
      getProducerDf: () => undefined,
      getPairDataframe: (pair, tf = timeframe, candleType) => {
        const candles = this.candles.get(key(pair, tf, this.type(candleType))) ?? [];
        return Array.isArray(candles) ? frameFromCandles([...candles]) : frameFromColumns(candles as CandleColumns);
      },
      getAnalyzedDataframe: (pair, tf = timeframe) => {
        const frame = this.analyzed.get(key(pair, tf, this.defaultType));
        return frame ? [frame, frame.date.at(-1) ?? 0] : [frameFromCandles([]), 0];
      },
      currentWhitelist: () => [...whitelist],
      runmode: 'backtest',
      // No live exchange in a backtest: freqtrade would return today's values, which look ahead; tickhub returns nothing.
      ticker: async () => ({}),
      orderbook: async (pair) => ({ symbol: pair, timestamp: 0, bids: [], asks: [] }),
      market: () => undefined,
    };
  }
}
