// freqtrade's ohlcv_candle_limit: how many candles one OHLCV request returns, per exchange
// (the _ft_has "ohlcv_candle_limit" of its exchange classes; 500 for the others). Pairlists
// refuse lookbacks beyond it at start.

import type { CandleType } from './port.ts';

const LIMITS: Record<string, number> = {
  binance: 1000,
  binanceus: 1000,
  binanceusdm: 1000,
  bingx: 1000,
  bitmart: 200,
  bitvavo: 1440,
  bybit: 1000,
  coinbasepro: 300,
  cryptocom: 300,
  gate: 1000,
  gateio: 1000,
  hitbtc: 1000,
  htx: 1000,
  huobi: 1000,
  hyperliquid: 5000,
  idex: 1000,
  kraken: 720,
  kucoin: 1500,
  lbank: 1998,
  okx: 100,
  // tickhub's offline market serves any count; it answers as Binance does.
  offline: 1000,
};

/** Candles one request returns for `exchangeId` (okx: 300 for recent spot/futures candles, as freqtrade). */
export function ohlcvCandleLimit(exchangeId: string, _timeframe: string, candleType: CandleType): number {
  if (exchangeId === 'okx' && (candleType === 'spot' || candleType === 'futures')) return 300;
  return LIMITS[exchangeId] ?? 500;
}
