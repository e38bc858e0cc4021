// The offline market's instruments: a fixed list of USDT spot pairs and linear USDT swaps,
// with tick sizes and limits in the range real exchanges use.

import type { LeverageTier, Market } from '../port.ts';

export interface AssetSpec {
  base: string;
  /** Price level the path oscillates around. */
  basePrice: number;
  /** Scales the price path's amplitudes (1 = BTC-like volatility). */
  volatility: number;
  /** Typical base-currency volume per minute. */
  volumePerMinute: number;
  amountStep: number;
  priceTick: number;
  minAmount: number;
}

export const ASSETS: readonly AssetSpec[] = [
  {
    base: 'BTC',
    basePrice: 60_000,
    volatility: 1,
    volumePerMinute: 12,
    amountStep: 0.00001,
    priceTick: 0.01,
    minAmount: 0.00001,
  },
  {
    base: 'ETH',
    basePrice: 3_000,
    volatility: 1.2,
    volumePerMinute: 180,
    amountStep: 0.0001,
    priceTick: 0.01,
    minAmount: 0.0001,
  },
  {
    base: 'SOL',
    basePrice: 150,
    volatility: 1.6,
    volumePerMinute: 2_500,
    amountStep: 0.001,
    priceTick: 0.01,
    minAmount: 0.001,
  },
  {
    base: 'XRP',
    basePrice: 0.6,
    volatility: 1.4,
    volumePerMinute: 400_000,
    amountStep: 0.1,
    priceTick: 0.0001,
    minAmount: 0.1,
  },
  {
    base: 'ADA',
    basePrice: 0.45,
    volatility: 1.4,
    volumePerMinute: 300_000,
    amountStep: 0.1,
    priceTick: 0.0001,
    minAmount: 0.1,
  },
  {
    base: 'DOGE',
    basePrice: 0.15,
    volatility: 1.8,
    volumePerMinute: 1_500_000,
    amountStep: 1,
    priceTick: 0.00001,
    minAmount: 1,
  },
  {
    base: 'BNB',
    basePrice: 600,
    volatility: 1,
    volumePerMinute: 150,
    amountStep: 0.001,
    priceTick: 0.01,
    minAmount: 0.001,
  },
  {
    base: 'LTC',
    basePrice: 80,
    volatility: 1.3,
    volumePerMinute: 600,
    amountStep: 0.001,
    priceTick: 0.01,
    minAmount: 0.001,
  },
];

export const FUTURES_BASES: readonly string[] = ['BTC', 'ETH', 'SOL', 'XRP'];
export const QUOTE = 'USDT';
export const FEE_RATE = 0.001;
export const MIN_COST = 5;
export const MAX_LEVERAGE = 20;

function market(asset: AssetSpec, futures: boolean): Market {
  const symbol = futures ? `${asset.base}/${QUOTE}:${QUOTE}` : `${asset.base}/${QUOTE}`;
  return {
    symbol,
    base: asset.base,
    quote: QUOTE,
    settle: futures ? QUOTE : undefined,
    type: futures ? 'swap' : 'spot',
    spot: !futures,
    swap: futures,
    linear: futures ? true : undefined,
    active: true,
    contractSize: 1,
    precision: { amount: asset.amountStep, price: asset.priceTick },
    limits: {
      amount: { min: asset.minAmount },
      price: { min: asset.priceTick },
      cost: { min: MIN_COST },
      leverage: { min: 1, max: futures ? MAX_LEVERAGE : 1 },
    },
    taker: FEE_RATE,
    maker: FEE_RATE,
  };
}

export function spotMarkets(): Market[] {
  return ASSETS.map((a) => market(a, false));
}

export function futuresMarkets(): Market[] {
  return ASSETS.filter((a) => FUTURES_BASES.includes(a.base)).map((a) => market(a, true));
}

/**
 * Binance-style leverage brackets for an offline futures market: the maintenance margin rate
 * doubles and the maximum leverage halves with each bracket; maintAmt keeps the margin continuous
 * at each boundary (Binance's "cum").
 */
export function offlineLeverageTiers(m: Market): LeverageTier[] {
  const bounds = [0, 50_000, 250_000, 1_000_000, 5_000_000];
  const tiers: LeverageTier[] = [];
  let maintAmt = 0;
  let rate = 0.004;
  let maxLeverage = m.limits.leverage.max ?? MAX_LEVERAGE;
  for (let i = 0; i < bounds.length; i++) {
    if (i > 0) maintAmt += bounds[i] * (rate * 2 - rate);
    if (i > 0) rate *= 2;
    tiers.push({
      minNotional: bounds[i],
      maxNotional: bounds[i + 1] ?? null,
      maintenanceMarginRate: rate,
      maxLeverage,
      maintAmt,
    });
    maxLeverage = Math.max(1, Math.floor(maxLeverage / 2));
  }
  return tiers;
}
