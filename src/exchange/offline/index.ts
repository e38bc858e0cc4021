export { OFFLINE_TIMEFRAMES } from './candles.ts';
export {
  DEFAULT_OFFLINE_SEED,
  MAX_OHLCV_LIMIT,
  OfflineExchange,
} from './offline-exchange.ts';
