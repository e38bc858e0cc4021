// The backtest service of webserver mode on Node: runs go to a worker thread (the API keeps
// answering), candles come from the candle store the data download fills, and results are saved
// to and read from user_data/backtest_results in freqtrade's file layout.

import { existsSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  BacktestHistoryEntry,
  BacktestRequest,
  BacktestResultBody,
  BacktestRunHooks,
  BacktestService,
} from '../../../api/webserver/services.ts';
import type { Config } from '../../../config/schema.ts';
import type { Db } from '../../../db/client.ts';
import { loadCandles } from '../../../db/repo/candles.ts';
import { marketChangeTable } from '../../../reports/market-change.ts';
import { loadBacktestResult, metadataFilename } from './results-store.ts';
import { runBacktestInWorker } from './worker.ts';

/** freqtrade's _get_backtest_files: result files (not their .meta.json), newest name first. */
const RESULT_FILE = /^backtest-result-.*-\d\d\.json$/;

export interface NodeBacktestServiceOptions {
  config: () => Config;
  /** The webserver's database (its candles give the market change saved with each result). */
  db: Db;
  /** The candle store the backtests read (the webserver's database). */
  dbUrl: string;
}

export function nodeBacktestService(opts: NodeBacktestServiceOptions): BacktestService {
  const dir = () => join(opts.config().user_data_dir, 'backtest_results');
  const fileOf = (stem: string) => join(dir(), `${stem}.json`);

  const entriesOf = (stem: string): BacktestHistoryEntry[] => {
    const meta = metadataFilename(fileOf(stem));
    if (!existsSync(meta)) return [];
    const metadata = JSON.parse(readFileSync(meta, 'utf8')) as Record<string, Record<string, any>>;
    return Object.entries(metadata).map(([strategy, m]) => ({
      filename: stem,
      strategy,
      run_id: String(m.run_id),
      backtest_start_time: Number(m.backtest_start_time),
      notes: typeof m.notes === 'string' ? m.notes : '',
      backtest_start_ts: m.backtest_start_ts ?? null,
      backtest_end_ts: m.backtest_end_ts ?? null,
      timeframe: m.timeframe ?? null,
      timeframe_detail: m.timeframe_detail ?? null,
    }));
  };

  /** freqtrade stores the market change beside the result (as feather; here as JSON). */
  const saveMarketChange = async (stem: string, body: BacktestResultBody) => {
    const [name] = Object.keys(body.strategy);
    const stats = body.strategy[name] as { pairlist?: string[] };
    const meta = body.metadata[name] as { timeframe: string; backtest_start_ts: number; backtest_end_ts: number };
    const candleType = opts.config().trading_mode === 'futures' ? 'futures' : 'spot';
    const from = meta.backtest_start_ts * 1000;
    const to = meta.backtest_end_ts * 1000;
    const series = [];
    for (const pair of stats.pairlist ?? []) {
      series.push(await loadCandles(opts.db, { pair, timeframe: meta.timeframe, candleType }, from, to));
    }
    writeFileSync(marketChangeFile(stem), JSON.stringify(marketChangeTable(series, from, to)));
  };
  const marketChangeFile = (stem: string) => join(dir(), `${stem}_market_change.json`);

  return {
    async run(request: BacktestRequest, hooks: BacktestRunHooks): Promise<BacktestResultBody> {
      if (request.freqaimodel) throw new Error('FreqAI is not available in tickhub.');
      const base = opts.config();
      const stake = request.stake_amount;
      const { result, stored } = await runBacktestInWorker(
        {
          config: { ...base, dry_run: true },
          strategies: [request.strategy],
          overrides: {
            timeframe: request.timeframe ?? undefined,
            timeframeDetail: request.timeframe_detail ?? undefined,
            timerange: request.timerange ?? undefined,
            maxOpenTrades: request.max_open_trades ?? undefined,
            stakeAmount:
              stake === null || stake === undefined ? undefined : stake === 'unlimited' ? 'unlimited' : Number(stake),
            dryRunWallet: request.dry_run_wallet ?? undefined,
            enableProtections: request.enable_protections,
          },
          dbUrl: opts.dbUrl,
          export: 'trades',
          exportFilename: dir(),
        },
        { signal: hooks.signal, onProgress: (p) => hooks.onProgress(p.step, p.progress) },
      );
      const body = result as unknown as BacktestResultBody;
      if (stored) {
        const stem = stored.file.slice(stored.file.lastIndexOf('/') + 1, -'.json'.length);
        for (const [name, meta] of Object.entries(body.metadata)) {
          meta.filename = stem;
          meta.strategy = name;
        }
        await saveMarketChange(stem, body);
      }
      return body;
    },

    async history() {
      if (!existsSync(dir())) return [];
      const files = readdirSync(dir())
        .filter((f) => RESULT_FILE.test(f) && !f.endsWith('.meta.json'))
        .sort()
        .reverse();
      return files.flatMap((f) => entriesOf(f.slice(0, -'.json'.length)));
    },

    async historyResult(stem, strategy) {
      const file = fileOf(stem);
      if (!existsSync(file)) return undefined;
      const saved = loadBacktestResult(file);
      const stats = saved.strategy[strategy];
      const meta = saved.metadata[strategy];
      if (!stats || !meta) return undefined;
      return {
        metadata: { [strategy]: { ...meta, filename: stem } },
        strategy: { [strategy]: stats },
        strategy_comparison: saved.strategy_comparison.filter((row) => row.key === strategy).slice(0, 1),
      };
    },

    async walletSource(stem, strategy) {
      const file = fileOf(stem);
      if (!existsSync(file)) return undefined;
      const stats = loadBacktestResult(file).strategy[strategy] as Record<string, any> | undefined;
      if (!stats) return undefined;
      return { startingBalance: Number(stats.starting_balance), trades: stats.trades ?? [] };
    },

    async marketChange(stem) {
      const file = marketChangeFile(stem);
      return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
    },

    async deleteResult(stem) {
      const file = fileOf(stem);
      if (!existsSync(file)) return false;
      for (const f of [file, metadataFilename(file), marketChangeFile(stem)]) if (existsSync(f)) unlinkSync(f);
      return true;
    },

    async updateNotes(stem, strategy, notes) {
      const file = fileOf(stem);
      const metaFile = metadataFilename(file);
      if (!existsSync(file) || !existsSync(metaFile)) return undefined;
      const metadata = JSON.parse(readFileSync(metaFile, 'utf8')) as Record<string, Record<string, unknown>>;
      if (!metadata[strategy]) throw new Error('Strategy not in metadata.');
      metadata[strategy].notes = notes;
      writeFileSync(metaFile, JSON.stringify(metadata, null, 4));
      return entriesOf(stem);
    },
  };
}
