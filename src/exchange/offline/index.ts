export { OFFLINE_TIMEFRAMES } from './candles.ts';
export {
  DEFAULT_OFFLINE_SEED,
  DEFAULT_OHLCV_LIMIT,
  MAX_OHLCV_LIMIT,
  OfflineExchange,
  type OfflineExchangeOptions,
} from './offline-exchange.ts';
