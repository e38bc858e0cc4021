/**
 * The API version reported by show_config: the highest freqtrade API level whose features FreqUI
 * gates on tickhub serves. 2.50: candle types (2.44), force exit with price (2.45), prepend data
 * (2.46), strategy parameters (2.47), wallet history and backtest wallet (2.48), lookahead and
 * recursive analysis and DELETE /background/clear (2.49), hour/minute timeranges (2.50).
 */
export const API_VERSION = 2.5;
export const TICKHUB_VERSION = '0.1.0';
