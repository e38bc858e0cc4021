// The cron trigger ticks the bot inside its Durable Object, and the object's alarm keeps ticking
// every process_throttle_secs while the bot runs (none while it is stopped).

import {
  createExecutionContext,
  createScheduledController,
  env,
  runDurableObjectAlarm,
  waitOnExecutionContext,
} from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../../src/hosts/worker.ts';
import { api, botStub } from './edge-helpers.ts';

async function health(): Promise<Record<string, unknown>> {
  const r = await api('/api/v1/health');
  expect(r.status).toBe(200);
  return (await r.json()) as Record<string, unknown>;
}

interface Status {
  state: string;
  lastProcess: number | null;
  nextAlarm: number | null;
}
const status = () => (botStub() as unknown as { status(): Promise<Status> }).status();

describe('edge ticks', () => {
  it('a scheduled event ticks the bot in its Durable Object: health last_process is set', async () => {
    const before = await health();
    expect(before.last_process).toBeNull();
    const ctx = createExecutionContext();
    const controller = createScheduledController({ scheduledTime: Date.now(), cron: '* * * * *' });
    await worker.scheduled(controller as any, env as any, ctx as any);
    await waitOnExecutionContext(ctx);
    const after = await health();
    expect(after.last_process_ts).toEqual(expect.any(Number));
    expect(after.last_process as string).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('the alarm ticks while running and is re-armed; stop clears it, start re-arms it', async () => {
    const running = await status();
    expect(running.state).toBe('running');
    expect(running.nextAlarm).toEqual(expect.any(Number));

    const t0 = (await status()).lastProcess ?? 0;
    expect(await runDurableObjectAlarm(botStub())).toBe(true);
    const ticked = await status();
    expect(ticked.lastProcess as number).toBeGreaterThanOrEqual(t0);
    expect(ticked.lastProcess).not.toBeNull();
    expect(ticked.nextAlarm).toEqual(expect.any(Number)); // re-armed after the tick

    expect((await api('/api/v1/stop', { method: 'POST' })).status).toBe(200);
    expect((await status()).nextAlarm).toBeNull();
    expect(await runDurableObjectAlarm(botStub())).toBe(false);

    expect((await api('/api/v1/start', { method: 'POST' })).status).toBe(200);
    const restarted = await status();
    expect(restarted.state).toBe('running');
    expect(restarted.nextAlarm).toEqual(expect.any(Number));
  });
});
