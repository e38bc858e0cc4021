// Estimated liquidation price of a futures position: freqtrade's dry_run_liquidation_price,
// with the exchange-specific formulas it implements (freqtrade 2026.3: Binance, Bybit, Bitget,
// Hyperliquid; every other exchange, Gate and OKX included, uses the generic one), and the
// maintenance margin rate looked up in the exchange's leverage tiers (ccxt fetchLeverageTiers).

import type { TradingMode } from './types.ts';

/** One leverage tier as freqtrade keeps it (parse_leverage_tier). */
export interface LeverageTier {
  minNotional: number;
  maxNotional: number | null;
  maintenanceMarginRate: number;
  maxLeverage: number;
  /** Binance's maintenance amount ("cum"); null on other exchanges. */
  maintAmt: number | null;
}

/**
 * The maintenance margin rate and amount of the highest tier whose minNotional the value reaches
 * (freqtrade's get_maintenance_ratio_and_amt). freqtrade passes the trade's stake amount here, not
 * the position's notional value; callers do the same. Null when the pair has no tiers.
 */
export function maintenanceRatioAndAmount(
  tiers: readonly LeverageTier[] | undefined,
  notionalValue: number,
): { mmRatio: number; maintAmt: number | null } | null {
  if (!tiers || tiers.length === 0) return null;
  for (let i = tiers.length - 1; i >= 0; i--) {
    const tier = tiers[i];
    if (notionalValue >= tier.minNotional) return { mmRatio: tier.maintenanceMarginRate, maintAmt: tier.maintAmt };
  }
  return null;
}

export interface LiquidationInput {
  tradingMode: TradingMode;
  isShort: boolean;
  openRate: number;
  /** Position size in base currency. */
  amount: number;
  /**
   * Margin backing the position: for isolated margin the stake (amount · openRate / leverage); for
   * cross margin the wallet's collateral (freqtrade's wallets.get_collateral()).
   */
  walletBalance: number;
  /** Cross margin on Binance: the other positions' unrealized PnL less their maintenance margin (binanceCrossVars). */
  crossVars?: number;
  /** Maintenance margin ratio of the position's tier. */
  mmRatio: number;
  takerFee: number;
  /** The exchange id (freqtrade's exchange class); the generic formula when absent or unknown. */
  exchange?: string;
  /** The tier's maintenance amount (Binance). */
  maintAmt?: number | null;
  leverage?: number;
  /** The market's maximum leverage (Hyperliquid). */
  maxLeverage?: number | null;
}

function generic(i: LiquidationInput): number {
  const marginPerUnit = i.walletBalance / i.amount;
  const mmRatioTaker = i.mmRatio + i.takerFee;
  return i.isShort
    ? (i.openRate + marginPerUnit) / (1 + mmRatioTaker)
    : (i.openRate - marginPerUnit) / (1 - mmRatioTaker);
}

function binance(i: LiquidationInput): number | null {
  // Isolated margin: no other positions (cross_vars = 0). freqtrade refuses without a maintenance amount.
  if (i.maintAmt === null || i.maintAmt === undefined) return null;
  const side = i.isShort ? -1 : 1;
  return (
    (i.walletBalance + (i.crossVars ?? 0) + i.maintAmt - side * i.amount * i.openRate) /
    (i.amount * i.mmRatio - side * i.amount)
  );
}

/** Another open position in the same cross wallet, with its tier's maintenance margin. */
export interface CrossPosition {
  amount: number;
  openRate: number;
  /** The mark price (freqtrade: fetch_funding_rates' markPrice; the open rate in backtesting). */
  markPrice: number;
  mmRatio: number;
  maintAmt: number;
}

/**
 * freqtrade's Binance cross_vars: Σ unrealized PnL − Σ maintenance margin of the other positions.
 * As in freqtrade (2024.10 to 2026.3), the unrealized PnL is amount · (mark − open) for shorts too.
 */
export function binanceCrossVars(others: readonly CrossPosition[]): number {
  let upnl = 0;
  let maintenance = 0;
  for (const o of others) {
    maintenance += o.amount * o.markPrice * o.mmRatio - o.maintAmt;
    upnl += o.amount * o.markPrice - o.amount * o.openRate;
  }
  return upnl - maintenance;
}

function bybit(i: LiquidationInput): number {
  const positionValue = i.amount * i.openRate;
  const initialMargin = positionValue / (i.leverage || 1);
  const maintenanceMargin = positionValue * i.mmRatio;
  const perContract = (initialMargin - maintenanceMargin) / i.amount;
  return i.isShort ? i.openRate + perContract : i.openRate - perContract;
}

function bitget(i: LiquidationInput): number {
  const direction = i.isShort ? -1 : 1;
  return (i.walletBalance - i.amount * i.openRate * direction) / (i.amount * (i.mmRatio + i.takerFee - direction));
}

function hyperliquid(i: LiquidationInput): number | null {
  const maxLeverage = i.maxLeverage;
  if (!maxLeverage) return null;
  const positionValue = i.openRate * i.amount;
  const marginAvailable = i.walletBalance - positionValue / maxLeverage / 2;
  const ll = 1 / (maxLeverage * 2);
  const side = i.isShort ? -1 : 1;
  return i.openRate - (side * marginAvailable) / i.amount / (1 - ll * side);
}

/**
 * Price at which the position's margin is used up, by the exchange's formula.
 * Null for spot and margin (freqtrade has futures only), an empty position, or when
 * the exchange's formula lacks an input freqtrade requires.
 */
export function liquidationPrice(input: LiquidationInput): number | null {
  if (input.tradingMode !== 'futures' || !(input.amount > 0)) return null;
  switch (input.exchange) {
    case 'binance':
    case 'binanceusdm':
      return binance(input);
    case 'bybit':
      return bybit(input);
    case 'bitget':
      return bitget(input);
    case 'hyperliquid':
      return hyperliquid(input);
    default:
      return generic(input);
  }
}

/**
 * freqtrade's liquidation_buffer: moves the liquidation price `buffer` (a ratio of its distance
 * to the open rate) towards the open rate, so the stop triggers first. Never below 0.
 */
export function applyLiquidationBuffer(
  liquidation: number,
  openRate: number,
  isShort: boolean,
  buffer: number,
): number {
  const margin = Math.abs(openRate - liquidation) * buffer;
  return Math.max(isShort ? liquidation - margin : liquidation + margin, 0);
}

/**
 * freqtrade's get_max_leverage for futures: the highest leverage the tiers allow for a stake
 * (margin) amount; 1 without tiers, the first tier's at a zero stake, null when the stake is
 * beyond the last tier (freqtrade refuses the order).
 */
export function maxLeverageForStake(tiers: readonly LeverageTier[] | undefined, stake: number): number | null {
  if (!tiers || tiers.length === 0) return 1;
  if (stake === 0) return tiers[0].maxLeverage;
  for (let i = 0; i < tiers.length; i++) {
    const tier = tiers[i];
    const next = tiers[i + 1];
    if (next) {
      if (next.minNotional / next.maxLeverage > stake) {
        return tier.maxNotional === null ? tier.maxLeverage : Math.min(tier.maxNotional / stake, tier.maxLeverage);
      }
    } else {
      return tier.maxNotional !== null && stake > tier.maxNotional ? null : tier.maxLeverage;
    }
  }
  return null;
}
