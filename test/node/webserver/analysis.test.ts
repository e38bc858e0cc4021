// Webserver mode's lookahead and recursive analysis (API 2.49) with FreqUI's exact request bodies
// (LookaheadAnalysisForm.vue, RecursiveAnalysisForm.vue, stores/ftbot.ts): candles downloaded
// through /download_data, the job listed in /background and polled to completion as FreqUI's
// pollBgJob does, then the result read from /{kind}/{job_id}. A strategy that reads the next
// candle is flagged; MaCrossStrategy is not; its EMAs move with the startup length.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BackgroundTaskStatus,
  BgJobStarted,
  LookaheadAnalysisResponse,
  RecursiveAnalysisResponse,
} from '../../../src/api/wire/index.ts';
import { REPO_ROOT } from '../../support/process.ts';
import { startTestWebserver, type TestWebserver, waitForJob } from '../../support/webserver.ts';
import { READONLY_CONFIG, RO_BASIC } from '../security/support.ts';

let server: TestWebserver;
const DAY = 86_400_000;
const ymd = (ms: number) => new Date(ms).toISOString().slice(0, 10).replaceAll('-', '');

const PEEK = `import { BaseStrategy, markSignal, setColumn, shift } from '${join(REPO_ROOT, 'src', 'strategy', 'index.ts')}';
export class Peek extends BaseStrategy {
  timeframe = '5m';
  stoploss = -0.1;
  populateIndicators(frame) { setColumn(frame, 'next_close', shift(frame.close, -1)); return frame; }
  populateEntryTrend(frame) {
    const next = frame.columns.next_close;
    markSignal(frame, 'enter_long', frame.close.map((c, i) => next[i] !== null && next[i] > c * 1.002));
    return frame;
  }
  populateExitTrend(frame) { return frame; }
}
`;

beforeAll(async () => {
  server = await startTestWebserver(READONLY_CONFIG);
  mkdirSync(join(server.dir, 'strategies'), { recursive: true });
  writeFileSync(join(server.dir, 'strategies', 'Peek.ts'), PEEK);
  const dl = await server.call('POST', '/api/v1/download_data', {
    pairs: ['BTC/USDT', 'ETH/USDT'],
    timeframes: ['5m'],
    days: 9,
  });
  await waitForJob(server, dl.json.job_id, 120_000);
}, 180_000);
afterAll(async () => {
  await server.close();
});

/** FreqUI: start, pollBgJob until it stops running, then the analysis result. */
async function runAnalysis(kind: 'lookahead_analysis' | 'recursive_analysis', body: unknown) {
  const started = await server.call('POST', `/api/v1/${kind}`, body);
  expect(started.status).toBe(200);
  const { job_id: jobId, status } = BgJobStarted.parse(started.json);
  expect(status).toBe(
    kind === 'lookahead_analysis'
      ? 'Lookahead analysis started in background.'
      : 'Recursive analysis started in background.',
  );
  const listed = await server.call('GET', '/api/v1/background');
  const entry = (listed.json as BackgroundTaskStatus[]).find((j) => j.job_id === jobId);
  expect(entry?.job_category).toBe(kind);
  const done = BackgroundTaskStatus.parse(await waitForJob(server, jobId, 120_000));
  return { jobId, done, result: await server.call('GET', `/api/v1/${kind}/${jobId}`) };
}

describe('lookahead analysis (2.49)', () => {
  it('flags a strategy that reads the next candle (FreqUI body, polled to completion)', async () => {
    // LookaheadAnalysisForm.vue: strategy, the two amounts, limit orders, timeframe and timerange set
    const { done, result } = await runAnalysis('lookahead_analysis', {
      strategy: 'Peek',
      minimum_trade_amount: 10,
      targeted_trade_amount: 20,
      lookahead_allow_limit_orders: false,
      timeframe: '5m',
      timerange: `${ymd(Date.now() - 8 * DAY)}-`,
    });
    expect(done).toMatchObject({ status: 'success', running: false, error: null });
    expect(result.status).toBe(200);
    expect(LookaheadAnalysisResponse.parse(result.json)).toEqual({
      status: 'ended',
      running: false,
      status_msg: 'Lookahead analysis ended',
      result: {
        strategy: 'Peek',
        has_bias: true,
        total_signals: 20,
        biased_entry_signals: 20,
        biased_exit_signals: 0,
        biased_indicators: ['next_close'],
      },
    });
  }, 150_000);

  it('finds no bias in MaCrossStrategy (FreqUI body without timeframe/timerange)', async () => {
    const { result } = await runAnalysis('lookahead_analysis', {
      strategy: 'MaCrossStrategy',
      minimum_trade_amount: 2,
      targeted_trade_amount: 5,
      lookahead_allow_limit_orders: true,
    });
    const body = LookaheadAnalysisResponse.parse(result.json);
    expect(body.status).toBe('ended');
    expect(body.result).toMatchObject({
      strategy: 'MaCrossStrategy',
      has_bias: false,
      biased_entry_signals: 0,
      biased_exit_signals: 0,
      biased_indicators: [],
    });
    expect(body.result?.total_signals).toBeGreaterThanOrEqual(2);
  }, 150_000);

  it('fails the job for an unknown strategy, as FreqUI reads it from /background', async () => {
    const { done, result } = await runAnalysis('lookahead_analysis', {
      strategy: 'NoSuchStrategy',
      minimum_trade_amount: 10,
      targeted_trade_amount: 20,
      lookahead_allow_limit_orders: false,
    });
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/NoSuchStrategy/);
    expect(result.json).toMatchObject({ status: 'error', running: false, result: null });
    expect(result.json.status_msg).toMatch(/^Lookahead analysis failed: .*NoSuchStrategy/);
  }, 60_000);
});

describe('recursive analysis (2.49)', () => {
  it("shows MaCrossStrategy's EMAs moving with the startup length (FreqUI body with startup_candle)", async () => {
    const { done, result } = await runAnalysis('recursive_analysis', {
      strategy: 'MaCrossStrategy',
      timeframe: '5m',
      timerange: `${ymd(Date.now() - 8 * DAY)}-`,
      startup_candle: [30, 500, 1500],
    });
    expect(done.status).toBe('success');
    const body = RecursiveAnalysisResponse.parse(result.json);
    expect(body).toMatchObject({ status: 'ended', running: false, status_msg: 'Recursive analysis ended' });
    expect(body.result).toMatchObject({
      strategy: 'MaCrossStrategy',
      startup_candles: [30, 500, 1500],
      strategy_scc: 100,
    });
    // the slow EMA still moves with the startup length (the fast one may have converged within
    // 30 candles); the reference (largest) count never differs from itself
    const moved = Object.keys(body.result?.results ?? {});
    expect(moved).toContain('ema_slow');
    for (const name of moved) expect(['ema_fast', 'ema_slow']).toContain(name);
    const slow = body.result?.results.ema_slow ?? {};
    expect(Object.keys(slow)).toContain('30');
    expect(Object.keys(slow)).not.toContain('1500');
    expect(Math.abs(slow['30'])).toBeGreaterThan(0);
  }, 150_000);

  it('runs with the minimal FreqUI body (strategy only: freqtrade default startup counts)', async () => {
    const { result } = await runAnalysis('recursive_analysis', { strategy: 'Peek' });
    const body = RecursiveAnalysisResponse.parse(result.json);
    expect(body.status).toBe('ended');
    // 9 days of 5m candles (~2590): every default count fits; next_close is not recursive
    expect(body.result).toEqual({
      strategy: 'Peek',
      startup_candles: [199, 399, 499, 999, 1999],
      strategy_scc: 0,
      results: {},
    });
  }, 150_000);
});

describe('analysis routes: errors, rules, audit', () => {
  it('404 for an unknown job or a job of another category; 422 for a bad body', async () => {
    for (const kind of ['lookahead_analysis', 'recursive_analysis']) {
      const r = await server.call('GET', `/api/v1/${kind}/not-a-job`);
      expect(r).toEqual({ status: 404, json: { detail: 'Job not found.' } });
    }
    const dl = await server.call('POST', '/api/v1/download_data', { pairs: ['BTC/USDT'], timeframes: ['1h'], days: 1 });
    await waitForJob(server, dl.json.job_id);
    expect((await server.call('GET', `/api/v1/lookahead_analysis/${dl.json.job_id}`)).status).toBe(404);
    expect(
      (await server.call('POST', '/api/v1/recursive_analysis', { strategy: 'Peek', startup_candle: ['x'] })).status,
    ).toBe(422);
    expect((await server.call('POST', '/api/v1/lookahead_analysis', {})).status).toBe(422);
  });

  it('401 without credentials; the read-only user may not start one; starts are audited', async () => {
    const anon = await fetch(`${server.url}/api/v1/lookahead_analysis`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ strategy: 'Peek' }),
    });
    expect(anon.status).toBe(401);
    for (const kind of ['lookahead_analysis', 'recursive_analysis']) {
      const ro = await fetch(`${server.url}/api/v1/${kind}`, {
        method: 'POST',
        headers: { authorization: RO_BASIC, 'content-type': 'application/json' },
        body: JSON.stringify({ strategy: 'Peek' }),
      });
      expect(ro.status).toBe(403);
    }
    const audit = await server.call('GET', '/api/v1/audit_log');
    const paths = JSON.stringify(audit.json);
    expect(paths).toContain('/api/v1/lookahead_analysis');
    expect(paths).toContain('/api/v1/recursive_analysis');
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/lookahead_analysis',
        '/api/v1/lookahead_analysis/{jobid}',
        '/api/v1/recursive_analysis',
        '/api/v1/recursive_analysis/{jobid}',
      ]),
    );
  });
});
