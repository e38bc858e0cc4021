// `npm run lookahead-analysis -- --strategy NAME ...` and `npm run recursive-analysis -- ...`:
// freqtrade's bias checks over the same data sources as backtesting (data directory or --db-url).

import { parseArgs } from 'node:util';
import { lookaheadAnalysis, recursiveAnalysis } from '../backtest/analysis.ts';
import { candlesInTimerange } from '../backtest/run.ts';
import { ConfigError } from '../config/load.ts';
import { loadCandles } from '../db/repo/candles.ts';
import type { Candle } from '../exchange/port.ts';
import { defaultDatadir, readPairData } from '../hosts/node/backtest/data-dir.ts';
import { loadStrategies } from '../hosts/node/backtest/job.ts';
import { openDatabase } from '../hosts/node/database.ts';
import { renderTable } from './backtest-report.ts';
import { configFrom, expandListFlags } from './backtesting.ts';

export async function runAnalysis(kind: 'lookahead' | 'recursive', argv: string[]): Promise<string> {
  const { values } = parseArgs({
    args: expandListFlags(argv),
    options: {
      config: { type: 'string', short: 'c', multiple: true },
      'db-url': { type: 'string' },
      'user-data-dir': { type: 'string', short: 'u' },
      datadir: { type: 'string', short: 'd' },
      strategy: { type: 'string', short: 's' },
      timeframe: { type: 'string', short: 'i' },
      timerange: { type: 'string' },
      pairs: { type: 'string', short: 'p', multiple: true },
      'targeted-trade-amount': { type: 'string' },
      'minimum-trade-amount': { type: 'string' },
      'startup-candle': { type: 'string', multiple: true },
    },
    allowPositionals: false,
  });
  const config = configFrom(values);
  const [strategy] = await loadStrategies(config, [values.strategy ?? config.strategy]);
  const timeframe = values.timeframe ?? strategy.timeframe;
  const pairs = values.pairs?.length ? values.pairs : config.exchange.pair_whitelist;
  const candleType = config.trading_mode === 'futures' ? 'futures' : 'spot';
  const database = values['db-url'] ? await openDatabase(values['db-url']) : null;
  const datadir = values.datadir ?? defaultDatadir(config.user_data_dir, config.exchange.name);
  const data = new Map<string, Candle[]>();
  try {
    for (const pair of pairs) {
      const all = database
        ? await loadCandles(database.db, { pair, timeframe, candleType })
        : readPairData(datadir, pair, timeframe, candleType);
      const candles = candlesInTimerange(all, values.timerange ?? '');
      if (candles.length === 0)
        throw new ConfigError([{ path: '--pairs', message: `no ${timeframe} data for ${pair}` }]);
      data.set(pair, candles);
    }
  } finally {
    database?.close();
  }
  if (kind === 'lookahead') {
    const r = lookaheadAnalysis(strategy, data, timeframe, {
      targetedSignals: values['targeted-trade-amount'] ? Number(values['targeted-trade-amount']) : undefined,
      minimumSignals: values['minimum-trade-amount'] ? Number(values['minimum-trade-amount']) : undefined,
    });
    const headers = [
      'strategy',
      'has_bias',
      'total_signals',
      'biased_entry_signals',
      'biased_exit_signals',
      'biased_indicators',
    ];
    const row = [
      r.strategy,
      r.too_few_signals ? 'too few signals' : String(r.has_bias),
      r.total_signals,
      r.biased_entry_signals,
      r.biased_exit_signals,
      r.biased_indicators.join(', '),
    ];
    return renderTable('LOOKAHEAD ANALYSIS', headers, [row]);
  }
  const counts = (values['startup-candle'] ?? ['199', '399', '499', '999', '1999']).map(Number);
  const out: string[] = [];
  for (const [pair, candles] of data) {
    const r = recursiveAnalysis(strategy, pair, candles, timeframe, counts);
    const rows = Object.entries(r.indicators).map(([name, diffs]) => [
      name,
      ...diffs.map((d) => (d === null ? '-' : `${d.toFixed(3)}%`)),
    ]);
    out.push(renderTable(`RECURSIVE ANALYSIS ${pair}`, ['indicators', ...r.startupCandles.map(String)], rows));
  }
  return out.join('\n');
}

export async function main(kind: 'lookahead' | 'recursive'): Promise<void> {
  try {
    console.log(await runAnalysis(kind, process.argv.slice(2)));
    process.exit(0);
  } catch (e) {
    console.error(
      e instanceof ConfigError ? e.message : `${kind}-analysis failed: ${e instanceof Error ? e.message : e}`,
    );
    process.exit(1);
  }
}
