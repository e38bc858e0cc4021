// The fiat converter (freqtrade's CryptoToFiatConverter) against a loopback fake CoinGecko: the
// coin-id rules (freqtrade's fixed ids for duplicated symbols, ambiguous and unknown symbols),
// equal symbols, "usd" as the coin, the 6-hour cache, and failures: 0.0, logged once, never a
// long wait, asked again only after a minute.

import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SUPPORTED_FIAT } from '../../../src/config/fiat.ts';
import { FiatConverter } from '../../../src/util/fiat-convert.ts';
import { LogHub } from '../../../src/util/logger.ts';
import { COINS, type FakeCoinGecko, startFakeCoinGecko } from '../../support/fake-coingecko.ts';

const PRICES = {
  bitcoin: { usd: 100_000, eur: 92_000 },
  'osmosis-allbtc': { usd: 1 },
  ethereum: { usd: 3_000, eur: 2_760 },
  tether: { usd: 0.9998, eur: 0.92 },
  cardano: { usd: 0.5 },
  'stasis-eurs': { usd: 1.25 },
};

let cg: FakeCoinGecko;
let now = 1_700_000_000_000;
let logs: LogHub;

function converter(extra: Partial<ConstructorParameters<typeof FiatConverter>[0]> = {}) {
  logs = new LogHub(() => now);
  return new FiatConverter({
    settings: () => ({ api_url: cg.url, api_key: 'demo-key-123456' }),
    supportedFiat: SUPPORTED_FIAT,
    log: logs.logger('tickhub.fiat_convert'),
    now: () => now,
    ...extra,
  });
}
const logLines = () => logs.recent().map((r) => `${r[3]} ${r[4]}`);

beforeAll(async () => {
  cg = await startFakeCoinGecko(COINS, PRICES);
});
afterAll(() => cg.close());
beforeEach(() => {
  cg.answer = 'ok';
  cg.requests.length = 0;
  cg.headers.length = 0;
});

describe('coin ids as freqtrade maps them', () => {
  it('takes the fixed id for a duplicated symbol, the only id for a unique one, none for ambiguous or unknown ones', async () => {
    const fiat = converter();
    // btc, eth and usdt are listed twice: freqtrade's mapping picks bitcoin, ethereum, tether.
    expect(await fiat.getPrice('BTC', 'USD')).toBe(100_000);
    expect(await fiat.getPrice('ETH', 'EUR')).toBe(2_760);
    expect(await fiat.getPrice('USDT', 'EUR')).toBe(0.92);
    expect(await fiat.getPrice('ADA', 'USD')).toBe(0.5);
    expect(await fiat.getPrice('DUP', 'USD')).toBe(0);
    expect(await fiat.getPrice('NOPE', 'USD')).toBe(0);
    // The coin list is loaded once; each price is one /simple/price request by id.
    expect(cg.requests).toEqual([
      '/api/v3/coins/list',
      '/api/v3/simple/price?ids=bitcoin&vs_currencies=usd',
      '/api/v3/simple/price?ids=ethereum&vs_currencies=eur',
      '/api/v3/simple/price?ids=tether&vs_currencies=eur',
      '/api/v3/simple/price?ids=cardano&vs_currencies=usd',
    ]);
    expect(cg.headers[0]['x-cg-demo-api-key']).toBe('demo-key-123456');
    expect(logLines()).toContain('WARNING Found multiple mappings in CoinGecko for dup.');
    expect(logLines()).toContain('WARNING unsupported crypto-symbol DUP - returning 0.0');
    expect(logLines()).toContain('WARNING unsupported crypto-symbol NOPE - returning 0.0');
  });

  it('converts amounts: equal symbols unchanged without a request, USDT to USD at tether’s price, "usd" as the coin inverted', async () => {
    const fiat = converter();
    expect(await fiat.convertAmount(123.45, 'USD', 'USD')).toBe(123.45);
    expect(cg.requests).toEqual([]);
    // freqtrade compares the symbols as given: USDT is not USD, it is priced as tether.
    expect(await fiat.convertAmount(250, 'USDT', 'USD')).toBe(250 * 0.9998);
    // CoinGecko's "usd" is a token: freqtrade asks for the fiat's coin in usd and inverts it.
    expect(await fiat.getPrice('USD', 'EUR')).toBe(1 / 1.25);
    expect(cg.requests.at(-1)).toBe('/api/v3/simple/price?ids=stasis-eurs&vs_currencies=usd');
    await expect(fiat.getPrice('BTC', 'XYZ')).rejects.toThrow('The fiat xyz is not supported.');
  });

  it('property: any amount converts as amount × the cached price, or unchanged between equal symbols', async () => {
    const fiat = converter();
    await fiat.getPrice('USDT', 'EUR');
    const asked = cg.requests.length;
    await fc.assert(
      fc.asyncProperty(fc.double({ min: -1e12, max: 1e12, noNaN: true }), async (amount) => {
        expect(await fiat.convertAmount(amount, 'USDT', 'EUR')).toBe(amount * 0.92);
        expect(await fiat.convertAmount(amount, 'EUR', 'EUR')).toBe(amount);
      }),
      { numRuns: 200 },
    );
    expect(cg.requests.length).toBe(asked);
  });

  it('keeps a price 6 hours', async () => {
    const fiat = converter();
    const version = fiat.version;
    expect(await fiat.getPrice('BTC', 'USD')).toBe(100_000);
    expect(fiat.version).toBe(version + 1);
    const asked = cg.requests.length;
    now += 6 * 3_600_000 - 1;
    expect(await fiat.getPrice('BTC', 'USD')).toBe(100_000);
    expect(cg.requests.length).toBe(asked);
    now += 2;
    cg.prices.bitcoin.usd = 101_000;
    expect(await fiat.getPrice('BTC', 'USD')).toBe(101_000);
    expect(cg.requests.at(-1)).toBe('/api/v3/simple/price?ids=bitcoin&vs_currencies=usd');
    cg.prices.bitcoin.usd = 100_000;
  });
});

describe('when CoinGecko fails', () => {
  it('gives 0.0, logs the failure once, and asks again only after a minute', async () => {
    const fiat = converter();
    cg.answer = 500;
    expect(await fiat.getPrice('BTC', 'USD')).toBe(0);
    expect(await fiat.getPrice('ETH', 'USD')).toBe(0);
    // The coin list failed once; within the minute nothing more is asked.
    expect(cg.requests).toEqual(['/api/v3/coins/list']);
    const errors = logLines().filter((l) => l.startsWith('ERROR Could not load FIAT Cryptocurrency map'));
    expect(errors).toEqual([
      'ERROR Could not load FIAT Cryptocurrency map for the following problem: CoinGecko answered 500',
    ]);
    cg.answer = 'ok';
    now += 61_000;
    expect(await fiat.getPrice('BTC', 'USD')).toBe(100_000);
    // A failing price request: 0.0, "Error in _find_price" once.
    cg.answer = 502;
    expect(await fiat.getPrice('ETH', 'USD')).toBe(0);
    expect(await fiat.getPrice('ETH', 'USD')).toBe(0);
    expect(cg.requests.filter((r) => r.includes('ids=ethereum'))).toHaveLength(1);
    expect(logLines().filter((l) => l.startsWith('ERROR Error in _find_price'))).toEqual([
      'ERROR Error in _find_price: CoinGecko answered 502',
    ]);
  });

  it('backs off on 429 with freqtrade’s warning', async () => {
    const fiat = converter();
    cg.answer = 429;
    expect(await fiat.getPrice('BTC', 'USD')).toBe(0);
    expect(logLines()).toContain('WARNING Too many requests for CoinGecko API, backing off and trying again later.');
  });

  it('never keeps a caller longer than waitMs when CoinGecko does not answer; the request is aborted at timeoutMs', async () => {
    const fiat = converter({ waitMs: 200, timeoutMs: 600 });
    cg.answer = 'hang';
    const started = performance.now();
    expect(await fiat.convertAmount(100, 'USDT', 'EUR')).toBe(0);
    expect(performance.now() - started).toBeLessThan(1_500);
    // The fetch is aborted by its timeout and logged; later callers get 0.0 at once.
    await new Promise((r) => setTimeout(r, 900));
    expect(logLines().some((l) => l.startsWith('ERROR Could not load FIAT Cryptocurrency map'))).toBe(true);
    const again = performance.now();
    expect(await fiat.convertAmount(100, 'USDT', 'EUR')).toBe(0);
    expect(performance.now() - again).toBeLessThan(100);
    expect(cg.requests).toEqual(['/api/v3/coins/list']);
  });
});
