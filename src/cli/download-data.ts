// `npm run download-data -- --pairs BTC/USDT ETH/USDT --timeframes 5m 1h --days 30`
// Fills the candle store (the bot's database) from the configured exchange, with a progress bar.

import { parseArgs } from 'node:util';
import { MultiBar, Presets } from 'cli-progress';
import { createMarket } from '../bot/factory.ts';
import { defaultDbUrl } from '../config/defaults.ts';
import { ConfigError, loadConfig, validateConfig } from '../config/load.ts';
import { candlePersistence } from '../db/repo/candles.ts';
import { downloadCandles, expectedCandles } from '../exchange/download.ts';
import { isValidTimeframe } from '../exchange/port.ts';
import { DataDirWriter, defaultDatadir, OHLCV_FORMATS, type OhlcvFormat } from '../hosts/node/backtest/data-dir.ts';
import { readConfigFiles } from '../hosts/node/config-files.ts';
import { openDatabase } from '../hosts/node/database.ts';
import { systemClock } from '../util/clock.ts';
import { LogHub } from '../util/logger.ts';

const HELP = `Usage: npm run download-data -- [--config FILE]... [--pairs P ...] [--timeframes TF ...] [--days N] [--db-url URL]
       [--user-data-dir DIR] [--datadir DIR] [--data-format-ohlcv json|jsongz|feather]
Downloads candles into the bot's database (default pairs: the config's pair_whitelist; timeframes: 5m 1h; days: 30).
With --datadir or --data-format-ohlcv, into freqtrade's data directory instead (default <user_data_dir>/data/<exchange>,
format feather), where \`npm run backtesting\` and freqtrade itself read them.`;

function listArg(values: string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(/[\s,]+/)).filter(Boolean);
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    options: {
      config: { type: 'string', short: 'c', multiple: true },
      pairs: { type: 'string', short: 'p', multiple: true },
      timeframes: { type: 'string', short: 't', multiple: true },
      days: { type: 'string' },
      'db-url': { type: 'string' },
      'user-data-dir': { type: 'string', short: 'u' },
      datadir: { type: 'string', short: 'd' },
      'data-format-ohlcv': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  // Values after --pairs / --timeframes without repeating the flag arrive as positionals.
  const loose = positionals;
  const config = values.config?.length
    ? loadConfig(readConfigFiles(values.config), process.env).config
    : validateConfig({}).config;
  const pairs = [...listArg(values.pairs), ...loose.filter((p) => p.includes('/'))];
  const timeframes = [...listArg(values.timeframes), ...loose.filter((p) => isValidTimeframe(p))];
  if (values['user-data-dir']) config.user_data_dir = values['user-data-dir'];
  const format = values['data-format-ohlcv'];
  if (format !== undefined && !(OHLCV_FORMATS as readonly string[]).includes(format)) {
    throw new ConfigError([{ path: '--data-format-ohlcv', message: `must be one of ${OHLCV_FORMATS.join(', ')}` }]);
  }
  const toDatadir = values.datadir !== undefined || format !== undefined;
  const days = values.days === undefined ? 30 : Number(values.days);
  if (!Number.isFinite(days) || days <= 0)
    throw new ConfigError([{ path: '--days', message: 'must be a positive number' }]);
  const usePairs = pairs.length ? pairs : config.exchange.pair_whitelist;
  const useTimeframes = timeframes.length ? timeframes : ['5m', '1h'];
  for (const tf of useTimeframes) {
    if (!isValidTimeframe(tf)) throw new ConfigError([{ path: '--timeframes', message: `invalid timeframe ${tf}` }]);
  }
  if (usePairs.length === 0)
    throw new ConfigError([{ path: '--pairs', message: 'no pairs given and none in the config' }]);

  const logs = new LogHub();
  const log = logs.logger('download');
  logs.addSink((r) => process.stderr.write(`${r[3]}: ${r[4]}\n`));
  const market = await createMarket(config, { clock: systemClock, log });
  await market.loadMarkets();
  const unknown = usePairs.filter((p) => !market.markets()[p]);
  if (unknown.length)
    throw new ConfigError([{ path: '--pairs', message: `unknown on ${market.id}: ${unknown.join(', ')}` }]);
  const datadir = values.datadir ?? defaultDatadir(config.user_data_dir, config.exchange.name);
  const files = toDatadir ? new DataDirWriter(datadir, (format ?? 'feather') as OhlcvFormat) : null;
  const database = files ? null : await openDatabase(values['db-url'] ?? defaultDbUrl(config));
  const store = files ?? candlePersistence(database!.db);
  const until = systemClock.now();
  const since = until - days * 86_400_000;
  const candleType = config.trading_mode === 'futures' ? 'futures' : 'spot';

  const bars = new MultiBar(
    {
      format: ' {bar} {percentage}% | {job} | {value}/{total} candles',
      hideCursor: true,
      clearOnComplete: false,
      noTTYOutput: true,
      notTTYSchedule: 500,
    },
    Presets.shades_classic,
  );
  let saved = 0;
  try {
    for (const pair of usePairs) {
      for (const timeframe of useTimeframes) {
        const job = { pair, timeframe, candleType, since, until } as const;
        const bar = bars.create(expectedCandles(job), 0, { job: `${pair} ${timeframe}` });
        saved += await downloadCandles(market, store, job, (p) => bar.update(p.done));
        bar.update(expectedCandles(job));
      }
    }
    files?.flush();
  } finally {
    bars.stop();
    database?.close();
  }
  console.log(
    `Downloaded ${saved} candles for ${usePairs.length} pair(s) × ${useTimeframes.length} timeframe(s) into ${files ? datadir : database!.url}.`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof ConfigError ? e.message : `download-data failed: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  },
);
