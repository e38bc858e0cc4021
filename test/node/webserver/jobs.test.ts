// Webserver mode's background jobs with FreqUI's exact request bodies (src/components/ftbot/
// DownloadDataMain.vue, src/stores/pairlistConfig.ts): download_data into the candle store with
// progress, pairlist evaluation, the job list and clear (2.49), markets, and the read-only rules.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackgroundTaskStatus, BgJobStarted, Markets, PairlistsAvailable } from '../../../src/api/wire/index.ts';
import { candleBounds } from '../../../src/db/repo/candles.ts';
import { startTestWebserver, type TestWebserver, waitForJob } from '../../support/webserver.ts';
import { READONLY_CONFIG, RO_BASIC } from '../security/support.ts';

let server: TestWebserver;
beforeAll(async () => {
  server = await startTestWebserver(READONLY_CONFIG);
});
afterAll(async () => {
  await server.close();
});

const DAY = 86_400_000;

describe('POST /download_data', () => {
  it('downloads pairs × timeframes with progress; a second download waits its turn', async () => {
    // DownloadDataMain.vue, advanced options closed: pairs, timeframes, days
    const body = { pairs: ['BTC/USDT', 'ETH/USDT'], timeframes: ['5m', '1h'], days: 20 };
    const started = await server.call('POST', '/api/v1/download_data', body);
    expect(started.status).toBe(200);
    const { job_id } = BgJobStarted.parse(started.json);
    expect(started.json.status).toBe('Data Download started in background.');
    const again = await server.call('POST', '/api/v1/download_data', body);
    expect(again).toEqual({ status: 400, json: { detail: 'Data Download is already running.' } });

    const listed = await server.call('GET', '/api/v1/background');
    expect(listed.json.map((j: { job_id: string }) => j.job_id)).toContain(job_id);

    const done = BackgroundTaskStatus.parse(await waitForJob(server, job_id));
    expect(done).toMatchObject({ job_category: 'download_data', status: 'success', running: false, error: null });
    expect(done.progress_tasks?.['0']).toEqual({
      progress: 4,
      total: 4,
      description: 'Downloading data for 2 pair(s)',
    });
    expect(done.progress_tasks?.['1']?.description).toBe('ETH/USDT 1h');

    const pairs = await server.call('GET', '/api/v1/available_pairs');
    expect(pairs.json.pairs).toEqual(['BTC/USDT', 'ETH/USDT']);
    const b = await candleBounds(server.deps.db, { pair: 'BTC/USDT', timeframe: '1h', candleType: 'spot' });
    const now = Date.now();
    expect(b?.first).toBeGreaterThanOrEqual(now - 20 * DAY - 3_600_000);
    expect(b?.first).toBeLessThanOrEqual(now - 20 * DAY + 3_600_000);
    expect(now - (b?.last ?? 0)).toBeLessThan(2 * 3_600_000);
  });

  it('prepend_data (2.46) extends stored data backwards; erase starts over; candle_types (2.44)', async () => {
    const key = { pair: 'SOL/USDT', timeframe: '1h', candleType: 'spot' };
    const first = await server.call('POST', '/api/v1/download_data', {
      pairs: ['SOL/USDT'],
      timeframes: ['1h'],
      days: 2,
    });
    await waitForJob(server, first.json.job_id);
    const before = await candleBounds(server.deps.db, key);
    expect(before).toBeDefined();

    // advanced options open: erase, download_trades, candle_types, prepend_data, a custom timerange
    const start = new Date(Date.now() - 6 * DAY);
    const ymd = start.toISOString().slice(0, 10).replaceAll('-', '');
    const prepend = await server.call('POST', '/api/v1/download_data', {
      pairs: ['SOL/USDT'],
      timeframes: ['1h'],
      timerange: `${ymd}-`,
      erase: false,
      download_trades: false,
      candle_types: ['spot'],
      prepend_data: true,
    });
    expect(prepend.status).toBe(200);
    await waitForJob(server, prepend.json.job_id);
    const after = await candleBounds(server.deps.db, key);
    expect(after?.first).toBe(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()));
    expect(after?.last).toBe(before?.last);

    const erase = await server.call('POST', '/api/v1/download_data', {
      pairs: ['SOL/USDT'],
      timeframes: ['1h'],
      days: 1,
      erase: true,
    });
    await waitForJob(server, erase.json.job_id);
    const erased = await candleBounds(server.deps.db, key);
    expect(erased?.first).toBeGreaterThan(Date.now() - DAY - 3_600_000);
  });

  it('rejects days with a timerange (422) and reports a bad pair as a failed job', async () => {
    const both = await server.call('POST', '/api/v1/download_data', {
      pairs: ['BTC/USDT'],
      timeframes: ['5m'],
      days: 3,
      timerange: '20240101-',
    });
    expect(both.status).toBe(422);
    expect(both.json.detail[0].msg).toBe('Value error, Only one of timeframes or days can be provided, not both.');
    const missing = await server.call('POST', '/api/v1/download_data', { timeframes: ['5m'] });
    expect(missing.status).toBe(422);
    expect(missing.json.detail[0]).toMatchObject({ type: 'missing', loc: ['body', 'pairs'] });

    const bad = await server.call('POST', '/api/v1/download_data', {
      pairs: ['NOPE/USDT'],
      timeframes: ['5m'],
      days: 1,
    });
    const failed = await waitForJob(server, bad.json.job_id);
    expect(failed).toMatchObject({ status: 'failed', running: false });
    expect(failed.error).toContain('NOPE/USDT');
  });
});

describe('pairlists', () => {
  it('/pairlists/available lists the handlers with freqtrade-style parameters', async () => {
    const r = await server.call('GET', '/api/v1/pairlists/available');
    const { pairlists } = PairlistsAvailable.parse(r.json);
    const names = pairlists.map((p) => p.name);
    expect(names).toEqual([...names].sort());
    const volume = pairlists.find((p) => p.name === 'VolumePairList');
    expect(volume?.is_pairlist_generator).toBe(true);
    expect(volume?.params.number_assets).toMatchObject({ type: 'number', default: 30 });
  });

  it('evaluates a pairlist config (FreqUI body) in the background', async () => {
    const body = {
      pairlists: [
        { method: 'VolumePairList', number_assets: 3 },
        { method: 'OffsetFilter', offset: 1 },
      ],
      stake_currency: 'USDT',
      blacklist: ['BTC/.*'],
    };
    const started = await server.call('POST', '/api/v1/pairlists/evaluate', body);
    expect(started.json.status).toBe('Pairlist evaluation started in background.');
    const done = await waitForJob(server, started.json.job_id);
    expect(done).toMatchObject({ job_category: 'pairlist', status: 'success' });
    const result = await server.call('GET', `/api/v1/pairlists/evaluate/${started.json.job_id}`);
    expect(result.status).toBe(200);
    expect(result.json.status).toBe('success');
    expect(result.json.result.method).toEqual(['VolumePairList', 'OffsetFilter']);
    expect(result.json.result.whitelist).toHaveLength(2);
    expect(result.json.result.length).toBe(2);
    expect(result.json.result.whitelist.some((p: string) => p.startsWith('BTC/'))).toBe(false);

    const unsupported = await server.call('POST', '/api/v1/pairlists/evaluate', {
      pairlists: [{ method: 'PercentChangePairList' }],
      stake_currency: 'USDT',
      blacklist: [],
    });
    await waitForJob(server, unsupported.json.job_id);
    const failed = await server.call('GET', `/api/v1/pairlists/evaluate/${unsupported.json.job_id}`);
    expect(failed.json.status).toBe('failed');
    expect(failed.json.error).toContain('PercentChangePairList');
    expect(await server.call('GET', '/api/v1/pairlists/evaluate/nope')).toEqual({
      status: 404,
      json: { detail: 'Job not found.' },
    });
  });
});

describe('background jobs and lists', () => {
  it('GET /background/{id} 404s unknown jobs; DELETE /background/clear keeps running ones only', async () => {
    expect(await server.call('GET', '/api/v1/background/nope')).toEqual({
      status: 404,
      json: { detail: 'Job not found.' },
    });
    expect((await server.call('GET', '/api/v1/background')).json.length).toBeGreaterThan(0);
    const started = await server.call('POST', '/api/v1/download_data', {
      pairs: ['ETH/USDT'],
      timeframes: ['1m'],
      days: 8,
    });
    // the API keeps answering while the job runs (the job is still running after the answers)
    expect((await server.call('GET', '/api/v1/ping')).json).toEqual({ status: 'pong' });
    expect((await server.call('GET', `/api/v1/background/${started.json.job_id}`)).json.running).toBe(true);
    const cleared = await server.call('DELETE', '/api/v1/background/clear');
    expect(cleared.status).toBe(200);
    expect(cleared.json.map((j: { job_id: string }) => j.job_id)).toEqual([started.json.job_id]);
    expect(cleared.json[0].running).toBe(true);
    await waitForJob(server, started.json.job_id, 60_000);
    expect((await server.call('DELETE', '/api/v1/background/clear')).json).toEqual([]);
    expect((await server.call('GET', '/api/v1/background')).json).toEqual([]);
  }, 90_000);

  it("/markets answers the selected exchange's markets, filtered by quote/base", async () => {
    const r = await server.call('GET', '/api/v1/markets?exchange=offline&trading_mode=spot&margin_mode=');
    const markets = Markets.parse(r.json);
    expect(markets.exchange_id).toBe('offline');
    expect(markets.markets['BTC/USDT']).toMatchObject({ symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', spot: true });
    const btc = await server.call('GET', '/api/v1/markets?base=BTC');
    expect(Object.values(btc.json.markets).every((m: any) => m.base === 'BTC')).toBe(true);
  });

  it('the read-only user reads jobs but starts or clears none', async () => {
    const headers = { authorization: RO_BASIC, 'content-type': 'application/json' };
    const list = await fetch(`${server.url}/api/v1/background`, { headers });
    expect(list.status).toBe(200);
    for (const [method, path, body] of [
      ['POST', '/api/v1/download_data', { pairs: ['BTC/USDT'], days: 1 }],
      [
        'POST',
        '/api/v1/pairlists/evaluate',
        { pairlists: [{ method: 'StaticPairList' }], blacklist: [], stake_currency: 'USDT' },
      ],
      ['DELETE', '/api/v1/background/clear', undefined],
    ] as const) {
      const r = await fetch(server.url + path, { method, headers, body: body && JSON.stringify(body) });
      expect(r.status, `${method} ${path}`).toBe(403);
    }
  });

  it('the OpenAPI document of webserver mode describes the job routes', async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    for (const p of [
      '/api/v1/download_data',
      '/api/v1/background/{jobid}',
      '/api/v1/background/clear',
      '/api/v1/markets',
    ]) {
      expect(doc.paths[p], p).toBeDefined();
    }
  });
});
