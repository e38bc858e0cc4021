// `npm run webserver` as a subprocess: freqtrade's webserver mode — the API without a trading
// loop; trade routes answer freqtrade's RPC error after authentication.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuth } from '../../support/node-server.ts';
import { type BotProcess, freePort, startBotProcess, WEBSERVER_ENTRY } from '../../support/process.ts';
import { TEST_PASSWORD, TEST_USER, testConfig } from '../../support/test-config.ts';

let dir: string;
let proc: BotProcess;
let base: string;
const auth = { authorization: basicAuth(TEST_USER, TEST_PASSWORD) };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tickhub-ws-mode-'));
  const port = await freePort();
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify(testConfig({ api_server: { listen_port: port } })));
  proc = startBotProcess(
    ['--config', file, '--user-data-dir', join(dir, 'ud'), '--db-url', `file:${join(dir, 'ws.sqlite')}`],
    { cwd: dir, entry: WEBSERVER_ENTRY },
  );
  await proc.waitFor(/tickhub webserver is running/, 60_000);
  base = `http://127.0.0.1:${port}/api/v1`;
}, 90_000);
afterAll(async () => {
  if (proc.child.exitCode === null) {
    proc.child.kill('SIGKILL');
    await proc.exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

async function get(path: string, init: RequestInit = {}) {
  const r = await fetch(base + path, { ...init, headers: { ...auth, ...(init.headers ?? {}) } });
  return { status: r.status, json: (await r.json()) as any };
}

describe('npm run webserver', () => {
  it('show_config says runmode "webserver" and state "" (no bot)', async () => {
    const r = await get('/show_config');
    expect(r.status).toBe(200);
    expect(r.json.runmode).toBe('webserver');
    expect(r.json.state).toBe('');
    expect(r.json.strategy_version).toBeNull();
    expect(r.json.api_version).toBe(2.5);
    expect(r.json.strategy).toBe('MaCrossStrategy');
  });

  it("trade routes answer freqtrade's RPC error after authentication, never before", async () => {
    for (const [method, path] of [
      ['GET', '/status'],
      ['GET', '/trades'],
      ['GET', '/profit'],
      ['GET', '/balance'],
      ['GET', '/health'],
      ['GET', '/whitelist'],
      ['GET', '/historic_balance'],
      ['GET', '/trade/1'],
      ['POST', '/forceexit'],
      ['POST', '/start'],
      ['DELETE', '/trades/1'],
      ['POST', '/pair_candles'],
    ]) {
      const noAuth = await fetch(base + path, { method });
      expect(noAuth.status, `${method} ${path} without credentials`).toBe(401);
      const r = await get(path, {
        method,
        headers: { 'content-type': 'application/json' },
        body: method === 'GET' ? undefined : '{}',
      });
      expect(r.status, `${method} ${path}`).toBe(502);
      expect(r.json).toEqual({ error: `Error querying /api/v1${path}: Bot is not in the correct state` });
    }
    const plot = await get('/plot_config');
    expect(plot).toEqual({
      status: 502,
      json: { error: 'Error querying /api/v1/plot_config: Strategy is mandatory in webserver mode.' },
    });
  });

  it('serves what freqtrade serves without a bot', async () => {
    expect((await get('/ping')).json).toEqual({ status: 'pong' });
    expect((await get('/strategies')).json.strategies).toContain('MaCrossStrategy');
    expect((await get('/strategy/MaCrossStrategy')).json.strategy).toBe('MaCrossStrategy');
    expect((await get('/plot_config?strategy=MaCrossStrategy')).status).toBe(200);
    expect((await get('/sysinfo')).status).toBe(200);
    expect((await get('/logs')).json.log_count).toBeGreaterThan(0);
    expect((await get('/background')).json).toEqual([]);
    expect((await get('/pairlists/available')).status).toBe(200);
    expect((await get('/hyperopt-loss')).json).toEqual({ loss_functions: [] });
    expect((await get('/freqaimodels')).json).toEqual({ freqaimodels: [] });
    expect((await get('/available_pairs')).json).toEqual({ length: 0, pairs: [], pair_interval: [] });
  });

  it('runs no trading loop and shuts down cleanly on SIGTERM', async () => {
    const out = proc.output();
    expect(out).toContain('Webserver mode: API listening');
    expect(out).not.toMatch(/Bot initialised|Tick failed/);
    expect(out).not.toContain(TEST_PASSWORD);
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
    expect(proc.output()).toContain('Shut down cleanly.');
  });
});
