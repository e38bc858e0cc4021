import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { basic, CLI_SOURCE, cli, closedPort, FakeApi, run } from './helpers.ts';

const api = new FakeApi();
const dir = mkdtempSync(join(tmpdir(), 'tickhub-client-cli-'));
let restConfig = '';

beforeAll(async () => {
  await api.start();
  restConfig = join(dir, 'rest_config.json');
  writeFileSync(
    restConfig,
    `{
      "api_server": {
        "enabled": true,
        "listen_ip_address": "0.0.0.0",
        "listen_port": ${api.port},
        "username": "Freqtrader",
        "password": "SuperSecret1!",
        //...
      },
    }`,
  );
});
afterAll(() => api.stop());
beforeEach(() => api.reset());

describe('tickhub-client CLI (source)', () => {
  it('runs the documented forceenter example against the configured server', async () => {
    api.handler = () => ({ body: { status: 'Error entering long trade for pair BTC/USDT.' } });
    const result = await cli(['--config', restConfig, 'forceenter', 'BTC/USDT', 'long', 'enter_tag=GutFeeling']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('{"status":"Error entering long trade for pair BTC/USDT."}\n');
    expect(api.last.method).toBe('POST');
    expect(api.last.path).toBe('/api/v1/forceenter');
    expect(api.last.body).toEqual({ pair: 'BTC/USDT', side: 'long', entry_tag: 'GutFeeling' });
    expect(api.last.headers.authorization).toBe(basic('Freqtrader', 'SuperSecret1!'));
  });

  it('sends real numbers for positional arguments', async () => {
    const result = await cli(['--url', api.url, 'forceexit', '5', 'market', '23']);
    expect(result.code).toBe(0);
    expect(api.last.body).toEqual({ tradeid: 5, ordertype: 'market', amount: 23 });
  });

  it('keeps "=" inside key=value values and types values', async () => {
    await cli(['--url', api.url, 'forceenter', 'ETH/USDT', 'price=1.25', 'enter_tag=a=b=c', 'stake_amount=100']);
    expect(api.last.body).toEqual({
      pair: 'ETH/USDT',
      side: 'long',
      price: 1.25,
      entry_tag: 'a=b=c',
      stakeamount: 100,
    });
    await cli(['--url', api.url, 'trades', 'limit=2', 'offset=4', 'order_by_id=true']);
    expect(api.last.query.toString()).toBe('limit=2&offset=4&order_by_id=true');
  });

  it('later config files win and TICKHUB_CLIENT_URL / --url override them', async () => {
    const override = join(dir, 'override.json');
    writeFileSync(override, '{"api_server": {"username": "other", "password": "pw2"}}');
    await cli(['-c', restConfig, '-c', override, 'version']);
    expect(api.last.headers.authorization).toBe(basic('other', 'pw2'));

    const port = await closedPort();
    const viaEnv = await cli(['--config', join(dir, 'rest_config.json'), 'count'], {
      TICKHUB_CLIENT_URL: `http://127.0.0.1:${port}`,
    });
    expect(viaEnv.stderr).toBe(`Error: could not connect to http://127.0.0.1:${port}\n`);

    const viaFlag = await cli(['--url', api.url, 'count'], {
      TICKHUB_CLIENT_URL: `http://127.0.0.1:${port}`,
      TICKHUB_CLIENT_USERNAME: 'envuser',
      TICKHUB_CLIENT_PASSWORD: 'envpass',
    });
    expect(viaFlag.code).toBe(0);
    expect(api.last.headers.authorization).toBe(basic('envuser', 'envpass'));
  });

  it('prints compact JSON when piped and pretty JSON with --pretty', async () => {
    api.handler = () => ({ body: { current: 1, max: 3, total_stake: 10 } });
    const piped = await cli(['--url', api.url, 'count']);
    expect(piped.stdout).toBe('{"current":1,"max":3,"total_stake":10}\n');
    const pretty = await cli(['--url', api.url, '--pretty', 'count']);
    expect(pretty.stdout).toBe('{\n  "current": 1,\n  "max": 3,\n  "total_stake": 10\n}\n');
  });

  it('prints pretty JSON on a terminal', async () => {
    api.handler = () => ({ body: { current: 1, max: 3 } });
    const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
    const command = [process.execPath, CLI_SOURCE, '--url', api.url, 'count'].map(quote).join(' ');
    const result = await run('script', ['-qec', command, '/dev/null']);
    expect(result.stdout.replaceAll('\r\n', '\n')).toBe('{\n  "current": 1,\n  "max": 3\n}\n');
  });

  it('HTTP errors: one line on stderr, exit 1', async () => {
    api.handler = () => ({ status: 502, body: { error: 'Error querying /api/v1/count: trader is not running' } });
    const rpc = await cli(['--url', api.url, 'count']);
    expect(rpc).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error: 502 Error querying /api/v1/count: trader is not running\n',
    });

    api.handler = () => ({ status: 500, body: 'Internal\nServer Error' });
    const plain = await cli(['--url', api.url, 'count']);
    expect(plain.stderr).toBe('Error: 500 Internal Server Error\n');

    api.handler = () => ({ status: 404, body: { detail: 'Trade not found.' } });
    const detail = await cli(['--url', api.url, 'trade', '99']);
    expect(detail).toEqual({ code: 1, stdout: '', stderr: 'Error: 404 Trade not found.\n' });
  });

  it('connection refused: one line, exit 1', async () => {
    const port = await closedPort();
    const result = await cli(['--url', `http://127.0.0.1:${port}`, 'status']);
    expect(result).toEqual({ code: 1, stdout: '', stderr: `Error: could not connect to http://127.0.0.1:${port}\n` });
  });

  it('timeout: one line, exit 1', async () => {
    api.handler = () => ({ delayMs: 3_000, body: {} });
    const result = await cli(['--url', api.url, '--timeout', '200', 'health']);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: `Error: request to ${api.url}/api/v1/health timed out after 200 ms\n`,
    });
  });

  it('unknown command: message and help, exit 2', async () => {
    const result = await cli(['--url', api.url, 'bogus']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^Error: command bogus not defined\n/);
    expect(result.stderr).toContain('forceenter <pair>');
    expect(api.requests).toHaveLength(0);
  });

  it('usage errors exit 2 without a request', async () => {
    const result = await cli(['--url', api.url, 'trade']);
    expect(result).toEqual({ code: 2, stdout: '', stderr: 'Error: trade: missing parameter trade_id\n' });
    expect(api.requests).toHaveLength(0);
  });

  it('missing config file: exit 1', async () => {
    const result = await cli(['--config', join(dir, 'nope.json'), 'ping']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`Error: could not load config file ${join(dir, 'nope.json')}\n`);
  });

  it('help, --show and -V', async () => {
    const help = await cli(['help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Possible commands:');
    expect(help.stdout).toContain('lock_add <pair> <until> [side] [reason]');
    expect((await cli(['--show'])).stdout).toBe(help.stdout);
    expect((await cli(['help', 'forceexit'])).stdout).toMatch(
      /^forceexit <tradeid> \[ordertype\] \[amount\] \[price\]\n/,
    );
    expect(await cli(['-V'])).toEqual({ code: 0, stdout: 'tickhub-client 0.1.0\n', stderr: '' });
  });

  it('ping calls the real /ping route without credentials', async () => {
    api.handler = () => ({ body: { status: 'pong' } });
    const result = await cli(['--config', restConfig, 'ping']);
    expect(result.stdout).toBe('{"status":"pong"}\n');
    expect(api.last.path).toBe('/api/v1/ping');
    expect(api.last.headers.authorization).toBeUndefined();
  });
});
