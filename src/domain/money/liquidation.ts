// Estimated liquidation price of an isolated futures position (freqtrade's dry-run formula).

import type { TradingMode } from './types.ts';

export interface LiquidationInput {
  tradingMode: TradingMode;
  isShort: boolean;
  openRate: number;
  /** Position size in base currency. */
  amount: number;
  /** Margin backing the position; for isolated margin, the stake (amount · openRate / leverage). */
  walletBalance: number;
  /** Maintenance margin ratio of the position's tier. */
  mmRatio: number;
  takerFee: number;
}

/**
 * Price at which the margin, less maintenance margin and the taker fee of closing, is used up.
 * long: (open − margin/amount) / (1 − (mm + taker)); short: (open + margin/amount) / (1 + (mm + taker)).
 * Null for spot and margin (freqtrade supports only isolated futures) or an empty position.
 */
export function liquidationPrice(input: LiquidationInput): number | null {
  if (input.tradingMode !== 'futures' || !(input.amount > 0)) return null;
  const marginPerUnit = input.walletBalance / input.amount;
  const mmRatioTaker = input.mmRatio + input.takerFee;
  return input.isShort
    ? (input.openRate + marginPerUnit) / (1 + mmRatioTaker)
    : (input.openRate - marginPerUnit) / (1 - mmRatioTaker);
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
