// Column-level indicators: number columns in, columns of the same length out, null during warm-up.
// The math comes from trading-signals; each wrapper documents its seeding convention.

export { atr } from './atr.ts';
export { type BollingerColumns, bollinger } from './bollinger.ts';
export { EmaStream, ema } from './ema.ts';
export { type MacdColumns, macd } from './macd.ts';
export { rollingMean, rollingStd, talibEma, typicalPrice } from './rolling.ts';
export { rsi } from './rsi.ts';
export { sma } from './sma.ts';
export { talibAtr } from './talib-atr.ts';
