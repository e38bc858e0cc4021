// freqtrade's run_id (get_strategy_run_id: SHA-1 of the effective config minus strategy_list /
// original_config / telegram / api_server, the parameter file and the strategy file) and the
// result cache it keys (find_existing_backtest_stats: per strategy, newest first; the others run).
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../../src/config/schema.ts';
import { writePairData } from '../../../src/hosts/node/backtest/data-dir.ts';
import { type BacktestJob, runBacktestJob } from '../../../src/hosts/node/backtest/job.ts';
import { loadBacktestResult } from '../../../src/hosts/node/backtest/results-store.ts';
import { type RunIdInputs, strategyRunId } from '../../../src/hosts/node/backtest/run-id.ts';
import { REPO_ROOT } from '../../support/process.ts';
import { walk } from './scripted.ts';

const root = mkdtempSync(join(tmpdir(), 'tickhub-runid-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const config = (extra: Record<string, unknown> = {}) =>
  configSchema.parse({
    user_data_dir: join(root, 'ud'),
    stake_amount: 100,
    max_open_trades: 2,
    exchange: { pair_whitelist: ['BTC/USDT'] },
    ...extra,
  });

describe('strategyRunId (freqtrade get_strategy_run_id)', () => {
  const base: RunIdInputs = {
    config: config(),
    overrides: { timerange: '20240101-20240105' },
    strategy: 'A',
    exportMode: 'trades',
    cache: 'day',
    code: 'export class A {}',
    parameterFile: undefined,
  };
  const id = strategyRunId(base);

  it('is a SHA-1 hex digest, the same for the same inputs', () => {
    expect(id).toMatch(/^[0-9a-f]{40}$/);
    expect(strategyRunId({ ...base, config: config() })).toBe(id);
  });

  it('changes with the strategy file, its parameter file, the settings and the command line', () => {
    expect(strategyRunId({ ...base, code: 'export class A { x = 1 }' })).not.toBe(id);
    expect(strategyRunId({ ...base, parameterFile: '{"strategy_name":"A","params":{"buy":{"x":1}}}' })).not.toBe(id);
    expect(strategyRunId({ ...base, config: config({ stake_amount: 50 }) })).not.toBe(id);
    expect(strategyRunId({ ...base, overrides: { timerange: '20240101-20240106' } })).not.toBe(id);
    expect(strategyRunId({ ...base, overrides: { ...base.overrides, pairs: ['ETH/USDT'] } })).not.toBe(id);
    expect(strategyRunId({ ...base, strategy: 'B' })).not.toBe(id);
  });

  it('ignores the keys freqtrade drops: strategy_list, original_config, telegram, api_server', () => {
    const noisy = config({
      strategy_list: ['A', 'B'],
      original_config: { x: 1 },
      telegram: { enabled: true, token: 't', chat_id: '1' },
      api_server: { enabled: true, listen_port: 9999, username: 'u', password: 'p' },
    });
    expect(strategyRunId({ ...base, config: noisy })).toBe(strategyRunId({ ...base, config: { ...noisy } }));
    const plain = { ...noisy } as Record<string, unknown>;
    for (const k of ['strategy_list', 'original_config', 'telegram', 'api_server']) delete plain[k];
    expect(strategyRunId({ ...base, config: noisy })).toBe(strategyRunId({ ...base, config: plain as typeof noisy }));
  });
});

describe('backtest cache keyed by run_id (--cache)', () => {
  const datadir = join(root, 'data');
  writePairData(datadir, 'BTC/USDT', '5m', 'spot', walk(3000, 5), 'json');
  const strategies = join(root, 'ud', 'strategies');
  mkdirSync(strategies, { recursive: true });
  const file = join(strategies, 'Quick.ts');
  writeFileSync(
    file,
    `import { MaCrossStrategy } from '${join(REPO_ROOT, 'src', 'strategy', 'builtin', 'MaCrossStrategy.ts')}';
export class Quick extends MaCrossStrategy {}
`,
  );
  const results = join(root, 'ud', 'backtest_results');
  const job = (names: string[], target: string): BacktestJob => ({
    config: config(),
    strategies: names,
    overrides: { fee: 0.001, timerange: '20240101-20240110' },
    datadir,
    export: 'trades',
    exportFilename: join(results, `${target}.json`),
    cache: 'day',
  });

  it('reuses a stored strategy, runs only the others, and runs again once the strategy file changes', async () => {
    const warnings: string[] = [];
    const first = await runBacktestJob(job(['Quick'], 'first'));
    const quickId = first.result.metadata.Quick.run_id;
    expect(quickId).toMatch(/^[0-9a-f]{40}$/);
    expect(first.stored).not.toBeNull();

    const second = await runBacktestJob(job(['MaCrossStrategy', 'Quick'], 'second'), undefined, (w) =>
      warnings.push(w),
    );
    expect(warnings).toContain('Reusing result of previous backtest for Quick (--cache day).');
    expect(second.result.metadata.Quick).toEqual(first.result.metadata.Quick);
    expect(Object.keys(second.result.strategy)).toEqual(['MaCrossStrategy', 'Quick']);
    expect(second.result.strategy_comparison.map((c) => c.key)).toEqual(['MaCrossStrategy', 'Quick']);
    const stored = loadBacktestResult(second.stored!.file);
    expect(Object.keys(stored.metadata)).toEqual(['MaCrossStrategy', 'Quick']);

    // A broken metadata file in the folder is skipped, not fatal.
    writeFileSync(join(results, 'zzz-broken.meta.json'), '{ not json');
    const all = await runBacktestJob(job(['Quick', 'MaCrossStrategy'], 'third'));
    expect(all.cached).toBeDefined();
    expect(all.stored).toBeNull();
    expect(Object.keys(all.result.strategy)).toEqual(['Quick', 'MaCrossStrategy']);

    appendFileSync(file, '// edited\n');
    const edited = await runBacktestJob(job(['Quick'], 'fourth'));
    expect(edited.cached).toBeUndefined();
    expect(edited.result.metadata.Quick.run_id).not.toBe(quickId);
  }, 120_000);
});
