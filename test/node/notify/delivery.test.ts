// Delivery never makes the bot wait: a target that never answers does not slow a tick; the
// queue is bounded in bytes with drops logged; retries back off; timeouts end an attempt.

import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryQueue } from '../../../src/notify/delivery.ts';
import { createNotifier, type NotifierHub } from '../../../src/notify/notifier.ts';
import type { WebhookChannel } from '../../../src/notify/webhook.ts';
import { LogHub } from '../../../src/util/logger.ts';
import { type EngineHarness, ScriptedStrategy, startEngine } from '../../support/engine.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.ts';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function receiver(answer: WebhookReceiver['answer']): Promise<WebhookReceiver> {
  const r = await startWebhookReceiver(answer);
  cleanup.push(() => r.close());
  return r;
}

function queue(r: WebhookReceiver, opts: Partial<ConstructorParameters<typeof DeliveryQueue>[0]> = {}) {
  const logs = new LogHub();
  const q = new DeliveryQueue({
    name: 'webhook',
    maxBytes: 1_048_576,
    retries: 0,
    retryDelayMs: 100,
    timeoutMs: 10_000,
    log: logs.logger('test.notify'),
    ...opts,
  });
  cleanup.push(() => q.close());
  const post = (label: string, body = 'x') => q.enqueue({ label, url: r.url, body, contentType: 'text/plain' });
  return { q, logs, post, messages: () => logs.recent().map((l) => `${l[3]} ${l[4]}`) };
}

describe('a webhook target that never answers', () => {
  it('never slows a tick: entries and exits go on at full speed while deliveries hang', async () => {
    const r = await receiver(() => 'hang');
    let notifier: NotifierHub | undefined;
    const h: EngineHarness = await startEngine(
      {
        max_open_trades: 3,
        webhook: {
          enabled: true,
          url: r.url,
          format: 'json',
          timeout: 30,
          retries: 3,
          retry_delay: 1,
          entry: { text: 'Buying {pair}' },
          entry_fill: { text: 'Bought {pair}' },
          exit: { text: 'Selling {pair}' },
          exit_fill: { text: 'Sold {pair}' },
          status: { text: 'Status: {status}' },
        },
      },
      new ScriptedStrategy({ minimal_roi: { '0': 0.001 } }, { long: () => true }),
      {
        next: (config, logs) => {
          notifier = createNotifier({
            config: () => config,
            strategy: () => ({ name: 'ScriptedStrategy', timeframe: '5m' }),
            log: logs.logger('test.notify'),
          });
          return notifier!;
        },
      },
    );
    cleanup.push(() => h.close());
    cleanup.push(() => notifier!.close());
    await h.bot.tick(); // warm-up: the first tick loads the candle history
    const durations: number[] = [];
    for (let i = 0; i < 40; i++) {
      h.clock.advance(5 * 60_000);
      const started = performance.now();
      await h.bot.tick();
      durations.push(performance.now() - started);
    }
    expect(h.messages('entry_fill').length).toBeGreaterThanOrEqual(3);
    expect(h.messages('exit_fill').length).toBeGreaterThanOrEqual(1);
    // The first delivery is stuck at the target (30 s timeout, 3 retries): a tick that waited
    // for it would take at least 30 s. Ticks stay at their usual tens of milliseconds.
    await r.waitFor(1);
    expect(r.hanging).toBe(1);
    const channel = notifier!.channel<WebhookChannel>('webhook')!;
    expect(channel.stats.sent).toBe(0);
    expect(Math.max(...durations)).toBeLessThan(5000);
  }, 60_000);

  it('holds at most queue_max_bytes; what does not fit is dropped and logged (rate-limited)', async () => {
    const r = await receiver(() => 'hang');
    const { q, post, messages } = queue(r, { maxBytes: 2048 });
    const started = performance.now();
    const accepted = Array.from({ length: 200 }, (_, i) => post(`entry`, `message ${i} `.padEnd(100, '.'))).filter(
      Boolean,
    ).length;
    expect(performance.now() - started).toBeLessThan(200);
    const perMessage = 100 + r.url.length;
    expect(accepted).toBe(Math.floor(2048 / perMessage));
    expect(q.pendingBytes).toBeLessThanOrEqual(2048);
    expect(q.stats.dropped).toBe(200 - accepted);
    const drops = messages().filter((m) => m.includes('notification queue full'));
    expect(drops).toHaveLength(1);
    expect(drops[0]).toMatch(
      /^WARNING webhook: notification queue full \(\d+ of 2048 bytes pending\); dropped 1 message/,
    );
  });

  it('an attempt ends at the timeout; retries follow, then the message is given up', async () => {
    const r = await receiver(() => 'hang');
    const { q, post, messages } = queue(r, { timeoutMs: 200, retries: 1, retryDelayMs: 50 });
    post('status');
    await q.idle();
    expect(r.posts).toHaveLength(2);
    expect(q.stats).toEqual({ sent: 0, failed: 1, dropped: 0 });
    expect(messages()).toEqual([
      'WARNING Could not call webhook url. Exception: timed out after 0.2 s',
      'INFO Retrying webhook...',
      'WARNING Could not call webhook url. Exception: timed out after 0.2 s',
    ]);
  });
});

describe('retries', () => {
  it('a failing answer is retried with a doubling delay until it succeeds', async () => {
    const r = await receiver((_p, i) => (i < 2 ? 500 : 200));
    const { q, post, messages } = queue(r, { retries: 3, retryDelayMs: 100 });
    post('exit_fill', 'Sold BTC/USDT');
    await q.idle();
    expect(r.posts.map((p) => p.body)).toEqual(['Sold BTC/USDT', 'Sold BTC/USDT', 'Sold BTC/USDT']);
    const gap1 = r.posts[1].at - r.posts[0].at;
    const gap2 = r.posts[2].at - r.posts[1].at;
    expect(gap1).toBeGreaterThanOrEqual(90);
    expect(gap2).toBeGreaterThanOrEqual(190);
    expect(q.stats).toEqual({ sent: 1, failed: 0, dropped: 0 });
    expect(messages().filter((m) => m === 'INFO Retrying webhook...')).toHaveLength(2);
    expect(messages()[0]).toBe(
      'WARNING Could not call webhook url. Exception: 500 Internal Server Error for exit_fill message',
    );
  });

  it('messages are delivered in order, one at a time', async () => {
    const r = await receiver(() => 200);
    const { q, post } = queue(r);
    for (let i = 0; i < 20; i++) post('entry', `m${i}`);
    await q.idle();
    expect(r.posts.map((p) => p.body)).toEqual(Array.from({ length: 20 }, (_, i) => `m${i}`));
    expect(q.pending).toBe(0);
    expect(q.pendingBytes).toBe(0);
  });

  it('close aborts the attempt under way and discards the queue, logged', async () => {
    const r = await receiver(() => 'hang');
    const { q, post, messages } = queue(r, { timeoutMs: 60_000 });
    post('entry');
    post('exit');
    await r.waitFor(1);
    const started = performance.now();
    await q.close();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(messages()).toContain('WARNING webhook: 2 queued notification(s) discarded at shutdown.');
  });
});
