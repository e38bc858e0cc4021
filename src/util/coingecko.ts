// CoinGecko as freqtrade's FtCoinGeckoApi reaches it: the public (demo) or pro base URL chosen by
// `coingecko.is_demo` and `api_key`, or tickhub's `coingecko.api_url` (tests, self-hosted
// mirrors). MarketCapPairList and the fiat converter share it. The key travels in a header, so it
// never appears in a URL that a log line or an error could print.

export interface CoinGeckoSettings {
  api_key?: string;
  is_demo?: boolean;
  api_url?: string;
}

export interface CoinGeckoSource {
  base: string;
  headers: Record<string, string>;
}

const PUBLIC_BASE = 'https://api.coingecko.com/api/v3';
const PRO_BASE = 'https://pro-api.coingecko.com/api/v3';

export function coinGeckoSource(settings: CoinGeckoSettings | undefined): CoinGeckoSource {
  const cg = settings ?? {};
  const isDemo = cg.is_demo !== false;
  const base = (cg.api_url || (isDemo || !cg.api_key ? PUBLIC_BASE : PRO_BASE)).replace(/\/+$/, '');
  const headers: Record<string, string> = { accept: 'application/json' };
  if (cg.api_key) headers[isDemo ? 'x-cg-demo-api-key' : 'x-cg-pro-api-key'] = cg.api_key;
  return { base, headers };
}

/** A non-2xx answer; `status` lets callers treat 429 (rate limit) apart. */
export class CoinGeckoHttpError extends Error {
  readonly status: number;
  constructor(status: number) {
    super(`CoinGecko answered ${status}`);
    this.status = status;
  }
}

/** GET `path` (with its query) from the source as JSON, aborted after `timeoutMs`. */
export async function coinGeckoJson(
  source: CoinGeckoSource,
  path: string,
  opts: { timeoutMs: number; fetch?: typeof fetch },
): Promise<unknown> {
  const res = await (opts.fetch ?? fetch)(`${source.base}${path}`, {
    headers: source.headers,
    signal: AbortSignal.timeout(opts.timeoutMs),
  });
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    throw new CoinGeckoHttpError(res.status);
  }
  return res.json();
}
