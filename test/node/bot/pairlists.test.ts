import { describe, expect, it } from 'vitest';
import { expandBlacklist } from '../../../src/bot/pairlist/blacklist.ts';
import { buildWhitelist } from '../../../src/bot/pairlist/pairlists.ts';
import { validateConfig } from '../../../src/config/load.ts';
import type { ConfigInput } from '../../../src/config/schema.ts';
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
