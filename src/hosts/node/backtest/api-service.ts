// The backtest service of webserver mode on Node: runs go to a worker thread (the API keeps
// answering), candles come from the candle store the data download fills, and results are saved
// to and read from user_data/backtest_results in freqtrade's file layout.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  BacktestHistoryEntry,
  BacktestRequest,
  BacktestResultBody,
  BacktestRunHooks,
  BacktestService,
} from '../../../api/webserver/services.ts';
import type { Config } from '../../../config/schema.ts';
import {
  backtestResultFiles,
  deleteBacktestResultFiles,
  findResultFile,
  loadBacktestResult,
  loadMarketChange,
  metadataFilename,
  resultStem,
} from './results-store.ts';
import { runBacktestInWorker } from './worker.ts';

export interface NodeBacktestServiceOptions {
  config: () => Config;
  /** The candle store the backtests read (the webserver's database). */
  dbUrl: string;
}

export function nodeBacktestService(opts: NodeBacktestServiceOptions): BacktestService {
  const dir = () => join(opts.config().user_data_dir, 'backtest_results');
  /** The result's zip, else its 2024.10 json (freqtrade's order); undefined when neither exists. */
  const fileOf = (stem: string) => findResultFile(dir(), stem);

  const entriesOf = (stem: string): BacktestHistoryEntry[] => {
    const meta = join(dir(), `${stem}.meta.json`);
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
        const stem = resultStem(stored.file);
        for (const [name, meta] of Object.entries(body.metadata)) {
          meta.filename = stem;
          meta.strategy = name;
        }
      }
      return body;
    },

    async history() {
      return backtestResultFiles(dir()).flatMap((f) => entriesOf(resultStem(f)));
    },

    async historyResult(stem, strategy) {
      const file = fileOf(stem);
      if (!file) return undefined;
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
      if (!file) return undefined;
      const stats = loadBacktestResult(file).strategy[strategy] as Record<string, any> | undefined;
      if (!stats) return undefined;
      return { startingBalance: Number(stats.starting_balance), trades: stats.trades ?? [] };
    },

    async marketChange(stem) {
      return existsSync(dir()) ? loadMarketChange(dir(), stem) : undefined;
    },

    async deleteResult(stem) {
      if (!fileOf(stem)) return false;
      deleteBacktestResultFiles(dir(), stem);
      return true;
    },

    async updateNotes(stem, strategy, notes) {
      const file = fileOf(stem);
      if (!file) return undefined;
      const metaFile = metadataFilename(file);
      if (!existsSync(metaFile)) return undefined;
      const metadata = JSON.parse(readFileSync(metaFile, 'utf8')) as Record<string, Record<string, unknown>>;
      if (!metadata[strategy]) throw new Error('Strategy not in metadata.');
      metadata[strategy].notes = notes;
      writeFileSync(metaFile, JSON.stringify(metadata, null, 4));
      return entriesOf(stem);
    },
  };
}
