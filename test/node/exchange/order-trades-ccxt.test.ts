// freqtrade's get_trades_for_order and get_conversion_rate through real ccxt (binance class) against
// the loopback fake Binance: GET /api/v3/myTrades since the order's date less 5 s, kept for the
// order; the commission as ccxt parses it; fee currencies priced in the stake currency.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineContext } from '../../../src/bot/context.ts';
import { conversionRate, feeAfterFill } from '../../../src/bot/orders/order-fee.ts';
import type { OrderRow, TradeRow } from '../../../src/db/schema.ts';
import { type CcxtExchange, createCcxtExchange } from '../../../src/exchange/ccxt/adapter.ts';
import { DEFAULT_MARKETS, type FakeBinance, startFakeBinance } from '../../support/fake-binance.ts';

const T = Date.UTC(2026, 0, 5);
let now = T;
let fake: FakeBinance;
let ex: CcxtExchange;

const spec = (symbol: string, base: string, quote: string, price: number) => ({
  symbol,
  base,
  quote,
  price,
  tickSize: '0.00001',
  stepSize: '0.001',
  minQty: '0.001',
  minNotional: '0.0001',
});

beforeEach(async () => {
  now = T;
  fake = await startFakeBinance({
    markets: [...DEFAULT_MARKETS, spec('BNBUSDT', 'BNB', 'USDT', 600), spec('ETHBNB', 'ETH', 'BNB', 5)],
    balances: { USDT: 10_000, BNB: 10 },
    now: () => now,
  });
  ex = await createCcxtExchange({
    name: 'binance',
    key: fake.apiKey,
    secret: fake.secret,
    trading_mode: 'spot',
    margin_mode: '',
    urlOverride: fake.url,
    ccxt_config: { enableRateLimit: false },
    retry: { tries: 1, baseDelayMs: 1 },
  });
  await ex.loadMarkets();
});
afterEach(async () => {
  await fake.close();
});

const buy = (clientOrderId: string) =>
  ex.createOrder({ symbol: 'BTC/USDT', type: 'market', side: 'buy', amount: 0.002, clientOrderId });

describe('fetchOrderTrades (get_trades_for_order)', () => {
  it("keeps the order's own trades, with the commission in base, quote or BNB", async () => {
    const first = await buy('fee-a'); // Binance's default: 0.1 % of the BTC received
    now += 60_000;
    fake.setCommission('BUY', { asset: 'BNB', rate: 0.00075 });
    const second = await buy('fee-b');
    now += 60_000;
    fake.setCommission('BUY', { asset: 'quote' });
    const third = await buy('fee-c');

    const a = await ex.fetchOrderTrades(first.id, 'BTC/USDT', T);
    expect(a).toEqual([{ orderId: first.id, amount: 0.002, cost: 100, fees: [{ cost: 0.000002, currency: 'BTC' }] }]);
    const b = await ex.fetchOrderTrades(second.id, 'BTC/USDT', T + 60_000);
    // 100 · 0.00075 / 600 = 0.000125 BNB
    expect(b).toHaveLength(1);
    expect(b[0].fees).toHaveLength(1);
    expect(b[0].fees[0].currency).toBe('BNB');
    expect(b[0].fees[0].cost).toBeCloseTo(0.000125, 12);
    const c = await ex.fetchOrderTrades(third.id, 'BTC/USDT', T + 120_000);
    expect(c[0].fees).toEqual([{ cost: 0.1, currency: 'USDT' }]);

    // since = the order's date less 5 s: asked with startTime, so older trades are not even sent
    const calls = fake.requests().filter((r) => r.path === '/api/v3/myTrades');
    expect(calls.map((r) => Number(r.params.startTime))).toEqual([T - 5000, T + 55_000, T + 115_000]);
    expect(await ex.fetchOrderTrades(first.id, 'BTC/USDT', T + 120_000)).toEqual([]);
  });
});

describe('conversionRate (get_conversion_rate)', () => {
  const ctx = () => ({ exchange: ex }) as unknown as EngineContext;

  it('the last price of FEE/STAKE, its inverse for STAKE/FEE, 1 for the stake itself, null when no market', async () => {
    expect(await conversionRate(ctx(), 'BNB', 'USDT')).toBe(600);
    // stake BNB, fee in USDT: no USDT/BNB market, so 1 / BNB/USDT
    expect(await conversionRate(ctx(), 'USDT', 'BNB')).toBeCloseTo(1 / 600, 15);
    expect(await conversionRate(ctx(), 'USDT', 'USDT')).toBe(1);
    expect(await conversionRate(ctx(), 'XYZ', 'USDT')).toBeNull();
  });
});

describe('feeAfterFill with a fee currency that has no market', () => {
  const trade = {
    id: 7,
    pair: 'BTC/USDT',
    stakeCurrency: 'USDT',
    isShort: false,
    isOpen: true,
    amount: 0.002,
    openRate: 50000,
    openDate: T,
    leverage: 1,
    feeOpen: 0.001,
    feeClose: 0.001,
    feeOpenCost: null,
    feeOpenCurrency: null,
    feeCloseCost: null,
    feeCloseCurrency: null,
  } as unknown as TradeRow;
  const order = { ftOrderSide: 'buy', orderDate: T } as OrderRow;
  const filled = {
    id: '1',
    symbol: 'BTC/USDT',
    side: 'buy' as const,
    type: 'market' as const,
    status: 'closed' as const,
    timestamp: T,
    amount: 0.002,
    filled: 0.002,
    remaining: 0,
    cost: 100,
    average: 50000,
    fee: { cost: 0.05, currency: 'XYZ' },
  };
  const ctxWith = (exchange: Record<string, unknown>) => {
    const lines: string[] = [];
    const log = { info: (l: string) => lines.push(l), warning: (l: string) => lines.push(l) };
    return { ctx: { exchange: ex, config: { exchange }, log } as unknown as EngineContext, lines };
  };

  it('prices it with exchange.unknown_fee_rate: 0.05 XYZ · 2 / 100 = 0.001', async () => {
    const { ctx, lines } = ctxWith({ unknown_fee_rate: 2 });
    const got = await feeAfterFill(ctx, trade, order, filled);
    expect(got.trade).toEqual({ feeOpenCost: 0.05, feeOpenCurrency: 'XYZ', feeOpen: 0.001, feeClose: 0.001 });
    expect(lines[0]).toMatch(/^Fee for Trade Trade\(id=7, pair=BTC\/USDT, .*\) \[buy\]: 0\.05 XYZ - rate: 0\.001$/);
  });

  it('without it the rate is unknown: cost and currency are kept, the rates stay', async () => {
    const { ctx, lines } = ctxWith({});
    const got = await feeAfterFill(ctx, trade, order, filled);
    expect(got.trade).toEqual({ feeOpenCost: 0.05, feeOpenCurrency: 'XYZ' });
    expect(lines[0]).toMatch(/ - rate: None$/);
  });
});
