// The bot-tick benchmark, in its own process so process.cpuUsage() sees only the bot: a real Bot
// (dry-run broker, MaCrossStrategy, libSQL file) over 100 offline pairs × 1,000 5m candles, driven
// by a manual clock. The cold tick loads every pair's candles; each steady tick follows one new
// 5m candle per pair (fetch the new candle, analyse 1,000 candles per pair, manage trades).
// Sends its result over IPC (or prints JSON when run alone).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bot } from '../../src/bot/bot.ts';
import type { TickTimings } from '../../src/bot/deps.ts';
import { loadStrategy, orderExchange } from '../../src/bot/factory.ts';
import { validateConfig } from '../../src/config/load.ts';
import { openDatabase } from '../../src/hosts/node/database.ts';
import { RecordingHub } from '../../src/rpc/hub.ts';
import { ManualClock } from '../../src/util/clock.ts';
import { LogHub } from '../../src/util/logger.ts';
import { benchConfig } from '../lib/bench-config.ts';
import { WideOfflineMarket } from '../lib/wide-offline-market.ts';

const PAIRS = Number(process.env.BENCH_TICK_PAIRS ?? 100);
const STEADY_TICKS = Number(process.env.BENCH_TICK_COUNT ?? 10);
const FIVE_MIN = 300_000;

export interface TickSample {
  cpuMs: number;
  wallMs: number;
  timings: TickTimings;
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'tickhub-bench-tick-'));
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 12, 0, 7));
  const market = new WideOfflineMarket(Math.ceil(PAIRS / 8), clock);
  await market.loadMarkets();
  const pairs = market.symbols().slice(0, PAIRS);
  const { config } = validateConfig(
    benchConfig({
      user_data_dir: dir,
      initial_state: 'running',
      trading_mode: 'spot',
      margin_mode: '',
      max_open_trades: 10,
      stake_amount: 100,
      dry_run_wallet: 1_000_000,
      exchange: { name: 'offline', pair_whitelist: pairs },
    }),
  );
  const database = await openDatabase(`file:${join(dir, 'tradesv3.sqlite')}`);
  // Diagnostic knob: e.g. BENCH_TICK_SYNC=NORMAL to see what WAL fsyncs cost a tick.
  if (process.env.BENCH_TICK_SYNC) await database.client.execute(`PRAGMA synchronous=${process.env.BENCH_TICK_SYNC}`);
  const logs = new LogHub(() => clock.now());
  const hub = new RecordingHub();
  const bot = new Bot({
    config,
    db: database.db,
    clock,
    log: logs.logger('bench.bot'),
    hub,
    exchange: orderExchange(config, market, database.db, clock),
    strategy: await loadStrategy(config),
  });
  await bot.init();

  const tick = async (): Promise<TickSample> => {
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    await bot.tick();
    return { cpuMs: cpuMs(c0), wallMs: performance.now() - w0, timings: { ...bot.lastTickTimings! } };
  };
  const cold = await tick();
  const steady: TickSample[] = [];
  // Diagnostic: BENCH_TICK_PROFILE=<file.cpuprofile> records a CPU profile of the steady ticks only.
  const profileFile = process.env.BENCH_TICK_PROFILE;
  const session = profileFile ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  for (let i = 0; i < STEADY_TICKS; i++) {
    clock.advance(FIVE_MIN);
    steady.push(await tick());
  }
  if (session && profileFile) {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(profileFile, JSON.stringify(profile));
    session.disconnect();
  }
  clock.advance(5_000);
  const idle = await tick();
  const openTrades = (await database.client.execute('SELECT count(*) AS n FROM trades WHERE is_open = 1')).rows[0].n;
  const candles = bot.analyzed(pairs[0])?.frame.close.length ?? 0;
  const result = {
    pairs: pairs.length,
    candlesPerPair: candles,
    strategy: bot.strategy.name,
    cold,
    steady,
    idle,
    openTrades: Number(openTrades),
    messages: hub.messages.length,
  };
  database.close();
  rmSync(dir, { recursive: true, force: true });
  if (process.send) process.send(result);
  else console.log(JSON.stringify(result, null, 1));
}

await main();
