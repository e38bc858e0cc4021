// `npm start` as a new user runs it: first run, --config, bad config, insecure config, shutdown.

import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'jsonc-parser';
import { afterEach, describe, expect, it } from 'vitest';
import { basicAuth } from '../../support/node-server.ts';
import { type BotProcess, freePort, startBotProcess } from '../../support/process.ts';
import { TEST_JWT_SECRET, TEST_PASSWORD, TEST_USER } from '../../support/test-config.ts';

const dirs: string[] = [];
const procs: BotProcess[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'tickhub-start-'));
  dirs.push(d);
  return d;
}
afterEach(async () => {
  for (const p of procs.splice(0)) {
    if (p.child.exitCode === null) {
      p.child.kill('SIGKILL');
      await p.exited;
    }
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('npm start', () => {
  it('first run writes user_data/config.json (0600) with fresh credentials and serves the API', async () => {
    const cwd = tempDir();
    const port = await freePort();
    const p = startBotProcess([], { cwd, env: { TICKHUB__API_SERVER__LISTEN_PORT: String(port) } });
    procs.push(p);
    await p.waitFor(/tickhub is running/);
    const file = join(cwd, 'user_data', 'config.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const cfg = parse(readFileSync(file, 'utf8'));
    const { username, password, jwt_secret_key, ws_token } = cfg.api_server;
    expect(password.length).toBeGreaterThanOrEqual(32);
    expect(jwt_secret_key.length).toBeGreaterThanOrEqual(64);
    expect(cfg.exchange.name).toBe('offline');
    expect(cfg.dry_run).toBe(true);

    const out = p.output();
    expect(out).toContain(`http://127.0.0.1:${port}/api/v1/ping`);
    expect(out).toContain(`username: ${username}`);
    expect(out).toContain('user_data/config.json');
    for (const secret of [password, jwt_secret_key, ws_token]) expect(out).not.toContain(secret);

    const base = `http://127.0.0.1:${port}/api/v1`;
    expect(await (await fetch(`${base}/ping`)).json()).toEqual({ status: 'pong' });
    const login = await fetch(`${base}/token/login`, {
      method: 'POST',
      headers: { authorization: basicAuth(username, password) },
    });
    expect(login.status).toBe(200);
    const { access_token } = (await login.json()) as { access_token: string };
    const cfgResp = await fetch(`${base}/show_config`, { headers: { authorization: `Bearer ${access_token}` } });
    expect(((await cfgResp.json()) as { dry_run: boolean }).dry_run).toBe(true);
    expect(existsSync(join(cwd, 'user_data', 'tradesv3.sqlite'))).toBe(true);

    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(p.output()).toContain('Shut down cleanly.');

    // A second start reuses the same file and credentials.
    const again = startBotProcess([], { cwd, env: { TICKHUB__API_SERVER__LISTEN_PORT: String(port) } });
    procs.push(again);
    await again.waitFor(/tickhub is running/);
    expect(again.output()).not.toContain('first run');
    expect(parse(readFileSync(file, 'utf8')).api_server.password).toBe(password);
  });

  it('--config uses the given files, later ones winning', async () => {
    const cwd = tempDir();
    const port = await freePort();
    const a = join(cwd, 'a.json');
    const b = join(cwd, 'b.json');
    writeFileSync(
      a,
      `{ // base
        "bot_name": "from-a", "api_server": {"listen_port": ${port}, "username": "${TEST_USER}", "password": "${TEST_PASSWORD}", "jwt_secret_key": "${TEST_JWT_SECRET}",}, }`,
    );
    writeFileSync(b, '{"bot_name": "from-b", "db_url": "sqlite:///trades-b.sqlite"}');
    const p = startBotProcess(['--config', a, '--config', b], { cwd });
    procs.push(p);
    await p.waitFor(/tickhub is running/);
    const r = await fetch(`http://127.0.0.1:${port}/api/v1/show_config`, {
      headers: { authorization: basicAuth(TEST_USER, TEST_PASSWORD) },
    });
    expect(((await r.json()) as { bot_name: string }).bot_name).toBe('from-b');
    expect(existsSync(join(cwd, 'trades-b.sqlite'))).toBe(true);
    expect(existsSync(join(cwd, 'user_data', 'config.json'))).toBe(false);
  });

  it('a bad config stops the start with the key path and writes nothing', async () => {
    const cwd = tempDir();
    const bad = join(cwd, 'bad.json');
    writeFileSync(bad, '{"max_open_trades": "lots", "api_server": {"listen_port": 99999}}');
    const p = startBotProcess(['--config', bad], { cwd });
    procs.push(p);
    expect(await p.exited).not.toBe(0);
    expect(p.output()).toContain('max_open_trades');
    expect(p.output()).toContain('api_server.listen_port');
    expect(existsSync(join(cwd, 'user_data'))).toBe(false);
  });

  it('refuses to listen beyond loopback with an example or empty password', async () => {
    const cwd = tempDir();
    const cfg = join(cwd, 'exposed.json');
    writeFileSync(
      cfg,
      '{"api_server": {"listen_ip_address": "0.0.0.0", "password": "SuperSecret1!", "jwt_secret_key": "somethingrandom"}}',
    );
    const p = startBotProcess(['--config', cfg], { cwd });
    procs.push(p);
    expect(await p.exited).not.toBe(0);
    expect(p.output()).toMatch(/Refusing to listen on 0\.0\.0\.0/);
    expect(p.output()).toContain('api_server.password');
    expect(p.output()).toContain('api_server.jwt_secret_key');
    expect(p.output()).not.toContain('SuperSecret1!');
  });
});
