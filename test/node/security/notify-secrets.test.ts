// Point 4 of issue 21: the Telegram token, webhook/Discord URLs (keys in their paths) and the
// CoinGecko key are secrets like the API password: never in show_config, the logs or an error body.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretValues } from '../../../src/config/redact.ts';
import { startTestServer, type TestServer } from '../../support/node-server.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.ts';

const TELEGRAM_TOKEN = '123456789:AAH-telegram-token-0f9e8d7c6b5a';
const WEBHOOK_PATH = '/trigger/tickhub/with/key/ifttt-key-7d1c2b3a';
const DISCORD_PATH = '/api/webhooks/42/discord-token-9a8b7c6d';
const COINGECKO_KEY = 'CG-coingecko-key-5e4d3c2b1a';

let server: TestServer;
let target: WebhookReceiver;
let secrets: string[];

beforeAll(async () => {
  target = await startWebhookReceiver(() => 500);
  server = await startTestServer({
    telegram: { enabled: false, token: TELEGRAM_TOKEN, chat_id: '1234' },
    webhook: { enabled: true, url: `${target.url}${WEBHOOK_PATH}`, retries: 1, status: { value1: '{status}' } },
    discord: { enabled: true, webhook_url: `${target.url}${DISCORD_PATH}`, status: [{ Status: '{status}' }] },
    coingecko: { api_key: COINGECKO_KEY },
  });
  secrets = [
    TELEGRAM_TOKEN,
    `${target.url}${WEBHOOK_PATH}`,
    WEBHOOK_PATH,
    `${target.url}${DISCORD_PATH}`,
    DISCORD_PATH,
    COINGECKO_KEY,
  ];
});
afterAll(async () => {
  await server?.close();
  await target?.close();
});

function expectNoSecret(where: string, text: string): void {
  for (const s of secrets) expect(text.includes(s), `${where} leaks ${s}`).toBe(false);
  // The bare keys too (a message quoting only the key, not the URL).
  for (const key of ['ifttt-key-7d1c2b3a', 'discord-token-9a8b7c6d', 'AAH-telegram-token']) {
    expect(text.includes(key), `${where} leaks ${key}`).toBe(false);
  }
}

describe('notification secrets', () => {
  it('are secret values: the token, each URL and the part after its host', () => {
    const values = secretValues(server.deps.config());
    for (const s of secrets) expect(values).toContain(s);
  });

  it('show_config carries none', async () => {
    const res = await server.fetch('/api/v1/show_config', { headers: { authorization: server.basic } });
    expect(res.status).toBe(200);
    expectNoSecret('show_config', await res.text());
  });

  it('logs scrub them, including failed deliveries and messages that quote a URL or the token', async () => {
    await server.notifier!.idle();
    expect(target.posts.map((p) => p.path)).toEqual(expect.arrayContaining([WEBHOOK_PATH, DISCORD_PATH]));
    server.deps.log.warning(
      `calling ${target.url}${WEBHOOK_PATH} failed; discord ${DISCORD_PATH}; bot${TELEGRAM_TOKEN}; cg ${COINGECKO_KEY}`,
    );
    const res = await server.fetch('/api/v1/logs', { headers: { authorization: server.basic } });
    const text = await res.text();
    expect(text).toContain('Could not call webhook url');
    expect(text).toContain('calling *** failed; discord ***; bot***; cg ***');
    expectNoSecret('logs', text);
  });

  it('error bodies scrub them', async () => {
    const res = await server.fetch(`/api/v1/plot_config?strategy=${encodeURIComponent(DISCORD_PATH)}`, {
      headers: { authorization: server.basic },
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    const text = await res.text();
    expect(text).toContain('***');
    expectNoSecret('error body', text);
  });
});
