// RemotePairList (loopback HTTP and a local file) and MarketCapPairList (a loopback fake of the
// market-cap source) on the offline market: freqtrade's refresh, mode and failure semantics.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildWhitelist } from '../../../src/bot/pairlist/pairlists.ts';
import { PairlistState } from '../../../src/bot/pairlist/state.ts';
import { validateConfig } from '../../../src/config/load.ts';
import { OfflineExchange } from '../../../src/exchange/offline/index.ts';
import { ManualClock } from '../../../src/util/clock.ts';
import { LogHub } from '../../../src/util/logger.ts';

interface Served {
  url: string;
  requests: { path: string; auth?: string }[];
  respond: (path: string) => { status?: number; type?: string; body: string };
}

const cleanup: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function serve(respond: Served['respond']): Promise<Served> {
  const served: Served = { url: '', requests: [], respond };
  const server: Server = createServer((req, res) => {
    served.requests.push({ path: req.url ?? '', auth: req.headers.authorization });
    const r = served.respond(req.url ?? '');
    res.writeHead(r.status ?? 200, { 'content-type': r.type ?? 'application/json' }).end(r.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  served.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cleanup.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return served;
}

function setup() {
  const clock = new ManualClock(Date.UTC(2026, 1, 1));
  const exchange = new OfflineExchange({ clock });
  const logs = new LogHub(() => clock.now());
  const state = new PairlistState();
  const dir = mkdtempSync(join(tmpdir(), 'tickhub-remote-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const run = async (cfg: Record<string, unknown>, blacklist: string[] = []) => {
    await exchange.loadMarkets();
    const { config } = validateConfig(cfg as Record<string, unknown>);
    return buildWhitelist({
      config,
      exchange,
      blacklist,
      log: logs.logger('pairlist'),
      now: clock.now(),
      state,
      readTextFile: async (p) => readFileSync(p, 'utf8'),
      writeTextFile: async (p, text) => writeFileSync(p, text),
    });
  };
  return { clock, run, dir, messages: () => logs.recent().map((r) => r[4]) };
}

describe('RemotePairList', () => {
  it('first in the chain: fetches, keeps active stake pairs up to number_assets, caches for refresh_period', async () => {
    let pairs = ['SOL/USDT', 'NOPE/USDT', 'BTC/USDT', 'ETH/USDT'];
    const remote = await serve(() => ({ body: JSON.stringify({ pairs }) }));
    const t = setup();
    const cfg = {
      pairlists: [
        {
          method: 'RemotePairList',
          pairlist_url: `${remote.url}/pairs`,
          number_assets: 2,
          refresh_period: 60,
          bearer_token: 'remote-bearer-123',
        },
      ],
    };
    expect(await t.run(cfg)).toEqual(['SOL/USDT', 'BTC/USDT']);
    expect(remote.requests).toEqual([{ path: '/pairs', auth: 'Bearer remote-bearer-123' }]);
    pairs = ['ETH/USDT'];
    t.clock.advance(59_000);
    expect(await t.run(cfg)).toEqual(['SOL/USDT', 'BTC/USDT']);
    expect(remote.requests).toHaveLength(1);
    t.clock.advance(2_000);
    expect(await t.run(cfg)).toEqual(['ETH/USDT']);
    expect(remote.requests).toHaveLength(2);
  });

  it("a longer refresh_period in the remote's answer raises the local one", async () => {
    const remote = await serve(() => ({ body: JSON.stringify({ pairs: ['BTC/USDT'], refresh_period: 600 }) }));
    const t = setup();
    const cfg = {
      pairlists: [{ method: 'RemotePairList', pairlist_url: remote.url, number_assets: 5, refresh_period: 60 }],
    };
    await t.run(cfg);
    t.clock.advance(300_000);
    await t.run(cfg);
    expect(remote.requests).toHaveLength(1);
    expect(t.messages()).toContain('Refresh Period has been increased from 60 to minimum allowed: 600 from Remote.');
    t.clock.advance(301_000);
    await t.run(cfg);
    expect(remote.requests).toHaveLength(2);
  });

  it('as a filter: whitelist/filter, whitelist/append and blacklist modes', async () => {
    const remote = await serve(() => ({ body: JSON.stringify({ pairs: ['ETH/USDT', 'XRP/USDT'] }) }));
    const t = setup();
    const base = { exchange: { pair_whitelist: ['BTC/USDT', 'ETH/USDT', 'SOL/USDT'] } };
    const chain = (extra: Record<string, unknown>) => ({
      ...base,
      pairlists: [
        { method: 'StaticPairList' },
        { method: 'RemotePairList', pairlist_url: remote.url, number_assets: 10, ...extra },
      ],
    });
    expect(await t.run(chain({}))).toEqual(['ETH/USDT']);
    expect(await t.run(chain({ processing_mode: 'append' }))).toEqual(['BTC/USDT', 'ETH/USDT', 'SOL/USDT', 'XRP/USDT']);
    expect(await t.run(chain({ mode: 'blacklist' }))).toEqual(['BTC/USDT', 'SOL/USDT']);
    expect(t.messages()).toContain('Blacklist - Filtered out pairs: ["ETH/USDT"]');
    await expect(
      t.run({
        pairlists: [{ method: 'RemotePairList', pairlist_url: remote.url, number_assets: 1, mode: 'blacklist' }],
      }),
    ).rejects.toThrow('A `blacklist` mode RemotePairList can not be on the first position of your pairlist.');
  });

  it('failures: the first one raises; later ones keep the last list (or empty it when told)', async () => {
    let answer: { status?: number; type?: string; body: string } = { type: 'text/html', body: '<html>' };
    const remote = await serve(() => answer);
    const t = setup();
    const cfg = (keep: boolean) => ({
      pairlists: [
        {
          method: 'RemotePairList',
          pairlist_url: remote.url,
          number_assets: 5,
          refresh_period: 10,
          keep_pairlist_on_failure: keep,
        },
      ],
    });
    await expect(t.run(cfg(true))).rejects.toThrow(`RemotePairList is not of type JSON. ${remote.url}`);
    answer = { body: JSON.stringify({ pairs: ['BTC/USDT'] }) };
    expect(await t.run(cfg(true))).toEqual(['BTC/USDT']);
    answer = { body: '{not json' };
    t.clock.advance(11_000);
    expect(await t.run(cfg(true))).toEqual(['BTC/USDT']);
    expect(t.messages()).toContain('Keeping last fetched pairlist');
    t.clock.advance(11_000);
    expect(await t.run(cfg(false))).toEqual([]);
  });

  it('reads a local file (file:///) and saves the processed list to save_to_file', async () => {
    const t = setup();
    const file = join(t.dir, 'pairs.json');
    writeFileSync(file, JSON.stringify({ pairs: ['ADA/USDT', '.*OGE/USDT'] }));
    const saved = join(t.dir, 'saved.json');
    const cfg = {
      pairlists: [{ method: 'RemotePairList', pairlist_url: `file:///${file}`, number_assets: 5, save_to_file: saved }],
    };
    expect(await t.run(cfg)).toEqual(['ADA/USDT', 'DOGE/USDT']);
    expect(JSON.parse(readFileSync(saved, 'utf8'))).toEqual({ pairs: ['ADA/USDT', 'DOGE/USDT'] });
    const missing = setup();
    await expect(
      missing.run({
        pairlists: [{ method: 'RemotePairList', pairlist_url: `file:///${t.dir}/nope.json`, number_assets: 5 }],
      }),
    ).rejects.toThrow(`file:///${t.dir}/nope.json does not exist.`);
  });
});

describe('MarketCapPairList', () => {
  const COINS = [
    { symbol: 'btc', market_cap: 1_200_000 },
    { symbol: 'usdt', market_cap: 900_000 },
    { symbol: 'eth', market_cap: 400_000 },
    { symbol: 'xrp', market_cap: 100_000 },
    { symbol: 'sol', market_cap: 90_000 },
    { symbol: 'doge', market_cap: 50_000 },
  ];

  it('ranks the stake pairs by market cap from the configured source, within max_rank, cached', async () => {
    const source = await serve((path) =>
      path.startsWith('/coins/categories/list')
        ? { body: JSON.stringify([{ category_id: 'layer-1', name: 'Layer 1' }]) }
        : { body: JSON.stringify(path.includes('category=layer-1') ? COINS.filter((c) => c.symbol !== 'eth') : COINS) },
    );
    const t = setup();
    const cfg = (extra: Record<string, unknown>) => ({
      coingecko: { api_url: source.url, api_key: 'cg-key-0123', is_demo: true },
      pairlists: [{ method: 'MarketCapPairList', number_assets: 3, max_rank: 5, ...extra }],
    });
    // usdt has no USDT pair; rank 6 (doge) is beyond max_rank.
    expect(await t.run(cfg({}))).toEqual(['BTC/USDT', 'ETH/USDT', 'XRP/USDT']);
    expect(source.requests[0].path).toBe(
      '/coins/markets?vs_currency=usd&order=market_cap_desc&per_page=250&page=1&sparkline=false&locale=en',
    );
    expect(await t.run(cfg({}))).toEqual(['BTC/USDT', 'ETH/USDT', 'XRP/USDT']);
    expect(source.requests).toHaveLength(1);

    const u = setup();
    expect(await u.run(cfg({}), ['ETH/.*'])).toEqual(['BTC/USDT', 'XRP/USDT', 'SOL/USDT']);
    const v = setup();
    expect(await v.run(cfg({ categories: ['layer-1'] }))).toEqual(['BTC/USDT', 'XRP/USDT', 'SOL/USDT']);
    await expect(setup().run(cfg({ categories: ['memes'] }))).rejects.toThrow(
      'Category memes not in coingecko category list. You can choose from ["layer-1"]',
    );
  });

  it('as a filter it keeps the incoming pairs in market-cap order', async () => {
    const source = await serve(() => ({ body: JSON.stringify(COINS) }));
    const t = setup();
    expect(
      await t.run({
        coingecko: { api_url: source.url },
        exchange: { pair_whitelist: ['DOGE/USDT', 'SOL/USDT', 'ETH/USDT'] },
        pairlists: [{ method: 'StaticPairList' }, { method: 'MarketCapPairList', number_assets: 10, max_rank: 10 }],
      }),
    ).toEqual(['ETH/USDT', 'SOL/USDT', 'DOGE/USDT']);
  });
});
