import { describe, expect, it } from 'vitest';
import { AVAILABLE_PAIRLISTS } from '../../../src/bot/pairlist/available.ts';
import { expandBlacklist } from '../../../src/bot/pairlist/blacklist.ts';
import { buildWhitelist } from '../../../src/bot/pairlist/pairlists.ts';
import { validateConfig } from '../../../src/config/load.ts';
import { type ConfigInput, PAIRLIST_METHODS } from '../../../src/config/schema.ts';
import { OfflineExchange } from '../../../src/exchange/offline/index.ts';
import { ManualClock } from '../../../src/util/clock.ts';
import { LogHub } from '../../../src/util/logger.ts';

const clock = new ManualClock(Date.UTC(2026, 1, 1));
const exchange = new OfflineExchange({ clock });
const log = new LogHub().logger('t');

async function whitelist(cfg: ConfigInput, blacklist: string[] = []) {
  await exchange.loadMarkets();
  const { config } = validateConfig(cfg as Record<string, unknown>);
  return buildWhitelist({ config, exchange, blacklist, log, now: clock.now() });
}

describe('pairlists', () => {
  it('StaticPairList keeps configured, active, stake-currency pairs in order', async () => {
    expect(await whitelist({ exchange: { pair_whitelist: ['ETH/USDT', 'NOPE/USDT', 'BTC/USDT'] } })).toEqual([
      'ETH/USDT',
      'BTC/USDT',
    ]);
  });

  it('VolumePairList ranks by quote volume and takes number_assets', async () => {
    const tickers = await exchange.fetchTickers();
    const all = Object.keys(exchange.markets()).sort(
      (a, b) => (tickers[b].quoteVolume ?? 0) - (tickers[a].quoteVolume ?? 0),
    );
    expect(await whitelist({ pairlists: [{ method: 'VolumePairList', number_assets: 3 }] })).toEqual(all.slice(0, 3));
  });

  it('filters: PriceFilter, SpreadFilter, OffsetFilter, ShuffleFilter (seeded)', async () => {
    const base = { exchange: { pair_whitelist: ['BTC/USDT', 'ETH/USDT', 'DOGE/USDT', 'XRP/USDT'] } };
    const cheap = await whitelist({
      ...base,
      pairlists: [{ method: 'StaticPairList' }, { method: 'PriceFilter', min_price: 10 }],
    });
    expect(cheap).toEqual(['BTC/USDT', 'ETH/USDT']);
    expect(
      await whitelist({
        ...base,
        pairlists: [{ method: 'StaticPairList' }, { method: 'SpreadFilter', max_spread_ratio: 0.00001 }],
      }),
    ).toEqual([]);
    expect(
      await whitelist({
        ...base,
        pairlists: [{ method: 'StaticPairList' }, { method: 'OffsetFilter', offset: 1, number_assets: 2 }],
      }),
    ).toEqual(['ETH/USDT', 'DOGE/USDT']);
    const a = await whitelist({
      ...base,
      pairlists: [{ method: 'StaticPairList' }, { method: 'ShuffleFilter', seed: 7 }],
    });
    const b = await whitelist({
      ...base,
      pairlists: [{ method: 'StaticPairList' }, { method: 'ShuffleFilter', seed: 7 }],
    });
    expect(a).toEqual(b);
    expect([...a].sort()).toEqual([...base.exchange.pair_whitelist].sort());
  });

  it('the blacklist (pairs, wildcards, regex) is removed last', async () => {
    expect(await whitelist({ exchange: { pair_whitelist: ['BTC/USDT', 'ETH/USDT', 'SOL/USDT'] } }, ['ETH/.*'])).toEqual(
      ['BTC/USDT', 'SOL/USDT'],
    );
    expect(expandBlacklist(['.*/USDT'], ['BTC/USDT', 'ETH/BTC'])).toEqual(['BTC/USDT']);
    expect(expandBlacklist(['FOO/BAR', '['], ['BTC/USDT'])).toEqual(['FOO/BAR']);
  });

  it('an unknown pairlist method is a config error naming it', () => {
    expect(() => validateConfig({ pairlists: [{ method: 'PercentChangePairList' }] })).toThrow(
      /pairlists\[0\]\.method/,
    );
  });
});

describe('available pairlists (GET /pairlists/available data)', () => {
  it('lists every configurable pairlist once, sorted by name, in freqtrade’s available_parameters shape', () => {
    const names = AVAILABLE_PAIRLISTS.map((p) => p.name);
    expect(names).toEqual([...PAIRLIST_METHODS].sort());
    for (const p of AVAILABLE_PAIRLISTS) {
      expect(typeof p.description).toBe('string');
      expect(typeof p.is_pairlist_generator).toBe('boolean');
      for (const [key, param] of Object.entries(p.params)) {
        expect(['number', 'string', 'option', 'boolean', 'list'], `${p.name}.${key}`).toContain(param.type);
        expect(param.description.length, `${p.name}.${key}`).toBeGreaterThan(0);
        expect(param.help.length, `${p.name}.${key}`).toBeGreaterThan(0);
        expect('default' in param, `${p.name}.${key}`).toBe(true);
        if (param.type === 'option') expect(param.options.length).toBeGreaterThanOrEqual(1);
      }
    }
    const age = AVAILABLE_PAIRLISTS.find((p) => p.name === 'AgeFilter')!;
    expect(age.params.min_days_listed).toMatchObject({ type: 'number', default: 10 });
    expect(age.params.max_days_listed).toMatchObject({ type: 'number', default: null });
    const remote = AVAILABLE_PAIRLISTS.find((p) => p.name === 'RemotePairList')!;
    expect(remote.is_pairlist_generator).toBe(true);
    expect(remote.params.mode).toMatchObject({
      type: 'option',
      default: 'whitelist',
      options: ['whitelist', 'blacklist'],
    });
    expect(AVAILABLE_PAIRLISTS.find((p) => p.name === 'MarketCapPairList')!.params.refresh_period).toMatchObject({
      default: 86400,
    });
  });
});
