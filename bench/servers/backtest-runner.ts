// The backtesting benchmark, in its own process so its wall time and peak RSS are its own:
// MaCrossStrategy over 1 year of 5m candles × 10 pairs read from a freqtrade data directory
// (feather), the result built in freqtrade's shape. Sends the figures over IPC (or prints JSON).

import { configSchema } from '../../src/config/schema.ts';
import { runBacktestJob } from '../../src/hosts/node/backtest/job.ts';

const datadir = process.argv[2];
const pairs = process.argv.slice(3);
const started = performance.now();
const cpu0 = process.cpuUsage();
const config = configSchema.parse({
  stake_amount: 100,
  max_open_trades: 5,
  exchange: { name: 'binance', pair_whitelist: pairs },
});
const steps: Record<string, number> = {};
const { result } = await runBacktestJob(
  {
    config,
    strategies: ['MaCrossStrategy'],
    overrides: { fee: 0.001 },
    datadir,
    dataFormat: 'feather',
    export: 'none',
  },
  (p) => {
    steps[p.step] ??= Math.round(performance.now() - started);
  },
);
const cpu = process.cpuUsage(cpu0);
const s = result.strategy.MaCrossStrategy as { total_trades: number; pairlist: string[] };
const out = {
  wallMs: Math.round(performance.now() - started),
  cpuMs: Math.round((cpu.user + cpu.system) / 1000),
  peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  trades: s.total_trades,
  pairs: s.pairlist.length,
  stepStartMs: steps,
};
if (process.send) process.send(out);
else console.log(JSON.stringify(out));
