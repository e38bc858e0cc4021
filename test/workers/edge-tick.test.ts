// The cron trigger ticks the bot inside its Durable Object, and the object's alarm keeps ticking
// every process_throttle_secs while the bot runs (none while it is stopped).

import {
  createExecutionContext,
  createScheduledController,
  env,
  runDurableObjectAlarm,
  runInDurableObject,
  waitOnExecutionContext,
} from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { Bot } from '../../src/bot/bot.ts';
import type { BotObject } from '../../src/hosts/worker/bot-object.ts';
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

/** Runs a bot command inside the object, then any non-GET API request (it re-syncs the alarm). */
async function command(run: (bot: Bot) => Promise<unknown>): Promise<void> {
  await runInDurableObject(botStub(), async (instance: BotObject) => run((await instance.ready()).bot));
  expect((await api('/api/v1/token/login', { method: 'POST' })).status).toBe(200);
}

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

    // A command changes the state (as POST /stop will), then the request's end syncs the alarm.
    await command((bot) => bot.stop());
    expect((await status()).nextAlarm).toBeNull();
    expect(await runDurableObjectAlarm(botStub())).toBe(false);

    await command((bot) => bot.start());
    const restarted = await status();
    expect(restarted.state).toBe('running');
    expect(restarted.nextAlarm).toEqual(expect.any(Number));
  });
});
