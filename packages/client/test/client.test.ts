import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  FtRestClient,
  TickhubClient,
  TickhubConnectionError,
  TickhubHttpError,
  TickhubTimeoutError,
  TickhubValidationError,
} from '../src/index.ts';
import { basic, closedPort, FakeApi } from './helpers.ts';

const api = new FakeApi();
let client: TickhubClient;

beforeAll(async () => {
  await api.start();
});
afterAll(() => api.stop());
beforeEach(() => {
  api.reset();
  client = new TickhubClient(api.url, 'Freqtrader', 'SuperSecret1!');
});

type Call = [
  name: string,
  call: (c: TickhubClient) => Promise<unknown>,
  method: string,
  path: string,
  query?: Record<string, string | string[]>,
  body?: unknown,
];

const calls: Call[] = [
  ['ping', (c) => c.ping(), 'GET', '/api/v1/ping'],
  ['version', (c) => c.version(), 'GET', '/api/v1/version'],
  ['show_config', (c) => c.show_config(), 'GET', '/api/v1/show_config'],
  ['balance', (c) => c.balance(), 'GET', '/api/v1/balance'],
  ['count', (c) => c.count(), 'GET', '/api/v1/count'],
  ['profit', (c) => c.profit(), 'GET', '/api/v1/profit'],
  ['profit_all', (c) => c.profit_all(), 'GET', '/api/v1/profit_all'],
  ['stats', (c) => c.stats(), 'GET', '/api/v1/stats'],
  ['daily', (c) => c.daily(), 'GET', '/api/v1/daily', {}],
  ['daily 3', (c) => c.daily(3), 'GET', '/api/v1/daily', { timescale: '3' }],
  ['weekly 2', (c) => c.weekly(2), 'GET', '/api/v1/weekly', { timescale: '2' }],
  ['monthly 5', (c) => c.monthly(5), 'GET', '/api/v1/monthly', { timescale: '5' }],
  ['performance', (c) => c.performance(), 'GET', '/api/v1/performance'],
  ['entries', (c) => c.entries(), 'GET', '/api/v1/entries', {}],
  ['entries pair', (c) => c.entries('ETH/BTC'), 'GET', '/api/v1/entries', { pair: 'ETH/BTC' }],
  ['exits pair', (c) => c.exits('ETH/BTC'), 'GET', '/api/v1/exits', { pair: 'ETH/BTC' }],
  ['mix_tags pair', (c) => c.mix_tags('ETH/BTC'), 'GET', '/api/v1/mix_tags', { pair: 'ETH/BTC' }],
  ['status', (c) => c.status(), 'GET', '/api/v1/status'],
  ['trades', (c) => c.trades(), 'GET', '/api/v1/trades', {}],
  [
    'trades paged',
    (c) => c.trades(50, 100, false),
    'GET',
    '/api/v1/trades',
    { limit: '50', offset: '100', order_by_id: 'false' },
  ],
  ['trade', (c) => c.trade(12), 'GET', '/api/v1/trade/12'],
  ['delete_trade', (c) => c.delete_trade(12), 'DELETE', '/api/v1/trades/12'],
  ['cancel_open_order', (c) => c.cancel_open_order(12), 'DELETE', '/api/v1/trades/12/open-order'],
  ['trade_reload', (c) => c.trade_reload(12), 'POST', '/api/v1/trades/12/reload'],
  [
    'custom_data open',
    (c) => c.custom_data(undefined, 'k', 10),
    'GET',
    '/api/v1/trades/open/custom-data',
    { key: 'k', limit: '10' },
  ],
  ['custom_data trade', (c) => c.custom_data(3), 'GET', '/api/v1/trades/3/custom-data', {}],
  [
    'forceenter',
    (c) =>
      c.forceenter('BTC/USDT', 'short', 1.5, { order_type: 'limit', stake_amount: 20, leverage: 3, enter_tag: 'tag' }),
    'POST',
    '/api/v1/forceenter',
    {},
    { pair: 'BTC/USDT', side: 'short', price: 1.5, ordertype: 'limit', stakeamount: 20, leverage: 3, entry_tag: 'tag' },
  ],
  [
    'forceenter minimal',
    (c) => c.forceenter('BTC/USDT'),
    'POST',
    '/api/v1/forceenter',
    {},
    { pair: 'BTC/USDT', side: 'long' },
  ],
  ['forcebuy', (c) => c.forcebuy('ETH/BTC', 0.05), 'POST', '/api/v1/forcebuy', {}, { pair: 'ETH/BTC', price: 0.05 }],
  [
    'forceexit',
    (c) => c.forceexit(5, 'market', 23),
    'POST',
    '/api/v1/forceexit',
    {},
    { tradeid: 5, ordertype: 'market', amount: 23 },
  ],
  ['forceexit all', (c) => c.forceexit('all'), 'POST', '/api/v1/forceexit', {}, { tradeid: 'all' }],
  [
    'forceexit price',
    (c) => c.forceexit(5, 'limit', null, 99.5),
    'POST',
    '/api/v1/forceexit',
    {},
    { tradeid: 5, ordertype: 'limit', price: 99.5 },
  ],
  ['whitelist', (c) => c.whitelist(), 'GET', '/api/v1/whitelist'],
  ['blacklist show', (c) => c.blacklist(), 'GET', '/api/v1/blacklist'],
  [
    'blacklist add',
    (c) => c.blacklist('BNB/BTC', 'XRP/.*'),
    'POST',
    '/api/v1/blacklist',
    {},
    { blacklist: ['BNB/BTC', 'XRP/.*'] },
  ],
  [
    'delete_blacklist',
    (c) => c.delete_blacklist('A/B', 'C/D'),
    'DELETE',
    '/api/v1/blacklist',
    { pairs_to_delete: ['A/B', 'C/D'] },
  ],
  ['locks', (c) => c.locks(), 'GET', '/api/v1/locks'],
  [
    'lock_add',
    (c) => c.lock_add('ETH/BTC', '2024-03-30 16:00:00Z', '*', 'manual'),
    'POST',
    '/api/v1/locks',
    {},
    [{ pair: 'ETH/BTC', until: '2024-03-30 16:00:00Z', side: '*', reason: 'manual' }],
  ],
  ['delete_lock', (c) => c.delete_lock(7), 'DELETE', '/api/v1/locks/7'],
  ['delete_locks', (c) => c.delete_locks('ETH/BTC'), 'POST', '/api/v1/locks/delete', {}, { pair: 'ETH/BTC' }],
  ['start', (c) => c.start(), 'POST', '/api/v1/start'],
  ['stop', (c) => c.stop(), 'POST', '/api/v1/stop'],
  ['stopbuy', (c) => c.stopbuy(), 'POST', '/api/v1/stopbuy'],
  ['stopentry', (c) => c.stopentry(), 'POST', '/api/v1/stopentry'],
  ['pause', (c) => c.pause(), 'POST', '/api/v1/pause'],
  ['reload_config', (c) => c.reload_config(), 'POST', '/api/v1/reload_config'],
  ['logs', (c) => c.logs(20), 'GET', '/api/v1/logs', { limit: '20' }],
  ['sysinfo', (c) => c.sysinfo(), 'GET', '/api/v1/sysinfo'],
  ['health', (c) => c.health(), 'GET', '/api/v1/health'],
  ['edge', (c) => c.edge(), 'GET', '/api/v1/edge'],
  [
    'pair_candles',
    (c) => c.pair_candles('ETH/BTC', '5m', 10),
    'GET',
    '/api/v1/pair_candles',
    { pair: 'ETH/BTC', timeframe: '5m', limit: '10' },
  ],
  [
    'pair_candles columns',
    (c) => c.pair_candles('ETH/BTC', '5m', undefined, ['rsi']),
    'POST',
    '/api/v1/pair_candles',
    {},
    { pair: 'ETH/BTC', timeframe: '5m', columns: ['rsi'] },
  ],
  [
    'pair_history',
    (c) => c.pair_history('ETH/BTC', '5m', 'SampleStrategy', '20240101-20240201'),
    'GET',
    '/api/v1/pair_history',
    { pair: 'ETH/BTC', timeframe: '5m', strategy: 'SampleStrategy', timerange: '20240101-20240201' },
  ],
  [
    'pair_history columns',
    (c) => c.pair_history('ETH/BTC', '5m', 'S', undefined, 'M', ['rsi']),
    'POST',
    '/api/v1/pair_history',
    {},
    { pair: 'ETH/BTC', timeframe: '5m', strategy: 'S', timerange: '', freqaimodel: 'M', columns: ['rsi'] },
  ],
  ['plot_config', (c) => c.plot_config('S'), 'GET', '/api/v1/plot_config', { strategy: 'S' }],
  [
    'available_pairs',
    (c) => c.available_pairs(undefined, 'USDT'),
    'GET',
    '/api/v1/available_pairs',
    { stake_currency: 'USDT' },
  ],
  ['strategies', (c) => c.strategies(), 'GET', '/api/v1/strategies'],
  ['strategy', (c) => c.strategy('SampleStrategy'), 'GET', '/api/v1/strategy/SampleStrategy'],
  ['exchanges', (c) => c.exchanges(), 'GET', '/api/v1/exchanges'],
  ['hyperoptloss', (c) => c.hyperoptloss(), 'GET', '/api/v1/hyperoptloss'],
  ['freqaimodels', (c) => c.freqaimodels(), 'GET', '/api/v1/freqaimodels'],
  ['pairlists_available', (c) => c.pairlists_available(), 'GET', '/api/v1/pairlists/available'],
];

describe('TickhubClient requests', () => {
  it.each(calls)('%s', async (_name, call, method, path, query, body) => {
    api.handler = () => ({ body: { ok: true } });
    await expect(call(client)).resolves.toEqual({ ok: true });
    const request = api.last;
    expect(request.method).toBe(method);
    expect(request.path).toBe(path);
    if (query) {
      const actual: Record<string, string | string[]> = {};
      for (const key of new Set(request.query.keys())) {
        const values = request.query.getAll(key);
        actual[key] = values.length > 1 ? values : values[0];
      }
      expect(actual).toEqual(query);
    }
    expect(request.body).toEqual(body);
    if (body !== undefined) expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers.accept).toBe('application/json');
    if (path === '/api/v1/ping') expect(request.headers.authorization).toBeUndefined();
    else expect(request.headers.authorization).toBe(basic('Freqtrader', 'SuperSecret1!'));
    expect(request.rawBody).not.toContain('None');
  });

  it('never sends unset query values', async () => {
    await client.available_pairs();
    expect(api.last.query.toString()).toBe('');
  });

  it('encodes UTF-8 credentials and path segments', async () => {
    await new TickhubClient(`${api.url}/`, 'üser', 'pässword').strategy('My Strategy');
    expect(api.last.headers.authorization).toBe(basic('üser', 'pässword'));
    expect(api.last.path).toBe('/api/v1/strategy/My%20Strategy');
  });

  it('sends no Authorization header without credentials', async () => {
    await new TickhubClient(api.url).version();
    expect(api.last.headers.authorization).toBeUndefined();
  });

  it('FtRestClient is the same class', () => {
    expect(FtRestClient).toBe(TickhubClient);
  });
});

describe('tokens', () => {
  const tokenServer = (validAccess: () => string) => {
    let issued = 0;
    api.handler = (request) => {
      const auth = request.headers.authorization ?? '';
      if (request.path === '/api/v1/token/login') {
        if (auth !== basic('Freqtrader', 'SuperSecret1!'))
          return { status: 401, body: { detail: 'Incorrect username or password' } };
        return { body: { access_token: 'access-0', refresh_token: 'refresh-0' } };
      }
      if (request.path === '/api/v1/token/refresh') {
        if (auth !== 'Bearer refresh-0') return { status: 401, body: { detail: 'Could not validate credentials' } };
        issued++;
        return { body: { access_token: `access-${issued}` } };
      }
      if (auth !== `Bearer ${validAccess()}`)
        return { status: 401, body: { detail: 'Could not validate credentials' } };
      return { body: { version: '1.0' } };
    };
  };

  it('login stores the tokens and then uses Bearer', async () => {
    tokenServer(() => 'access-0');
    await expect(client.login()).resolves.toEqual({ access_token: 'access-0', refresh_token: 'refresh-0' });
    expect(api.last.method).toBe('POST');
    expect(api.last.headers.authorization).toBe(basic('Freqtrader', 'SuperSecret1!'));
    expect(client.accessToken).toBe('access-0');
    await expect(client.version()).resolves.toEqual({ version: '1.0' });
    expect(api.last.headers.authorization).toBe('Bearer access-0');
  });

  it('refreshes once on 401 and retries the request', async () => {
    let valid = 'access-0';
    tokenServer(() => valid);
    await client.login();
    valid = 'access-1'; // the access token "expired"
    await expect(client.version()).resolves.toEqual({ version: '1.0' });
    const paths = api.requests.map((r) => `${r.method} ${r.path} ${r.headers.authorization}`);
    expect(paths.slice(1)).toEqual([
      'GET /api/v1/version Bearer access-0',
      'POST /api/v1/token/refresh Bearer refresh-0',
      'GET /api/v1/version Bearer access-1',
    ]);
    expect(client.accessToken).toBe('access-1');
  });

  it('parallel requests share one refresh', async () => {
    let valid = 'access-0';
    tokenServer(() => valid);
    await client.login();
    valid = 'access-1';
    const results = await Promise.all([client.version(), client.version(), client.version()]);
    expect(results).toEqual([{ version: '1.0' }, { version: '1.0' }, { version: '1.0' }]);
    expect(api.requests.filter((r) => r.path === '/api/v1/token/refresh')).toHaveLength(1);
  });

  it('gives up after one refresh when the retried request is still unauthorized', async () => {
    tokenServer(() => 'never-valid');
    await client.login();
    const error = await client.version().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TickhubHttpError);
    expect((error as TickhubHttpError).status).toBe(401);
    expect(api.requests.filter((r) => r.path === '/api/v1/token/refresh')).toHaveLength(1);
  });

  it('clears the tokens when the refresh token is rejected', async () => {
    tokenServer(() => 'access-0');
    client.setTokens('stale', 'bad-refresh');
    const error = await client.version().catch((e: unknown) => e);
    expect((error as TickhubHttpError).detail).toBe('Could not validate credentials');
    expect(client.accessToken).toBeUndefined();
  });

  it('does not refresh on 401 without tokens (Basic auth)', async () => {
    api.handler = () => ({ status: 401, body: { detail: 'Unauthorized' } });
    await expect(client.version()).rejects.toThrow('401 Unauthorized');
    expect(api.requests).toHaveLength(1);
  });

  it('login with wrong credentials throws the detail', async () => {
    tokenServer(() => 'access-0');
    await expect(new TickhubClient(api.url, 'x', 'y').login()).rejects.toThrow('401 Incorrect username or password');
  });
});

describe('errors', () => {
  it('maps an RPC error body', async () => {
    api.handler = () => ({ status: 502, body: { error: 'Error querying /api/v1/count: trader is not running' } });
    const error = (await client.count().catch((e: unknown) => e)) as TickhubHttpError;
    expect(error).toBeInstanceOf(TickhubHttpError);
    expect(error.status).toBe(502);
    expect(error.detail).toBe('Error querying /api/v1/count: trader is not running');
    expect(error.body).toEqual({ error: 'Error querying /api/v1/count: trader is not running' });
    expect(error.message).toBe('502 Error querying /api/v1/count: trader is not running');
  });

  it('maps a FastAPI 404 detail', async () => {
    api.handler = () => ({ status: 404, body: { detail: 'Trade not found.' } });
    await expect(client.trade(99)).rejects.toMatchObject({ status: 404, detail: 'Trade not found.' });
  });

  it('maps a 422 validation list', async () => {
    api.handler = () => ({
      status: 422,
      body: {
        detail: [
          { type: 'missing', loc: ['query', 'pair'], msg: 'Field required', input: null },
          { type: 'int_parsing', loc: ['query', 'limit'], msg: 'Input should be a valid integer', input: 'x' },
        ],
      },
    });
    await expect(client.pair_candles('', '5m')).rejects.toMatchObject({
      status: 422,
      detail: 'query.pair: Field required; query.limit: Input should be a valid integer',
    });
  });

  it('times out', async () => {
    api.handler = () => ({ delayMs: 2_000, body: {} });
    const slow = new TickhubClient(api.url, undefined, undefined, { timeoutMs: 100 });
    const error = await slow.version().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TickhubTimeoutError);
    expect((error as TickhubTimeoutError).timeoutMs).toBe(100);
  });

  it('reports a refused connection', async () => {
    const port = await closedPort();
    const error = await new TickhubClient(`http://127.0.0.1:${port}`).version().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TickhubConnectionError);
    expect((error as Error).message).toBe(`could not connect to http://127.0.0.1:${port}`);
  });

  it('uses a custom fetch', async () => {
    const seen: string[] = [];
    const custom = new TickhubClient('http://bot.invalid', 'u', 'p', {
      fetch: async (input) => {
        seen.push(input);
        return new Response('{"status":"pong"}', { status: 200 });
      },
    });
    await expect(custom.ping()).resolves.toEqual({ status: 'pong' });
    expect(seen).toEqual(['http://bot.invalid/api/v1/ping']);
  });
});

describe('validate option', () => {
  it('passes a matching response through unchanged (extra keys kept)', async () => {
    api.handler = () => ({ body: { current: 1, max: -1, total_stake: 10.5, extra: 'kept' } });
    const strict = new TickhubClient(api.url, 'u', 'p', { validate: true });
    await expect(strict.count()).resolves.toEqual({ current: 1, max: -1, total_stake: 10.5, extra: 'kept' });
  });

  it('throws TickhubValidationError on a mismatch', async () => {
    api.handler = () => ({ body: { current: 1.5, max: -1, total_stake: 10.5 } });
    const strict = new TickhubClient(api.url, 'u', 'p', { validate: true });
    const error = await strict.count().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TickhubValidationError);
    expect((error as Error).message).toContain('current');
  });

  it('does not validate by default', async () => {
    api.handler = () => ({ body: { current: 'x' } });
    await expect(client.count()).resolves.toEqual({ current: 'x' });
  });
});
