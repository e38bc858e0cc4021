// Issue 8: every tickhub-client CLI command run as a subprocess against a real tickhub server
// (real HTTP, real libSQL file, seeded trades/locks/candles), once succeeding and once failing
// with an error the server itself produces. The command list is read from the CLI's command
// table, so a new command without cases here fails the suite.

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../packages/client/src/commands.ts';
import { validateConfig } from '../../../src/config/load.ts';
import { openDatabase } from '../../../src/hosts/node/database.ts';
import { type RunningServer, startNodeServer } from '../../../src/hosts/node/server.ts';
import { basicAuth } from '../../support/node-server.ts';
import { type SeedResult, seedDatabase } from '../../support/seed.ts';
import { TEST_PASSWORD, TEST_USER, testConfig } from '../../support/test-config.ts';

const ROOT = join(import.meta.dirname, '../../..');
/** The CLI's TypeScript source, run as is (Node strips the types). */
const SOURCE_CLI = join(ROOT, 'packages/client/src/cli.ts');
const PARALLEL = 4;

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The package's build (what its `bin` points at, dist/cli.js), compiled by the package's own tsconfig
 * into a temp dir: it starts with about half the CPU of the type-stripped source, which matters at
 * ~110 subprocesses. The source CLI is run too (see the last tests).
 */
async function buildCli(outDir: string): Promise<string> {
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  const project = join(ROOT, 'packages/client/tsconfig.json');
  await new Promise<void>((resolve, reject) => {
    execFile(process.execPath, [tsc, '-p', project, '--outDir', join(outDir, 'dist')], (error, stdout) =>
      error ? reject(new Error(`client build failed: ${stdout}`)) : resolve(),
    );
  });
  // ESM resolves bare imports (zod, jsonc-parser) from the file's folders upwards.
  writeFileSync(join(outDir, 'package.json'), '{ "type": "module" }\n');
  symlinkSync(join(ROOT, 'node_modules'), join(outDir, 'node_modules'), 'dir');
  return join(outDir, 'dist/cli.js');
}

/** Runs the CLI with the test's config file; never throws on a non-zero exit. */
function runCli(args: readonly string[], cli = builtCli): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, '--config', configFile, ...args], { timeout: 20_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Exit 0 and stdout is JSON. */
function json(run: CliRun): any {
  expect(run.stderr, run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout);
}

/** Exit 1, nothing on stdout, exactly one `Error: …` line on stderr. */
function failed(run: CliRun, message: RegExp): void {
  expect(run.code, run.stdout).toBe(1);
  expect(run.stdout).toBe('');
  const lines = run.stderr.split('\n').filter(Boolean);
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^Error: /);
  expect(lines[0]).toMatch(message);
}

async function api(path: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}/api/v1/${path}`, {
    headers: { Authorization: basicAuth(TEST_USER, TEST_PASSWORD) },
  });
  return { status: res.status, body: await res.json() };
}

/** Ids created by one phase for a later one. */
const ctx: { entered?: number; limitEntry?: number } = {};

interface Case {
  /** Phases run in order; the cases of one phase run side by side (they touch different state). */
  phase: number;
  args: () => string[];
  check(run: CliRun): void | Promise<void>;
}

const WRONG_LOGIN = ['--username', 'intruder', '--password', 'not-the-password'];
const unauthorized = (args: string[], phase = 0): Case => ({
  phase,
  args: () => [...WRONG_LOGIN, ...args],
  check: (r) => failed(r, /^Error: 401 Unauthorized$/),
});
/** `args` as a function when it needs the seeded ids (known only once the server runs). */
const ok = (phase: number, args: string[] | (() => string[]), check: (body: any) => void | Promise<void>): Case => ({
  phase,
  args: typeof args === 'function' ? args : () => args,
  check: (r) => check(json(r)),
});
const fails = (phase: number, args: string[], message: RegExp): Case => ({
  phase,
  args: () => args,
  check: (r) => failed(r, message),
});
const NOT_RUNNING = /^Error: 502 Error querying \/api\/v1\/\w+: trader is not running$/;

let seeded: SeedResult;
const future = '2030-01-01T00:00:00Z';

/**
 * Phase 0: reads of the seeded state. 1: changes to distinct rows. 2: follow-ups of phase 1.
 * 3, 3.05, 3.1: pause, stopbuy, stopentry (the bot ends paused). 4: stop; 4.1: what a stopped bot
 * refuses; 4.2: start. 5: reload_config (restarts the bot).
 */
const CASES: Record<string, { ok: Case; error: Case }> = {
  available_pairs: {
    ok: ok(0, ['timeframe=5m'], (b) => {
      expect(b.pairs).toEqual(['BTC/USDT', 'ETH/USDT', 'SOL/USDT']);
      expect(b.pair_interval).toContainEqual(['BTC/USDT', '5m', 'spot']);
    }),
    error: fails(0, ['candletype=bogus'], /^Error: 422 query\.candletype: Input should be 'spot'/),
  },
  balance: {
    ok: ok(0, [], (b) => {
      expect(b.stake).toBe('USDT');
      expect(b.currencies.map((c: any) => c.currency)).toContain('USDT');
    }),
    error: unauthorized(['balance']),
  },
  blacklist: {
    ok: ok(1, ['BNB/USDT'], async (b) => {
      expect(b.blacklist).toContain('BNB/USDT');
      expect((await api('blacklist')).body.blacklist).toContain('BNB/USDT');
    }),
    error: unauthorized(['blacklist']),
  },
  cancel_open_order: {
    ok: {
      phase: 2,
      args: () => [String(ctx.limitEntry)],
      check: async (r) => {
        expect(json(r).trade_id).toBe(ctx.limitEntry);
        // freqtrade: cancelling an entry order that filled nothing removes the trade.
        expect((await api(`trade/${ctx.limitEntry}`)).status).toBe(404);
      },
    },
    error: fails(0, ['999'], /^Error: 502 Error querying \/api\/v1\/trades\/999\/open-order: Invalid trade_id\.$/),
  },
  count: {
    ok: ok(0, [], (b) => expect(b.current).toBe(seeded.openIds.length)),
    error: fails(4.1, [], NOT_RUNNING),
  },
  custom_data: {
    ok: ok(
      0,
      () => [String(seeded.openIds[0])],
      (b) => {
        expect(b[0].trade_id).toBe(seeded.openIds[0]);
        expect(b[0].custom_data.map((d: any) => d.key)).toContain('note');
      },
    ),
    error: fails(0, ['999'], /^Error: 404 No trade found for trade_id: 999$/),
  },
  daily: {
    ok: ok(0, ['3'], (b) => expect(b.data).toHaveLength(3)),
    error: fails(0, ['days=-1'], /^Error: 422 query\.timescale: Input should be greater than or equal to 1$/),
  },
  delete_blacklist: {
    ok: ok(2, ['BNB/USDT'], (b) => expect(b.blacklist).not.toContain('BNB/USDT')),
    error: unauthorized(['delete_blacklist', 'BNB/USDT']),
  },
  delete_lock: {
    ok: {
      phase: 1,
      args: () => [String(seeded.lockIds.long)],
      check: async (r) => {
        expect(json(r).locks.map((l: any) => l.id)).not.toContain(seeded.lockIds.long);
        expect((await api('locks')).body.locks.map((l: any) => l.id)).not.toContain(seeded.lockIds.long);
      },
    },
    error: unauthorized(['delete_lock', '1']),
  },
  delete_locks: {
    ok: {
      phase: 1,
      args: () => [`lockid=${seeded.lockIds.star}`],
      check: (r) => expect(json(r).locks.map((l: any) => l.id)).not.toContain(seeded.lockIds.star),
    },
    error: unauthorized(['delete_locks', 'lockid=1']),
  },
  delete_trade: {
    ok: {
      phase: 1,
      args: () => [String(seeded.closedIds[0])],
      check: async (r) => {
        expect(json(r)).toMatchObject({ result: 'success', trade_id: seeded.closedIds[0] });
        expect((await api(`trade/${seeded.closedIds[0]}`)).status).toBe(404);
      },
    },
    error: fails(0, ['999'], /^Error: 502 Error querying \/api\/v1\/trades\/999: invalid argument$/),
  },
  // tickhub has no Edge: the route always answers freqtrade's "Edge is not enabled" (the command's success is reporting that).
  edge: {
    ok: fails(0, [], /^Error: 502 Error querying \/api\/v1\/edge: Edge is not enabled\.$/),
    error: unauthorized(['edge']),
  },
  entries: {
    ok: ok(0, [], (b) => expect(b.map((e: any) => e.enter_tag).sort()).toEqual(['Other', 'breakout', 'dip'])),
    error: unauthorized(['entries']),
  },
  exchanges: {
    ok: ok(0, [], (b) => expect(b.exchanges.map((e: any) => e.name)).toContain('offline')),
    error: unauthorized(['exchanges']),
  },
  exits: {
    ok: ok(0, ['BTC/USDT'], (b) => {
      expect(b.length).toBeGreaterThan(0);
      for (const e of b) expect(typeof e.exit_reason).toBe('string');
    }),
    error: unauthorized(['exits']),
  },
  forcebuy: {
    // A limit far below the market: the entry order stays open (cancel_open_order cancels it in phase 2).
    ok: ok(1, ['XRP/USDT', '0.0001'], async (b) => {
      expect(b).toMatchObject({ pair: 'XRP/USDT', is_open: true, enter_tag: 'force_entry' });
      ctx.limitEntry = b.trade_id;
      expect((await api('status')).body.map((t: any) => t.trade_id)).toContain(b.trade_id);
    }),
    error: fails(4.1, ['ETH/USDT'], NOT_RUNNING),
  },
  forceenter: {
    ok: ok(1, ['SOL/USDT', 'long', 'order_type=market', 'stake_amount=50', 'enter_tag=cli-e2e'], async (b) => {
      expect(b).toMatchObject({ pair: 'SOL/USDT', is_open: true, enter_tag: 'cli-e2e' });
      expect(b.stake_amount).toBeCloseTo(50, 0);
      ctx.entered = b.trade_id;
      expect((await api('status')).body.map((t: any) => t.trade_id)).toContain(b.trade_id);
      await server.deps.bot.tick();
    }),
    error: fails(0, ['SOL/USDT', 'sideways'], /^Error: 422 body\.side: Input should be 'long' or 'short'$/),
  },
  forceexit: {
    ok: {
      phase: 2,
      args: () => [String(ctx.entered), 'market'],
      check: async (r) => {
        expect(json(r)).toEqual({ result: `Created exit order for trade ${ctx.entered}.` });
        await server.deps.bot.tick();
        const trade = await api(`trade/${ctx.entered}`);
        expect(trade.status).toBe(200);
        expect(trade.body).toMatchObject({ is_open: false, exit_reason: 'force_exit' });
      },
    },
    error: fails(0, ['999'], /^Error: 502 Error querying \/api\/v1\/forceexit: invalid argument$/),
  },
  freqaimodels: {
    ok: ok(0, [], (b) => expect(b).toEqual({ freqaimodels: [] })),
    error: unauthorized(['freqaimodels']),
  },
  health: {
    ok: ok(0, [], (b) => {
      expect(b.last_process_ts).toBeGreaterThan(0);
      expect(b.bot_start_ts).toBeGreaterThan(0);
    }),
    error: unauthorized(['health']),
  },
  hyperoptloss: {
    ok: ok(0, [], (b) => expect(b).toEqual({ loss_functions: [] })),
    error: unauthorized(['hyperoptloss']),
  },
  lock_add: {
    // GET /locks lists side '*' locks only (as freqtrade), so the new lock is a '*' one.
    ok: ok(1, ['SOL/USDT', future, '*', 'reason=cli-e2e'], async (b) => {
      const added = expect.objectContaining({ pair: 'SOL/USDT', side: '*', reason: 'cli-e2e' });
      expect(b.locks).toContainEqual(added);
      expect((await api('locks')).body.locks).toContainEqual(added);
    }),
    error: fails(0, ['SOL/USDT', 'tomorrow'], /^Error: 422 body\.0\.until: /),
  },
  locks: {
    ok: ok(0, [], (b) => {
      const ids = b.locks.map((l: any) => l.id);
      expect(ids).toContain(seeded.lockIds.star);
      expect(ids).not.toContain(seeded.lockIds.expired);
      expect(b.lock_count).toBe(b.locks.length);
    }),
    error: unauthorized(['locks']),
  },
  login: {
    ok: ok(0, [], (b) => {
      expect(b.access_token.split('.')).toHaveLength(3);
      expect(b.refresh_token.split('.')).toHaveLength(3);
    }),
    error: {
      phase: 0,
      args: () => [...WRONG_LOGIN, 'login'],
      check: (r) => failed(r, /^Error: 401 Incorrect username or password$/),
    },
  },
  logs: {
    ok: ok(0, ['limit=2'], (b) => {
      expect(b.log_count).toBe(2);
      expect(b.logs).toHaveLength(2);
    }),
    error: fails(0, ['limit=-1'], /^Error: 422 query\.limit: /),
  },
  mix_tags: {
    ok: ok(0, [], (b) => {
      expect(b.reduce((n: number, m: any) => n + m.count, 0)).toBe(seeded.closedIds.length);
    }),
    error: unauthorized(['mix_tags']),
  },
  monthly: {
    ok: ok(0, ['2'], (b) => expect(b.data).toHaveLength(2)),
    error: fails(0, ['months=0'], /^Error: 422 query\.timescale: /),
  },
  pair_candles: {
    ok: ok(0, ['BTC/USDT', '5m', 'limit=2'], (b) => {
      expect(b).toMatchObject({ pair: 'BTC/USDT', timeframe: '5m', length: 2 });
      expect(b.data).toHaveLength(2);
      expect(b.columns).toContain('ema_fast');
    }),
    error: unauthorized(['pair_candles', 'BTC/USDT', '5m']),
  },
  pair_history: {
    ok: ok(0, ['ETH/USDT', '5m', 'MaCrossStrategy'], (b) => {
      expect(b).toMatchObject({ pair: 'ETH/USDT', strategy: 'MaCrossStrategy' });
      expect(b.length).toBeGreaterThan(0);
      expect(b.data).toHaveLength(b.length);
    }),
    error: fails(0, ['ETH/USDT', '5m', 'NoSuchStrategy'], /^Error: 502 Strategy NoSuchStrategy not found\.$/),
  },
  // Webserver-mode only in freqtrade; a trading bot (tickhub always is one) answers 503 after auth.
  pairlists_available: {
    ok: fails(0, [], /^Error: 503 Bot is not in the correct state\.$/),
    error: unauthorized(['pairlists_available']),
  },
  pause: {
    ok: ok(3, [], (b) => expect(b.status).toMatch(/paused/)),
    error: unauthorized(['pause']),
  },
  performance: {
    ok: ok(0, [], (b) => {
      expect(b.map((p: any) => p.pair).sort()).toEqual(['BTC/USDT', 'ETH/USDT', 'SOL/USDT']);
      expect(b.reduce((n: number, p: any) => n + p.count, 0)).toBe(seeded.closedIds.length);
    }),
    error: unauthorized(['performance']),
  },
  ping: {
    ok: ok(0, [], (b) => expect(b).toEqual({ status: 'pong' })),
    // /ping needs no credentials: its error case is a server URL with a wrong path (the API's 404).
    error: {
      phase: 0,
      args: () => ['--url', `${server.url}/api/v1`, 'ping'],
      check: (r) => failed(r, /^Error: 404 Not Found$/),
    },
  },
  plot_config: {
    ok: ok(0, [], (b) => expect(Object.keys(b.main_plot)).toEqual(['ema_fast', 'ema_slow'])),
    error: fails(0, ['NoSuchStrategy'], /^Error: 502 Strategy NoSuchStrategy not found\.$/),
  },
  profit: {
    ok: ok(0, [], (b) => {
      expect(b.closed_trade_count).toBe(seeded.closedIds.length);
      expect(b.trade_count).toBe(seeded.closedIds.length + seeded.openIds.length);
    }),
    error: unauthorized(['profit']),
  },
  profit_all: {
    ok: ok(0, [], (b) => {
      expect(b.all.closed_trade_count).toBe(seeded.closedIds.length);
      // freqtrade splits long/short only outside spot.
      expect(b.long).toBeNull();
      expect(b.short).toBeNull();
    }),
    error: unauthorized(['profit_all']),
  },
  reload_config: {
    ok: ok(5, [], (b) => expect(b).toEqual({ status: 'Reloading config ...' })),
    error: unauthorized(['reload_config']),
  },
  show_config: {
    ok: ok(0, [], (b) => {
      expect(b).toMatchObject({
        strategy: 'MaCrossStrategy',
        stake_currency: 'USDT',
        dry_run: true,
        exchange: 'offline',
      });
    }),
    error: unauthorized(['show_config']),
  },
  start: {
    ok: ok(4.2, [], async (b) => {
      expect(b).toEqual({ status: 'starting trader ...' });
      expect((await api('show_config')).body.state).toBe('running');
    }),
    error: unauthorized(['start']),
  },
  stats: {
    ok: ok(0, [], (b) => {
      const exits = Object.values(b.exit_reasons) as { wins: number; losses: number; draws: number }[];
      expect(exits.reduce((n, e) => n + e.wins + e.losses + e.draws, 0)).toBe(seeded.closedIds.length);
    }),
    error: unauthorized(['stats']),
  },
  status: {
    ok: ok(0, [], (b) => expect(b.map((t: any) => t.trade_id).sort()).toEqual([...seeded.openIds].sort())),
    error: unauthorized(['status']),
  },
  stop: {
    ok: ok(4, [], async (b) => {
      expect(b).toEqual({ status: 'stopping trader ...' });
      expect((await api('show_config')).body.state).toBe('stopped');
    }),
    error: unauthorized(['stop']),
  },
  stopbuy: {
    ok: ok(3.05, [], (b) => expect(b.status).toMatch(/no more entries/)),
    error: unauthorized(['stopbuy']),
  },
  stopentry: {
    ok: ok(3.1, [], async (b) => {
      expect(b.status).toMatch(/no more entries/);
      expect((await api('show_config')).body.state).toBe('paused');
    }),
    error: unauthorized(['stopentry']),
  },
  strategies: {
    ok: ok(0, [], (b) => expect(b.strategies).toContain('MaCrossStrategy')),
    error: unauthorized(['strategies']),
  },
  strategy: {
    ok: ok(0, ['MaCrossStrategy'], (b) => {
      expect(b.strategy).toBe('MaCrossStrategy');
      expect(b.code).toMatch(/class MaCrossStrategy/);
    }),
    error: fails(0, ['NoSuchStrategy'], /^Error: 404 Strategy not found$/),
  },
  subscribe: {
    ok: {
      phase: 1,
      args: () => ['whitelist', 'count=1'],
      check: (r) => {
        const lines = r.stdout.trim().split('\n');
        expect(r.code, r.stderr).toBe(0);
        expect(lines).toHaveLength(1);
        expect(JSON.parse(lines[0])).toEqual({ type: 'whitelist', data: ['CLI/E2E'] });
      },
    },
    error: fails(
      0,
      ['token=not-a-valid-token'],
      /^Error: could not connect to the message websocket ws:\/\/127\.0\.0\.1:\d+\/api\/v1\/message\/ws\?token=\*\*\* \(server unreachable or token refused\)$/,
    ),
  },
  sysinfo: {
    ok: ok(0, [], (b) => {
      expect(Array.isArray(b.cpu_pct)).toBe(true);
      expect(typeof b.ram_pct).toBe('number');
    }),
    error: unauthorized(['sysinfo']),
  },
  trade: {
    ok: ok(
      0,
      () => [String(seeded.openIds[0])],
      (b) => {
        expect(b).toMatchObject({ trade_id: seeded.openIds[0], is_open: true });
      },
    ),
    error: fails(0, ['999'], /^Error: 404 Trade not found\.$/),
  },
  trade_reload: {
    ok: ok(
      1,
      () => [String(seeded.openIds[1])],
      (b) => expect(b.trade_id).toBe(seeded.openIds[1]),
    ),
    error: fails(0, ['999'], /^Error: 502 Error querying \/api\/v1\/trades\/999\/reload: Could not find trade/),
  },
  trades: {
    ok: ok(0, ['limit=5'], (b) => {
      expect(b.trades).toHaveLength(5);
      expect(b.total_trades).toBe(seeded.closedIds.length);
    }),
    error: fails(0, ['limit=-1'], /^Error: 422 query\.limit: Input should be greater than or equal to 0$/),
  },
  version: {
    ok: ok(0, [], (b) => expect(b.version).toMatch(/^\d+\.\d+\.\d+/)),
    error: unauthorized(['version']),
  },
  weekly: {
    ok: ok(0, ['2'], (b) => expect(b.data).toHaveLength(2)),
    error: fails(0, ['weeks=0'], /^Error: 422 query\.timescale: /),
  },
  whitelist: {
    ok: ok(0, [], (b) => expect(b).toMatchObject({ whitelist: ['BTC/USDT', 'ETH/USDT', 'SOL/USDT'], length: 3 })),
    error: unauthorized(['whitelist']),
  },
};

let server: RunningServer;
let dir: string;
let configFile: string;
let builtCli: string;
const outcomes = new Map<string, { error?: unknown; done: boolean }>();

/** Runs `jobs` with at most `limit` of them at a time. */
async function pool(jobs: (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) await jobs[next++]();
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
}

/** Keeps publishing a whitelist message once the subscribe subprocess has subscribed. */
async function feedSubscriber(until: Promise<unknown>): Promise<void> {
  let done = false;
  void until.finally(() => {
    done = true;
  });
  while (!done) {
    if (server.hub.hasSubscribers('whitelist')) server.hub.publish({ type: 'whitelist', data: ['CLI/E2E'] });
    await new Promise((r) => setTimeout(r, 50));
  }
}

function commandArgs(name: string, c: Case): string[] {
  const args = c.args();
  // Cases built with `unauthorized` carry their own command name after the options.
  return args[0] === '--username' || args[0] === '--url' ? args : [name, ...args];
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tickhub-cli-e2e-'));
  const building = buildCli(join(dir, 'client'));
  const dbUrl = `file:${join(dir, 'tradesv3.sqlite')}`;
  const db = await openDatabase(dbUrl);
  seeded = await seedDatabase(db.db, { candlesPerPair: 300 });
  db.close();
  const { config } = validateConfig(
    testConfig({ user_data_dir: dir, max_open_trades: 10, force_entry_enable: true }) as Record<string, unknown>,
  );
  server = await startNodeServer({
    config,
    configFiles: [],
    dbUrl,
    port: 0,
    autoTick: false,
    readConfig: () => config,
  });
  for (let i = 0; i < 3; i++) await server.deps.bot.tick();

  builtCli = await building;
  configFile = join(dir, 'client-config.json');
  writeFileSync(
    configFile,
    `// tickhub-client settings (freqtrade-style JSON: comments and trailing commas allowed)
{
  "api_server": {
    "listen_ip_address": "127.0.0.1",
    "listen_port": ${server.port},
    "username": "${TEST_USER}",
    "password": "${TEST_PASSWORD}",
  },
}
`,
  );

  const jobs = COMMANDS.flatMap((command) => {
    const cases = CASES[command.name];
    if (!cases) return [];
    return (['ok', 'error'] as const).map((kind) => ({ key: `${command.name}:${kind}`, name: command.name, kind }));
  });
  const phases = [...new Set(jobs.map((j) => CASES[j.name][j.kind].phase))].sort((a, b) => a - b);
  for (const phase of phases) {
    const inPhase = jobs.filter((j) => CASES[j.name][j.kind].phase === phase);
    await pool(
      inPhase.map((job) => async () => {
        const c = CASES[job.name][job.kind];
        try {
          const running = runCli(commandArgs(job.name, c));
          if (job.name === 'subscribe' && job.kind === 'ok') await feedSubscriber(running);
          await c.check(await running);
          outcomes.set(job.key, { done: true });
        } catch (error) {
          outcomes.set(job.key, { done: true, error });
        }
      }),
      PARALLEL,
    );
  }
}, 300_000);

afterAll(async () => {
  await server?.close().catch(() => undefined);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('tickhub-client CLI against a real tickhub server', () => {
  it('has a success and an error case for every command of the command table', () => {
    expect(Object.keys(CASES).sort()).toEqual(COMMANDS.map((c) => c.name).sort());
  });

  for (const command of COMMANDS) {
    for (const kind of ['ok', 'error'] as const) {
      it(`${command.name}: ${kind === 'ok' ? 'success' : 'error'}`, () => {
        const outcome = outcomes.get(`${command.name}:${kind}`);
        expect(outcome?.done, 'case ran').toBe(true);
        if (outcome?.error) throw outcome.error;
      });
    }
  }

  it('the TypeScript source CLI (src/cli.ts) answers like the build', async () => {
    const [source, built] = await Promise.all([runCli(['whitelist'], SOURCE_CLI), runCli(['whitelist'])]);
    expect(json(source)).toEqual(json(built));
    expect(json(source).whitelist).toEqual(['BTC/USDT', 'ETH/USDT', 'SOL/USDT']);
  });

  it('a URL that serves a web page instead of the API exits 1 with one line', async () => {
    const run = await runCli(['--url', `${server.url}/elsewhere`, 'ping'], SOURCE_CLI);
    failed(run, /^Error: GET http:\/\/\S+\/elsewhere\/api\/v1\/ping answered with a non-JSON body /);
  });

  it('a refused connection (server closed) exits 1 with one line', async () => {
    await server.close();
    const run = await runCli(['ping'], SOURCE_CLI);
    failed(run, new RegExp(`^Error: could not connect to http://127\\.0\\.0\\.1:${server.port}$`));
  });
});
