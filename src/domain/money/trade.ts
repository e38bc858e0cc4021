// A TradeMath for a freshly opened position, with the derived fields filled in.

import type { TradeMath, TradingMode } from './types.ts';
import { openTradeValue } from './values.ts';

export interface EntryFill {
  isShort?: boolean;
  leverage?: number;
  tradingMode?: TradingMode;
  feeOpen: number;
  /** Defaults to feeOpen, as freqtrade guesses before the exit fee is known. */
  feeClose?: number;
  openRate: number;
  amount: number;
  interestRate?: number;
  fundingFees?: number;
}

export function tradeMathFromEntry(entry: EntryFill): TradeMath {
  const isShort = entry.isShort ?? false;
  const leverage = entry.leverage ?? 1;
  const stake = (entry.amount * entry.openRate) / leverage;
  return {
    isShort,
    leverage,
    tradingMode: entry.tradingMode ?? 'spot',
    feeOpen: entry.feeOpen,
    feeClose: entry.feeClose ?? entry.feeOpen,
    openRate: entry.openRate,
    amount: entry.amount,
    openTradeValue: openTradeValue(entry.amount, entry.openRate, entry.feeOpen, isShort),
    stakeAmount: stake,
    maxStakeAmount: stake,
    realizedProfit: 0,
    fundingFees: entry.fundingFees ?? 0,
    interestRate: entry.interestRate ?? 0,
    closeProfit: null,
    closeProfitAbs: null,
    feeOpenCost: entry.feeOpen * stake,
  };
}
