// The cron trigger ticks the bot inside its Durable Object, and the alarm keeps ticking while it runs.

import {
  createExecutionContext,
  createScheduledController,
  env,
  runDurableObjectAlarm,
  SELF,
  waitOnExecutionContext,
} from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../../src/hosts/worker.ts';
import { TEST_PASSWORD, TEST_USER } from '../support/test-config.ts';

const AUTH = { authorization: `Basic ${btoa(`${TEST_USER}:${TEST_PASSWORD}`)}` };

async function health(): Promise<Record<string, unknown>> {
  const r = await SELF.fetch('https://tickhub.test/api/v1/health', { headers: AUTH });
  expect(r.status).toBe(200);
  return (await r.json()) as Record<string, unknown>;
}

describe('edge ticks', () => {
  it('a scheduled event ticks the bot in its Durable Object: health last_process advances', async () => {
    const before = await health();
    const ctx = createExecutionContext();
    await worker.scheduled(
      createScheduledController({ scheduledTime: Date.now(), cron: '* * * * *' }) as any,
      env as any,
      ctx as any,
    );
    await waitOnExecutionContext(ctx);
    const after = await health();
    expect(after.last_process_ts).toEqual(expect.any(Number));
    expect(after.last_process_ts as number).toBeGreaterThan(0);
    if (typeof before.last_process_ts === 'number')
      expect(after.last_process_ts as number).toBeGreaterThanOrEqual(before.last_process_ts);
  });
});
