// freqtrade's webhook and Discord channels against a real loopback receiver: a trade's entry,
// entry fill, exit and exit fill reach it with the configured text, in each body format.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/load.ts';
import type { ConfigInput } from '../../../src/config/schema.ts';
import type { RunningServer } from '../../../src/hosts/node/server.ts';
import { ManualClock } from '../../../src/util/clock.ts';
import { T0 } from '../../support/engine.ts';
import { basicAuth, startTestServer } from '../../support/node-server.ts';
import { TEST_PASSWORD, TEST_USER } from '../../support/test-config.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.ts';

const auth = { authorization: basicAuth(TEST_USER, TEST_PASSWORD), 'content-type': 'application/json' };
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function receiver(): Promise<WebhookReceiver> {
  const r = await startWebhookReceiver();
  cleanup.push(() => r.close());
  return r;
}

async function start(overrides: ConfigInput) {
  const dir = mkdtempSync(join(tmpdir(), 'tickhub-notify-'));
  const server: RunningServer = await startTestServer(overrides, { dir, clock: new ManualClock(T0), autoTick: false });
  cleanup.push(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(server.url + path, {
      method,
      headers: auth,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await res.json()) as any;
  };
  return { server, call };
}

/** Opens and closes one BTC/USDT trade over the REST API (market orders fill at once). */
async function roundTrip(call: (m: string, p: string, b?: unknown) => Promise<any>) {
  const entered = await call('POST', '/api/v1/forceenter', { pair: 'BTC/USDT', ordertype: 'market', stakeamount: 100 });
  expect(entered.trade_id).toBe(1);
  await call('POST', '/api/v1/forceexit', { tradeid: '1', ordertype: 'market' });
  const trade = await call('GET', '/api/v1/trade/1');
  expect(trade.is_open).toBe(false);
  return trade;
}

const pct2 = (ratio: number) => `${(ratio * 100).toFixed(2)}%`;

describe('webhook', () => {
  it('posts entry, entry_fill, exit and exit_fill as JSON with freqtrade placeholders', async () => {
    const r = await receiver();
    const { server, call } = await start({
      webhook: {
        enabled: true,
        url: `${r.url}/hooks/secret-key-123`,
        format: 'json',
        entry: { text: 'Buying {pair} ({direction}) id {trade_id}', stake: '{stake_amount:.2f} {stake_currency}' },
        entry_fill: { text: 'Bought {pair} at {open_rate:.8f}', when: '{open_date:%Y-%m-%d %H:%M}' },
        exit: { text: 'Exiting {pair} ({exit_reason})' },
        exit_fill: { text: 'Sold {pair} at {close_rate:.8f}: {profit_ratio:.2%} ({gain})' },
      },
    });
    const trade = await roundTrip(call);
    const posts = await r.waitFor(4);
    await server.notifier!.idle();
    expect(posts.map((p) => p.path)).toEqual(Array(4).fill('/hooks/secret-key-123'));
    expect(posts.every((p) => p.contentType === 'application/json')).toBe(true);
    const bodies = posts.map((p) => JSON.parse(p.body));
    expect(bodies[0]).toEqual({ text: 'Buying BTC/USDT (Long) id 1', stake: `${trade.stake_amount.toFixed(2)} USDT` });
    expect(bodies[1]).toEqual({
      text: `Bought BTC/USDT at ${trade.open_rate.toFixed(8)}`,
      when: trade.open_date.slice(0, 16),
    });
    expect(bodies[2]).toEqual({ text: 'Exiting BTC/USDT (force_exit)' });
    expect(bodies[3]).toEqual({
      text: `Sold BTC/USDT at ${trade.close_rate.toFixed(8)}: ${pct2(trade.profit_ratio)} (${trade.profit_ratio > 0 ? 'profit' : 'loss'})`,
    });
  });

  it('form format posts url-encoded fields; raw posts the data template as text/plain', async () => {
    const form = await receiver();
    const raw = await receiver();
    const a = await start({
      webhook: { enabled: true, url: form.url, entry_fill: { value1: 'Buy {pair}', value2: '{amount}' } },
    });
    await a.call('POST', '/api/v1/forceenter', { pair: 'ETH/USDT', ordertype: 'market', stakeamount: 50 });
    const [post] = await form.waitFor(1);
    expect(post.contentType).toBe('application/x-www-form-urlencoded');
    const fields = new URLSearchParams(post.body);
    expect(fields.get('value1')).toBe('Buy ETH/USDT');
    const trade = await a.call('GET', '/api/v1/trade/1');
    expect(Number(fields.get('value2'))).toBeCloseTo(trade.amount, 10);

    const b = await start({
      webhook: { enabled: true, url: raw.url, format: 'raw', webhookentry: { data: 'Entering {pair} {direction}' } },
    });
    await b.call('POST', '/api/v1/forceenter', { pair: 'SOL/USDT', ordertype: 'market', stakeamount: 50 });
    const [text] = await raw.waitFor(1);
    expect(text.contentType).toBe('text/plain');
    expect(text.body).toBe('Entering SOL/USDT Long');
  });

  it('status messages use the status template; a missing placeholder is logged, nothing is sent', async () => {
    const r = await receiver();
    const { server, call } = await start({
      webhook: {
        enabled: true,
        url: r.url,
        format: 'json',
        status: { text: 'Status: {status}' },
        entry: { text: '{no_such_field}' },
      },
    });
    await call('POST', '/api/v1/forceenter', { pair: 'BTC/USDT', ordertype: 'market', stakeamount: 100 });
    await call('POST', '/api/v1/stop');
    await server.notifier!.idle();
    const texts = r.posts.map((p) => JSON.parse(p.body).text);
    expect(texts).toContain('Status: stopped');
    expect(texts.some((t) => t.includes('no_such_field'))).toBe(false);
    const logs = server.deps.logs.recent().map((l) => l[4]);
    expect(logs).toContain(
      "Problem calling Webhook. Please check your webhook configuration. Exception: 'no_such_field'",
    );
  });
});

describe('discord', () => {
  it("posts freqtrade's default entry_fill and exit_fill embeds, green for a profit, red for a loss", async () => {
    const r = await receiver();
    const { server, call } = await start({
      strategy: 'MaCrossStrategy',
      discord: { enabled: true, webhook_url: `${r.url}/api/webhooks/1/tok` },
    });
    const trade = await roundTrip(call);
    const posts = await r.waitFor(2);
    await server.notifier!.idle();
    expect(posts).toHaveLength(2);
    const [entry, exit] = posts.map((p) => JSON.parse(p.body).embeds[0]);
    expect(entry.title).toBe('Trade: BTC/USDT entry_fill');
    expect(entry.color).toBe(0x0000ff);
    const field = (e: any, name: string) => e.fields.find((f: any) => f.name === name)?.value;
    expect(entry.fields.map((f: any) => f.name)).toEqual([
      'Trade ID',
      'Exchange',
      'Pair',
      'Direction',
      'Open rate',
      'Amount',
      'Open date',
      'Enter tag',
      'Strategy',
    ]);
    expect(entry.fields.every((f: any) => f.inline === true)).toBe(true);
    expect(field(entry, 'Trade ID')).toBe('1');
    expect(field(entry, 'Open date')).toBe(trade.open_date.slice(0, 19));
    expect(field(entry, 'Enter tag')).toBe('force_entry');
    expect(field(entry, 'Strategy')).toBe('MaCrossStrategy 5m');
    expect(exit.title).toBe('Trade: BTC/USDT exit_fill');
    expect(exit.color).toBe(trade.profit_ratio > 0 ? 0x00ff00 : 0xff0000);
    expect(field(exit, 'Profitability')).toBe(pct2(trade.profit_ratio));
    expect(field(exit, 'Exit Reason')).toBe('force_exit');
    expect(field(exit, 'Timeframe')).toBe('5m');
  });
});

describe('notification config', () => {
  it('accepts every message-type template, flags unknown keys, refuses a bad URL or a non-string template', () => {
    const { unknownKeys } = validateConfig({
      webhook: { enabled: true, url: 'http://127.0.0.1/x', entry: { a: '{pair}' }, webhookstatus: { b: 'x' }, typo: 1 },
      discord: { enabled: false, exit_fill: [] },
      telegram: { enabled: false, token: 'x', chat_id: 5 },
    });
    expect(unknownKeys).toEqual(['webhook.typo']);
    expect(() => validateConfig({ webhook: { enabled: true, url: 'nope' } })).toThrow(/webhook\.url/);
    expect(() => validateConfig({ webhook: { enabled: true, url: 'http://x', entry: { a: 1 } } })).toThrow(
      /webhook\.entry/,
    );
    expect(() => validateConfig({ discord: { enabled: true, webhook_url: '' } })).toThrow(/discord\.webhook_url/);
  });
});
