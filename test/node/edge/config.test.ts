// The edge config rules: TICKHUB_CONFIG (comments allowed) never holds secrets, secrets come from
// TICKHUB__… bindings, and the insecure-config refusal always applies (a Worker is public).

import { describe, expect, it } from 'vitest';
import { EdgeConfigError, loadEdgeConfig, secretsInConfigText } from '../../../src/hosts/worker/config.ts';
import { TEST_JWT_SECRET, TEST_PASSWORD, TEST_WS_TOKEN } from '../../support/test-config.ts';

const CONFIG = `{
  // the edge bot (comments and trailing commas are fine)
  "bot_name": "edge-test",
  "dry_run": true,
  "exchange": { "name": "offline", "pair_whitelist": ["BTC/USDT"] },
  "api_server": { "username": "tickhub", "listen_ip_address": "127.0.0.1", },
}`;

const SECRETS = {
  TICKHUB__API_SERVER__PASSWORD: TEST_PASSWORD,
  TICKHUB__API_SERVER__JWT_SECRET_KEY: TEST_JWT_SECRET,
  TICKHUB__API_SERVER__WS_TOKEN: TEST_WS_TOKEN,
};

function refusal(env: Record<string, unknown>): EdgeConfigError {
  try {
    loadEdgeConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(EdgeConfigError);
    return e as EdgeConfigError;
  }
  throw new Error('expected the config to be refused');
}

describe('edge config', () => {
  it('takes the config from TICKHUB_CONFIG and the secrets from bindings', () => {
    const config = loadEdgeConfig({ TICKHUB_CONFIG: CONFIG, ...SECRETS, DB: {}, BOT: {} });
    expect(config.bot_name).toBe('edge-test');
    expect(config.api_server.password).toBe(TEST_PASSWORD);
    expect(config.api_server.jwt_secret_key).toBe(TEST_JWT_SECRET);
    expect(config.api_server.ws_token).toBe(TEST_WS_TOKEN);
  });

  it('refuses secrets inside TICKHUB_CONFIG, naming each key and the secret to set instead', () => {
    const leaky = CONFIG.replace(
      '"username": "tickhub",',
      `"username": "tickhub", "password": "${TEST_PASSWORD}", "ws_token": ["${TEST_WS_TOKEN}"],`,
    ).replace('"name": "offline",', '"name": "offline", "key": "exchange-key-123", "secret": "exchange-secret-456",');
    expect(secretsInConfigText(leaky)).toEqual([
      'api_server.password',
      'api_server.ws_token',
      'exchange.key',
      'exchange.secret',
    ]);
    const e = refusal({ TICKHUB_CONFIG: leaky, ...SECRETS });
    for (const key of ['api_server.password', 'api_server.ws_token', 'exchange.key', 'exchange.secret']) {
      expect(e.message).toContain(key);
    }
    expect(e.message).toContain('npx wrangler secret put TICKHUB__API_SERVER__PASSWORD');
    expect(e.message).toContain('npx wrangler secret put TICKHUB__EXCHANGE__SECRET');
    for (const secret of [TEST_PASSWORD, TEST_WS_TOKEN, 'exchange-key-123', 'exchange-secret-456']) {
      expect(e.message).not.toContain(secret);
    }
  });

  it("Telegram: the token and webhook secret only from bindings; the secret in Telegram's alphabet", () => {
    const telegram = (fields: string) =>
      CONFIG.replace('"dry_run": true,', `"dry_run": true, "telegram": {${fields}},`);
    const leaky = telegram('"enabled": true, "chat_id": "7", "token": "1:tok-abc", "webhook_secret": "sec_ret-1"');
    expect(secretsInConfigText(leaky)).toEqual(['telegram.token', 'telegram.webhook_secret']);
    const e = refusal({ TICKHUB_CONFIG: leaky, ...SECRETS });
    expect(e.message).toContain('npx wrangler secret put TICKHUB__TELEGRAM__WEBHOOK_SECRET');
    expect(e.message).not.toContain('sec_ret-1');
    const ok = loadEdgeConfig({
      TICKHUB_CONFIG: telegram(
        '"enabled": true, "chat_id": "7", "webhook_url": "https://bot.example/telegram/webhook"',
      ),
      ...SECRETS,
      TICKHUB__TELEGRAM__TOKEN: '1:tok-abc',
      TICKHUB__TELEGRAM__WEBHOOK_SECRET: 'sec_ret-1',
    });
    expect(ok.telegram).toMatchObject({ token: '1:tok-abc', webhook_secret: 'sec_ret-1', chat_id: '7' });
    const bad = refusal({
      TICKHUB_CONFIG: telegram('"enabled": true'),
      ...SECRETS,
      TICKHUB__TELEGRAM__WEBHOOK_SECRET: 'no spaces!',
    });
    expect(bad.message).toContain('telegram.webhook_secret');
    expect(bad.message).not.toContain('no spaces!');
  });

  it('empty secret keys in TICKHUB_CONFIG are harmless', () => {
    const blank = CONFIG.replace('"username": "tickhub",', '"username": "tickhub", "password": "", "ws_token": [],');
    expect(secretsInConfigText(blank)).toEqual([]);
    expect(loadEdgeConfig({ TICKHUB_CONFIG: blank, ...SECRETS }).api_server.password).toBe(TEST_PASSWORD);
  });

  it('refuses an insecure config even when it says loopback, listing findings without values', () => {
    const e = refusal({
      TICKHUB_CONFIG: CONFIG,
      TICKHUB__API_SERVER__PASSWORD: 'changeme',
      TICKHUB__API_SERVER__JWT_SECRET_KEY: 'short-secret',
    });
    expect(e.message).toMatch(/insecure configuration/);
    expect(e.message).toContain('api_server.password is an example value');
    expect(e.message).toContain('api_server.jwt_secret_key is shorter than 32 characters');
    expect(e.message).not.toContain('changeme');
    expect(e.message).not.toContain('short-secret');
    expect(refusal({ TICKHUB_CONFIG: CONFIG }).message).toContain('api_server.password is empty');
  });

  it('reports a broken TICKHUB_CONFIG with its position', () => {
    const e = refusal({ TICKHUB_CONFIG: '{ "bot_name": ', ...SECRETS });
    expect(e.message).toMatch(/TICKHUB_CONFIG: .* at line 1/);
  });
});
