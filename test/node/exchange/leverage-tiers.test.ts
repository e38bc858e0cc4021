import { describe, expect, it } from 'vitest';
import { parseAllLeverageTiers, parseLeverageTiers } from '../../../src/exchange/ccxt/tiers.ts';
import { OfflineExchange } from '../../../src/exchange/offline/offline-exchange.ts';

describe('leverage tiers from ccxt (freqtrade parse_leverage_tier)', () => {
  it('keeps the fields freqtrade keeps, the maintenance amount from Binance info.cum only', () => {
    const binance = parseLeverageTiers([
      {
        minNotional: 50_000,
        maxNotional: 500_000,
        maintenanceMarginRate: 0.005,
        maxLeverage: 100,
        info: { cum: '50.0' },
      },
      { minNotional: 0, maxNotional: 50_000, maintenanceMarginRate: 0.004, maxLeverage: 125, info: { cum: '0.0' } },
    ]);
    expect(binance).toEqual([
      { minNotional: 0, maxNotional: 50_000, maintenanceMarginRate: 0.004, maxLeverage: 125, maintAmt: 0 },
      { minNotional: 50_000, maxNotional: 500_000, maintenanceMarginRate: 0.005, maxLeverage: 100, maintAmt: 50 },
    ]);
    const okx = parseAllLeverageTiers({
      'BTC/USDT:USDT': [{ minNotional: 0, maxNotional: 500, maintenanceMarginRate: 0.004, maxLeverage: 100, info: {} }],
      'ETH/USDT:USDT': [{ maxNotional: 5, info: {} }],
    });
    expect(okx.get('BTC/USDT:USDT')?.[0].maintAmt).toBeNull();
    expect(okx.has('ETH/USDT:USDT')).toBe(false);
  });
});

describe('offline futures market tiers', () => {
  it('are Binance-style brackets whose maintenance margin is continuous at each boundary', async () => {
    const ex = new OfflineExchange({ tradingMode: 'futures' });
    await ex.loadMarkets();
    const tiers = ex.leverageTiers('BTC/USDT:USDT')!;
    expect(tiers.length).toBeGreaterThan(2);
    expect(tiers[0]).toMatchObject({ minNotional: 0, maintenanceMarginRate: 0.004, maintAmt: 0 });
    for (let i = 1; i < tiers.length; i++) {
      const b = tiers[i].minNotional;
      const below = b * tiers[i - 1].maintenanceMarginRate - (tiers[i - 1].maintAmt ?? 0);
      const above = b * tiers[i].maintenanceMarginRate - (tiers[i].maintAmt ?? 0);
      expect(above).toBeCloseTo(below, 9);
      expect(tiers[i].maxLeverage).toBeLessThanOrEqual(tiers[i - 1].maxLeverage);
    }
    const spot = new OfflineExchange();
    await spot.loadMarkets();
    expect(spot.leverageTiers('BTC/USDT')).toBeUndefined();
  });
});
