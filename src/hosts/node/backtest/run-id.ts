// freqtrade's get_strategy_run_id: a SHA-1 over the run's effective config (command-line options
// merged in; strategy_list, original_config, telegram and api_server left out as they cannot
// change a result), the strategy's parameter file and the strategy file's bytes. Editing the
// strategy, its <Strategy>.json or any setting therefore evicts a cached result, as in freqtrade.
// The hash cannot equal freqtrade's own (different config object and strategy language).

import { createHash } from 'node:crypto';
import type { BacktestOverrides } from '../../../backtest/settings.ts';
import type { Config } from '../../../config/schema.ts';

const NOT_IMPORTANT_KEYS = ['strategy_list', 'original_config', 'telegram', 'api_server'] as const;

export interface RunIdInputs {
  config: Config;
  overrides: BacktestOverrides;
  strategy: string;
  /** --export and --cache are config keys in freqtrade, so they are part of the hash there too. */
  exportMode: string;
  cache: string;
  /** The strategy file's text. */
  code: string;
  /** The parameter file's text (freqtrade's _ft_params_from_file), if there is one. */
  parameterFile: string | undefined;
}

/** The config as freqtrade's backtesting sees it: the file, with the command-line options merged in. */
function effectiveConfig(i: RunIdInputs): Record<string, unknown> {
  const o = i.overrides;
  const config: Record<string, unknown> = { ...i.config, strategy: i.strategy };
  for (const k of NOT_IMPORTANT_KEYS) delete config[k];
  const set = (key: string, value: unknown) => {
    if (value !== undefined) config[key] = value;
  };
  set('timeframe', o.timeframe);
  set('timeframe_detail', o.timeframeDetail);
  set('timerange', o.timerange);
  set('max_open_trades', o.maxOpenTrades);
  set('stake_amount', o.stakeAmount);
  set('dry_run_wallet', o.dryRunWallet);
  set('fee', o.fee);
  set('enable_protections', o.enableProtections);
  if (o.pairs) config.exchange = { ...i.config.exchange, pair_whitelist: o.pairs };
  config.export = i.exportMode;
  config.backtest_cache = i.cache;
  return config;
}

function parameters(text: string | undefined): unknown {
  if (text === undefined) return {};
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function strategyRunId(i: RunIdInputs): string {
  const digest = createHash('sha1');
  digest.update(JSON.stringify(effectiveConfig(i)));
  digest.update(JSON.stringify(parameters(i.parameterFile)));
  digest.update(i.code);
  return digest.digest('hex');
}
