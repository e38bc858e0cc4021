// freqtrade's MarketCapPairList: the top `max_rank` coins by market cap (CoinGecko's
// /coins/markets, optionally per category) mapped to <COIN>/<STAKE> pairs, at most
// `number_assets`, cached for refresh_period seconds. The data source URL is configurable
// (`coingecko.api_url`), so tests and self-hosted mirrors can serve it.

import { type CoinGeckoSettings, coinGeckoJson, coinGeckoSource } from '../../util/coingecko.ts';
import { expandBlacklist } from './blacklist.ts';
import { num, type PairlistContext } from './context.ts';
import { TtlCache } from './state.ts';

interface MarketCapState {
  cache: TtlCache<string[]>;
  categoriesChecked: boolean;
}

function source(ctx: PairlistContext) {
  return coinGeckoSource((ctx.input.config as { coingecko?: CoinGeckoSettings }).coingecko);
}

function getJson(ctx: PairlistContext, path: string): Promise<unknown> {
  return coinGeckoJson(source(ctx), path, { timeoutMs: 30_000, fetch: ctx.input.fetch });
}

async function marketCapSymbols(ctx: PairlistContext, categories: string[]): Promise<string[]> {
  const query = 'vs_currency=usd&order=market_cap_desc&per_page=250&page=1&sparkline=false&locale=en';
  const rows: { symbol?: unknown; market_cap?: unknown }[] = [];
  for (const category of categories.length > 0 ? categories : ['']) {
    const url = `/coins/markets?${query}${category ? `&category=${encodeURIComponent(category)}` : ''}`;
    const data = await getJson(ctx, url);
    if (Array.isArray(data)) rows.push(...data);
  }
  rows.sort((a, b) => (Number(b.market_cap) || 0) - (Number(a.market_cap) || 0));
  return rows.filter((r) => typeof r.symbol === 'string').map((r) => r.symbol as string);
}

async function checkCategories(ctx: PairlistContext, categories: string[]): Promise<void> {
  const data = await getJson(ctx, '/coins/categories/list');
  const ids = Array.isArray(data) ? data.map((c: { category_id?: unknown }) => String(c.category_id)) : [];
  for (const category of categories) {
    if (!ids.includes(category)) {
      throw new Error(
        `Category ${category} not in coingecko category list. You can choose from ${JSON.stringify(ids)}`,
      );
    }
  }
}

export async function marketCapPairList(ctx: PairlistContext, pairs: string[]): Promise<string[]> {
  const pl = ctx.pl;
  if (!('number_assets' in pl)) {
    throw new Error(
      '`number_assets` not specified. Please check your configuration for "pairlist.config.number_assets"',
    );
  }
  const numberAssets = num(pl.number_assets, 30);
  const maxRank = num(pl.max_rank, 30);
  if (maxRank > 250) throw new Error('This filter only support marketcap rank up to 250.');
  const categories = Array.isArray(pl.categories) ? pl.categories.map(String) : [];
  const refreshMs = num(pl.refresh_period, 86400) * 1000;
  const s = ctx.state.slot<MarketCapState>(`${ctx.index}:MarketCapPairList`, () => ({
    cache: new TtlCache(refreshMs),
    categoriesChecked: false,
  }));
  const now = ctx.input.now;
  const isGenerator = ctx.index === 0;
  if (isGenerator) {
    const cached = s.cache.get('pairlist_mc', now);
    if (cached && cached.length > 0) return [...cached];
  }
  let candidates = pairs;
  if (isGenerator) {
    candidates = Object.keys(ctx.markets).filter((p) => ctx.tradable(p));
    const black = new Set(expandBlacklist(ctx.input.blacklist, candidates));
    candidates = candidates.filter((p) => !black.has(p));
  }
  let ranked = s.cache.get('marketcap', now);
  if (!ranked) {
    if (categories.length > 0 && !s.categoriesChecked) {
      await checkCategories(ctx, categories);
      s.categoriesChecked = true;
    }
    try {
      ranked = await marketCapSymbols(ctx, categories);
    } catch (e) {
      ctx.logOnce(`MarketCapPairList: could not read market caps: ${(e as Error).message}`, 'warning');
      return [];
    }
    if (ranked.length > 0) s.cache.set('marketcap', ranked, now);
  }
  const stake = ctx.input.config.stake_currency.toUpperCase();
  const suffix = ctx.input.config.trading_mode === 'futures' ? `${stake}:${stake}` : stake;
  const out: string[] = [];
  for (const symbol of ranked.slice(0, maxRank)) {
    const pair = `${symbol.toUpperCase()}/${suffix}`;
    if (candidates.includes(pair) && !out.includes(pair)) {
      out.push(pair);
      if (out.length === numberAssets) break;
    }
  }
  if (isGenerator) s.cache.set('pairlist_mc', [...out], now);
  return out;
}
