// freqtrade's RemotePairList: pairs from a JSON document ({"pairs": [...], "refresh_period": n})
// at an http(s) URL or a local file (file:///path), cached for refresh_period seconds (raised to
// the remote's own refresh_period), first in the chain or as a whitelist/blacklist filter.

import { expandBlacklist } from './blacklist.ts';
import { num, type PairlistContext } from './context.ts';
import { TtlCache } from './state.ts';

interface RemoteState {
  cache: TtlCache<string[]>;
  refreshSecs: number;
  initDone: boolean;
  last: string[];
}

const MAX_BODY_BYTES = 1_048_576;

function settings(ctx: PairlistContext) {
  const pl = ctx.pl;
  if (!('number_assets' in pl)) {
    throw new Error(
      '`number_assets` not specified. Please check your configuration for "pairlist.config.number_assets"',
    );
  }
  if (!('pairlist_url' in pl)) {
    throw new Error('`pairlist_url` not specified. Please check your configuration for "pairlist.config.pairlist_url"');
  }
  const mode = pl.mode ?? 'whitelist';
  const processing = pl.processing_mode ?? 'filter';
  if (mode !== 'whitelist' && mode !== 'blacklist') {
    throw new Error('`mode` not configured correctly. Supported Modes are "whitelist","blacklist"');
  }
  if (processing !== 'filter' && processing !== 'append') {
    throw new Error('`processing_mode` not configured correctly. Supported Modes are "filter","append"');
  }
  if (ctx.index === 0 && mode === 'blacklist') {
    throw new Error('A `blacklist` mode RemotePairList can not be on the first position of your pairlist.');
  }
  return {
    mode,
    processing,
    url: String(pl.pairlist_url ?? ''),
    numberAssets: num(pl.number_assets, 30),
    keepOnFailure: pl.keep_pairlist_on_failure !== false,
    readTimeoutMs: num(pl.read_timeout, 60) * 1000,
    bearer: typeof pl.bearer_token === 'string' ? pl.bearer_token : '',
    saveTo: typeof pl.save_to_file === 'string' && pl.save_to_file ? pl.save_to_file : undefined,
  };
}

function processJson(s: RemoteState, doc: unknown, ctx: PairlistContext): string[] {
  const obj = doc as { pairs?: unknown; refresh_period?: unknown };
  const pairs = obj.pairs ?? [];
  if (!Array.isArray(pairs) || pairs.some((p) => typeof p !== 'string'))
    throw new Error('pairs is not a list of strings');
  const remote = Math.trunc(Number(obj.refresh_period ?? s.refreshSecs));
  if (Number.isFinite(remote) && s.refreshSecs < remote) {
    ctx.logOnce(`Refresh Period has been increased from ${s.refreshSecs} to minimum allowed: ${remote} from Remote.`);
    s.refreshSecs = remote;
    s.cache = new TtlCache(remote * 1000);
  }
  s.initDone = true;
  return pairs as string[];
}

async function fetchDocument(ctx: PairlistContext, url: string, timeoutMs: number, bearer: string): Promise<unknown> {
  const headers: Record<string, string> = { 'User-Agent': 'tickhub Remotepairlist' };
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  const doFetch = ctx.input.fetch ?? fetch;
  let res: Response;
  try {
    res = await doFetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
  } catch {
    throw new RemoteError(`Was not able to fetch pairlist from: ${url}`);
  }
  if (!String(res.headers.get('content-type')).includes('application/json')) {
    await res.body?.cancel().catch(() => undefined);
    throw new RemoteError(`RemotePairList is not of type JSON. ${url}`);
  }
  const text = await res.text();
  if (text.length > MAX_BODY_BYTES) throw new RemoteError('Failed processing JSON data: body too large');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new RemoteError(`Failed processing JSON data: ${(e as Error).name}`);
  }
}

class RemoteError extends Error {}

async function generate(ctx: PairlistContext): Promise<string[]> {
  const cfg = settings(ctx);
  const s = ctx.state.slot<RemoteState>(`${ctx.index}:RemotePairList`, () => {
    const refreshSecs = num(ctx.pl.refresh_period, 1800);
    return { cache: new TtlCache(refreshSecs * 1000), refreshSecs, initDone: false, last: [] };
  });
  const now = ctx.input.now;
  const cached = s.initDone ? s.cache.get('pairlist', now) : undefined;
  if (cached) return [...cached];
  const onError = (error: string): string[] => {
    if (!s.initDone) throw new Error(error);
    ctx.logOnce(`Error: ${error}`);
    if (!cfg.keepOnFailure) return [];
    ctx.logOnce('Keeping last fetched pairlist');
    return s.last;
  };
  let pairs: string[];
  if (cfg.url.startsWith('file:///')) {
    const path = cfg.url.slice('file:///'.length);
    const read = ctx.input.readTextFile;
    if (!read) {
      pairs = onError(`${cfg.url}: local files are not available on this host.`);
    } else {
      let text: string | undefined;
      try {
        text = await read(path);
      } catch {
        pairs = onError(`${cfg.url} does not exist.`);
      }
      if (text !== undefined) {
        try {
          pairs = processJson(s, JSON.parse(text), ctx);
        } catch (e) {
          pairs = onError(`processing JSON data: ${(e as Error).name}`);
        }
      }
    }
  } else {
    try {
      pairs = processJson(s, await fetchDocument(ctx, cfg.url, cfg.readTimeoutMs, cfg.bearer), ctx);
    } catch (e) {
      pairs = onError(e instanceof RemoteError ? e.message : `Failed processing JSON data: ${(e as Error).name}`);
    }
  }
  pairs = expandBlacklist(pairs!, Object.keys(ctx.markets));
  pairs = pairs.filter((p) => ctx.tradable(p)).slice(0, cfg.numberAssets);
  s.cache.set('pairlist', [...pairs], now);
  ctx.logOnce('Fetched Pairlist.');
  s.last = [...pairs];
  if (cfg.saveTo && ctx.input.writeTextFile) {
    await ctx.input
      .writeTextFile(cfg.saveTo, JSON.stringify({ pairs }))
      .then(() => ctx.input.log.info(`Processed pairlist saved to ${cfg.saveTo}`))
      .catch((e: Error) => ctx.input.log.error(`Error saving processed pairlist to ${cfg.saveTo}: ${e.message}`));
  }
  return pairs;
}

export async function remotePairList(ctx: PairlistContext, pairs: string[]): Promise<string[]> {
  const remote = await generate(ctx);
  if (ctx.index === 0) return remote;
  const cfg = settings(ctx);
  let merged: string[];
  if (cfg.mode === 'whitelist') {
    merged = cfg.processing === 'filter' ? pairs.filter((p) => remote.includes(p)) : [...pairs, ...remote];
    merged = [...new Set(merged)];
  } else {
    const filtered = pairs.filter((p) => remote.includes(p));
    merged = pairs.filter((p) => !remote.includes(p));
    if (filtered.length > 0) ctx.logOnce(`Blacklist - Filtered out pairs: ${JSON.stringify(filtered)}`);
  }
  return merged.slice(0, cfg.numberAssets);
}
