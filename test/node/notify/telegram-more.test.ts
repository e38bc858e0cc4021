// The rest of freqtrade's Telegram commands (/stats, /entries, /exits, /mix_tags, /delete,
// /bl_delete, /unlock) against the loopback fake Bot API, on a bot whose api_server.password is
// empty: commands reach the REST routes with the in-process credential, while requests from the
// network still need one. REST numbers are read with the read-only user.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../src/hosts/node/server.ts';
import { fmtCoin, pythonTimedelta } from '../../../src/notify/telegram/format.ts';
import { ManualClock } from '../../../src/util/clock.ts';
import { T0 } from '../../support/engine.ts';
import { type FakeTelegram, startFakeTelegram } from '../../support/fake-telegram.ts';
import { basicAuth, startTestServer } from '../../support/node-server.ts';
import { TEST_USER } from '../../support/test-config.ts';

const TOKEN = '654321:second-telegram-token-xyz';
const CHAT = '3003';
const RO_USER = 'viewer';
const RO_PASSWORD = 'viewer-password-123';
let tg: FakeTelegram;
let server: RunningServer;
let dir: string;

async function rest(path: string): Promise<any> {
  const res = await fetch(server.url + path, { headers: { authorization: basicAuth(RO_USER, RO_PASSWORD) } });
  expect(res.status).toBe(200);
  return res.json();
}

async function ask(text: string, match: (t: string) => boolean) {
  const before = tg.sent.length;
  tg.say(CHAT, text);
  return tg.waitForSent((m) => tg.sent.indexOf(m) >= before && match(m.text), 30_000);
}

const pct = (r: number) => `${(r * 100).toFixed(2)}%`;

beforeAll(async () => {
  tg = await startFakeTelegram(TOKEN);
  dir = mkdtempSync(join(tmpdir(), 'tickhub-telegram-more-'));
  server = await startTestServer(
    {
      order_types: { entry: 'market', exit: 'market' },
      entry_pricing: { price_side: 'other' },
      exit_pricing: { price_side: 'other' },
      api_server: { password: '', readonly_username: RO_USER, readonly_password: RO_PASSWORD },
      telegram: { enabled: true, token: TOKEN, chat_id: CHAT, api_base_url: tg.url },
    },
    { dir, clock: new ManualClock(T0), autoTick: false },
  );
}, 60_000);
afterAll(async () => {
  await server?.close();
  await tg?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('telegram without an API password', () => {
  it('network requests still need credentials (an empty password never logs in)', async () => {
    expect((await fetch(`${server.url}/api/v1/count`)).status).toBe(401);
    const empty = await fetch(`${server.url}/api/v1/stop`, {
      method: 'POST',
      headers: { authorization: basicAuth(TEST_USER, '') },
    });
    expect(empty.status).toBe(401);
    const readonly = await fetch(`${server.url}/api/v1/stop`, {
      method: 'POST',
      headers: { authorization: basicAuth(RO_USER, RO_PASSWORD) },
    });
    expect(readonly.status).toBe(403);
    expect(server.deps.bot.state).toBe('running');
  });

  it('/forcelong, /forceexit, then /entries /exits /mix_tags /stats carry the REST numbers', async () => {
    const opened = await ask('/forcelong BTC/USDT', (t) => /New Trade \(#\d+\)/.test(t));
    const id = Number(/#(\d+)/.exec(opened.text)![1]);
    await ask(`/forceexit ${id}`, (t) => t.includes(`Exited BTC/USDT (#${id})`));
    const trade = await rest(`/api/v1/trade/${id}`);
    expect(trade.is_open).toBe(false);

    const entries = await rest('/api/v1/entries');
    expect(entries.length).toBeGreaterThan(0);
    const e = await ask('/entries', (t) => t.startsWith('*Entry Tag Performance:*'));
    for (const [i, row] of entries.entries()) {
      expect(e.text).toContain(
        `${i + 1}.\t \`${row.enter_tag}\t${fmtCoin(row.profit_abs, 'USDT')} (${pct(row.profit_ratio)}) (${row.count})\``,
      );
    }
    const exits = await rest('/api/v1/exits');
    const x = await ask('/exits BTC/USDT', (t) => t.startsWith('*Exit Reason Performance:*'));
    expect(exits[0].exit_reason).toBe('force_exit');
    expect(x.text).toContain(
      `1.\t \`force_exit\t${fmtCoin(exits[0].profit_abs, 'USDT')} (${pct(exits[0].profit_ratio)}) (1)\``,
    );
    const mix = await rest('/api/v1/mix_tags');
    const m = await ask('/mix_tags', (t) => t.startsWith('*Mix Tag Performance:*'));
    expect(m.text).toContain(`\`${mix[0].mix_tag}\t${fmtCoin(mix[0].profit_abs, 'USDT')} (`);

    const stats = await rest('/api/v1/stats');
    const s = await ask('/stats', (t) => t.includes('Exit Reason'));
    const fe = stats.exit_reasons.force_exit;
    const exitsCount = fe.wins + fe.losses + fe.draws;
    expect(s.text).toMatch(new RegExp(`Force Exit\\s+${exitsCount}\\s+${fe.wins}\\s+${fe.losses}\\s*(?:\\n|\`)`));
    const wins = stats.durations.wins === null ? 'N/A' : pythonTimedelta(stats.durations.wins);
    expect(s.text).toMatch(new RegExp(`Wins\\s+${wins.replace('.', '\\.')}\\s*(?:\\n|\`)`));
  });

  it('/delete removes a trade; /blacklist then /bl_delete; /whitelist sorted baseonly; /unlock', async () => {
    const opened = await ask('/forcelong ETH/USDT', (t) => /New Trade \(#\d+\)/.test(t));
    const id = Number(/#(\d+)/.exec(opened.text)![1]);
    expect((await rest(`/api/v1/trade/${id}`)).is_open).toBe(true);
    const d = await ask(`/delete ${id}`, (t) => t.includes('take care of this asset'));
    expect(d.text).toMatch(/^`Deleted trade \d+\./);
    const gone = await fetch(`${server.url}/api/v1/trade/${id}`, {
      headers: { authorization: basicAuth(RO_USER, RO_PASSWORD) },
    });
    expect(gone.status).toBe(404);
    expect((await ask('/delete', (t) => t === 'Trade-id not set.')).text).toBe('Trade-id not set.');

    await ask('/blacklist XRP/USDT', (t) => t.startsWith('Blacklist contains'));
    expect((await rest('/api/v1/blacklist')).blacklist).toContain('XRP/USDT');
    const b = await ask('/bl_delete XRP/USDT', (t) => t.startsWith('Blacklist contains'));
    const after = await rest('/api/v1/blacklist');
    expect(after.blacklist).not.toContain('XRP/USDT');
    expect(b.text).toBe(`Blacklist contains ${after.length} pairs\n\`${after.blacklist.join(', ')}\``);

    const white = await rest('/api/v1/whitelist');
    const w = await ask('/whitelist sorted baseonly', (t) => t.startsWith('Using whitelist'));
    const bases = [...white.whitelist].sort().map((p: string) => p.split('/')[0]);
    expect(w.text.split('\n')[1]).toBe(`\`${bases.join(', ')}\``);

    const u = await ask('/unlock BTC/USDT', (t) => t === 'No active locks.' || t.startsWith('<pre>'));
    const locks = await rest('/api/v1/locks');
    expect(u.text === 'No active locks.').toBe(locks.lock_count === 0);
  });
});
