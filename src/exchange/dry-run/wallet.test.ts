// The dry-run wallet's money, with worked examples computed by hand.
import { describe, expect, it } from 'vitest';
import type { ExchangeOrder, Market } from '../port.ts';
import type { DryRunOrderRecord, DryRunWallet } from './store.ts';
import { requiredFunds, settleFutures, settleSpot, walletBalances } from './wallet.ts';

const limits = { amount: {}, price: {}, cost: {}, leverage: {} };
const spot: Market = {
  symbol: 'BTC/USDT',
  base: 'BTC',
  quote: 'USDT',
  type: 'spot',
  spot: true,
  swap: false,
  active: true,
  contractSize: 1,
  precision: { amount: 0.00001, price: 0.01 },
  limits,
  taker: 0.001,
  maker: 0.001,
};
const swap: Market = {
  ...spot,
  symbol: 'ETH/USDT:USDT',
  base: 'ETH',
  settle: 'USDT',
  type: 'swap',
  spot: false,
  swap: true,
  linear: true,
};

const wallet = (balances: Record<string, number>): DryRunWallet => ({ balances, positions: {}, nextOrderNumber: 1 });
const request = (side: 'buy' | 'sell', amount: number, price: number, leverage = 1, reduceOnly = false) => ({
  side,
  amount,
  price,
  leverage,
  feeRate: leverage === 1 ? 0.001 : 0.0005, // spot taker 0.1 %, futures taker 0.05 %
  reduceOnly,
});

function record(status: ExchangeOrder['status'], currency: string, amount: number): DryRunOrderRecord {
  const order = { status } as ExchangeOrder;
  return { order, leverage: 1, lock: { currency, amount }, checkedUntil: 0 };
}

describe('requiredFunds', () => {
  it('spot: a buy holds cost plus fee in quote, a sell holds the base amount', () => {
    // 0.01 × 50 000 = 500 USDT, fee 0.1 % = 0.5
    const buy = requiredFunds(wallet({}), spot, request('buy', 0.01, 50_000));
    expect(buy?.currency).toBe('USDT');
    expect(buy?.amount).toBeCloseTo(500.5, 10);
    expect(requiredFunds(wallet({}), spot, request('sell', 0.01, 50_000))).toEqual({ currency: 'BTC', amount: 0.01 });
  });

  it('futures: the margin of the opening part plus the fee on the whole order', () => {
    const w = wallet({ USDT: 10_000 });
    // 2 × 3000 = 6000 at 5× → 1200 margin; fee 0.05 % of 6000 = 3
    expect(requiredFunds(w, swap, request('buy', 2, 3000, 5))).toEqual({ currency: 'USDT', amount: 1203 });
    w.positions[swap.symbol] = { contracts: 2, entryPrice: 3000, collateral: 1200, leverage: 5, settle: 'USDT' };
    // selling 3 against a long of 2 opens 1: 3000 / 5 = 600 margin; fee 0.05 % of 9000 = 4.5
    expect(requiredFunds(w, swap, request('sell', 3, 3000, 5))?.amount).toBeCloseTo(604.5, 10);
    // closing entirely needs only the fee
    expect(requiredFunds(w, swap, request('sell', 2, 3000, 5))?.amount).toBeCloseTo(3, 10);
  });

  it('futures: a reduce-only order larger than the position, or on its side, is refused', () => {
    const w = wallet({ USDT: 10_000 });
    w.positions[swap.symbol] = { contracts: 2, entryPrice: 3000, collateral: 1200, leverage: 5, settle: 'USDT' };
    expect(requiredFunds(w, swap, request('sell', 3, 3000, 5, true))).toBeUndefined();
    expect(requiredFunds(w, swap, request('buy', 1, 3000, 5, true))).toBeUndefined();
    expect(requiredFunds(w, swap, request('sell', 2, 3000, 5, true))?.amount).toBeCloseTo(3, 10);
  });
});

describe('walletBalances', () => {
  it('open orders and positions are used, closed orders hold nothing, the rest is free', () => {
    const w = wallet({ USDT: 1000, BTC: 0.5 });
    w.positions[swap.symbol] = { contracts: 1, entryPrice: 3000, collateral: 100, leverage: 30, settle: 'USDT' };
    const orders = [record('open', 'USDT', 200), record('closed', 'USDT', 50), record('open', 'BTC', 0.1)];
    const balances = walletBalances(w, orders);
    expect(balances.USDT).toEqual({ free: 700, used: 300, total: 1000 });
    expect(balances.BTC.used).toBe(0.1);
    expect(balances.BTC.free).toBeCloseTo(0.4, 12);
    expect(balances.BTC.total).toBe(0.5);
  });
});

describe('settleSpot', () => {
  it('a buy adds base and takes cost plus fee in quote; a sell reverses it', () => {
    const w = wallet({ USDT: 1000 });
    settleSpot(w, spot, 'buy', 0.01, 500, 0.5);
    expect(w.balances.BTC).toBe(0.01);
    expect(w.balances.USDT).toBe(499.5);
    settleSpot(w, spot, 'sell', 0.01, 510, 0.51);
    expect(w.balances.BTC).toBe(0);
    expect(w.balances.USDT).toBeCloseTo(1008.99, 10);
  });
});

describe('settleFutures', () => {
  it('opens, flips and closes a position, realising profit against the entry price', () => {
    const w = wallet({ USDT: 1000 });
    settleFutures(w, swap, 'buy', 2, 3000, 3, 5); // long 2 @ 3000, 1200 collateral
    expect(w.balances.USDT).toBe(997);
    expect(w.positions[swap.symbol]).toEqual({
      contracts: 2,
      entryPrice: 3000,
      collateral: 1200,
      leverage: 5,
      settle: 'USDT',
    });
    // sell 3 @ 3300: closes the long (+2 × 300 = 600) and opens a short of 1 @ 3300 (660 collateral)
    settleFutures(w, swap, 'sell', 3, 3300, 4.95, 5);
    expect(w.balances.USDT).toBeCloseTo(997 - 4.95 + 600, 10);
    expect(w.positions[swap.symbol]).toMatchObject({ contracts: -1, entryPrice: 3300, collateral: 660 });
    // buy 1 @ 3000 closes the short: +1 × 300
    settleFutures(w, swap, 'buy', 1, 3000, 1.5, 5);
    expect(w.balances.USDT).toBeCloseTo(1592.05 - 1.5 + 300, 10);
    expect(w.positions[swap.symbol]).toBeUndefined();
  });

  it('grows a position at the average entry price', () => {
    const w = wallet({ USDT: 1000 });
    settleFutures(w, swap, 'buy', 1, 3000, 0, 2);
    settleFutures(w, swap, 'buy', 3, 3400, 0, 2);
    // (1 × 3000 + 3 × 3400) / 4 = 3300; collateral 1500 + 5100 = 6600
    expect(w.positions[swap.symbol]).toMatchObject({ contracts: 4, entryPrice: 3300, collateral: 6600 });
  });
});
