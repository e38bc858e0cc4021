// /reload_config on the edge re-reads TICKHUB_CONFIG and the TICKHUB__… bindings (issue 18 point 7:
// it answered 502 "not supported on this host"), with the same refusals as at start.

import { runInDurableObject } from 'cloudflare:test';
import { afterEach, describe, expect, it } from 'vitest';
import type { BotObject } from '../../src/hosts/worker/bot-object.ts';
import { api, botStub } from './edge-helpers.ts';

type Env = Record<string, unknown>;
const saved: Env = {};

/** Changes the object's bindings as a redeploy with new vars would. */
function setBindings(values: Env): Promise<void> {
  return runInDurableObject(botStub(), (o: BotObject) => {
    const env = (o as unknown as { env: Env }).env;
    for (const [k, v] of Object.entries(values)) {
      if (!(k in saved)) saved[k] = env[k];
      env[k] = v;
    }
  });
}

afterEach(async () => {
  await setBindings(saved);
  for (const k of Object.keys(saved)) delete saved[k];
  await api('/api/v1/reload_config', { method: 'POST' });
});

async function showConfig(): Promise<Record<string, any>> {
  const r = await api('/api/v1/show_config');
  expect(r.status).toBe(200);
  return (await r.json()) as Record<string, any>;
}

describe('edge /reload_config', () => {
  it('re-reads the bindings and TICKHUB_CONFIG: the new values are in force after the call', async () => {
    const before = await showConfig();
    expect(before.max_open_trades).not.toBe(7);
    await setBindings({ TICKHUB__MAX_OPEN_TRADES: '7' });
    expect((await showConfig()).max_open_trades).toBe(before.max_open_trades); // not before the reload
    const r = await api('/api/v1/reload_config', { method: 'POST' });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ status: 'Reloading config ...' });
    expect((await showConfig()).max_open_trades).toBe(7);
  });

  it('a config the edge would refuse at start is refused by the reload; the old one stays in force', async () => {
    const before = await showConfig();
    await setBindings({ TICKHUB__API_SERVER__PASSWORD: 'changeme', TICKHUB__MAX_OPEN_TRADES: '9' });
    const r = await api('/api/v1/reload_config', { method: 'POST' });
    expect(r.status).toBe(502);
    const body = (await r.json()) as { error: string };
    expect(body.error).toContain('Config not reloaded, the old one stays in force');
    expect(body.error).not.toContain('changeme');
    expect((await showConfig()).max_open_trades).toBe(before.max_open_trades);
  });

  it('renaming the bot is refused (the name is the Durable Object)', async () => {
    const text = (await runInDurableObject(botStub(), (o: BotObject) => (o as any).env.TICKHUB_CONFIG)) as string;
    await setBindings({ TICKHUB_CONFIG: text.replace('"tickhub-edge"', '"another-bot"') });
    const r = await api('/api/v1/reload_config', { method: 'POST' });
    expect(r.status).toBe(502);
    expect(((await r.json()) as { error: string }).error).toContain('changing bot_name needs a redeploy');
    expect((await showConfig()).bot_name).toBe('tickhub-edge');
  });
});
