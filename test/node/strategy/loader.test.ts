import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeStrategySource } from '../../../src/hosts/node/strategy-source.ts';
import { analyze } from '../../../src/strategy/analyze.ts';
import { MaCrossStrategy } from '../../../src/strategy/builtin/index.ts';
import { BUILTIN_SOURCES } from '../../../src/strategy/builtin/sources.generated.ts';
import { InvalidStrategyNameError, StrategyError, StrategyNotFoundError } from '../../../src/strategy/errors.ts';
import { signalCounts } from '../../../src/strategy/frame.ts';
import { StrategyRegistry, type StrategySource } from '../../../src/strategy/loader.ts';
import { syntheticCandles } from './synthetic.ts';

const baseUrl = pathToFileURL(join(import.meta.dirname, '../../../src/strategy/base.ts')).href;
const frameUrl = pathToFileURL(join(import.meta.dirname, '../../../src/strategy/frame.ts')).href;

const TS_STRATEGY = `
import { BaseStrategy } from '${baseUrl}';
import { markSignal } from '${frameUrl}';
import type { Frame } from '${pathToFileURL(join(import.meta.dirname, '../../../src/strategy/types.ts')).href}';

export class UserTsStrategy extends BaseStrategy {
  timeframe: string = '15m';
  stoploss: number = -0.2;
  override can_short = true;
  populateIndicators(frame: Frame): Frame { return frame; }
  populateEntryTrend(frame: Frame): Frame {
    return markSignal(frame, 'enter_long', frame.close.map((c, i) => i > 0 && c > frame.close[i - 1]), 'up');
  }
  populateExitTrend(frame: Frame): Frame { return frame; }
}
`;

const JS_STRATEGY = `
export default class PlainJsStrategy {
  timeframe = '1h';
  stoploss = -0.1;
  populateIndicators(frame) { return frame; }
  populateEntryTrend(frame) { return frame; }
  populateExitTrend(frame) { return frame; }
}
export const notAStrategy = 42;
`;

const SHADOW_STRATEGY = (version: string) => `
export class RsiStrategy {
  timeframe = '1m';
  stoploss = -0.3;
  version() { return '${version}'; }
  populateIndicators(f) { return f; }
  populateEntryTrend(f) { return f; }
  populateExitTrend(f) { return f; }
}
`;

const INVALID_STRATEGY = `
export class NoStoploss {
  timeframe = '5m';
  populateIndicators(f) { return f; }
  populateEntryTrend(f) { return f; }
}
`;

let root: string;
let dir: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'tickhub-strategies-'));
  dir = join(root, 'strategies');
  await mkdir(dir);
  await writeFile(join(dir, 'UserTsStrategy.ts'), TS_STRATEGY);
  await writeFile(join(dir, 'plain.js'), JS_STRATEGY);
  await writeFile(join(dir, 'shadow.js'), SHADOW_STRATEGY('user-1'));
  await writeFile(join(dir, 'invalid.js'), INVALID_STRATEGY);
  await writeFile(
    join(dir, 'aliased.js'),
    JS_STRATEGY.replace('export default class PlainJsStrategy', 'export const AliasedStrategy = class Inner'),
  );
  await writeFile(join(dir, 'broken.js'), 'export class Broken { this is not javascript');
  await writeFile(join(dir, 'README.txt'), 'not a strategy');
  await writeFile(join(dir, '..dotted.js'), JS_STRATEGY.replace('PlainJsStrategy', 'DottedStrategy'));
  // Outside the strategies folder: reachable only through '..' or a symlink.
  await writeFile(join(root, 'Outside.js'), JS_STRATEGY.replace('PlainJsStrategy', 'OutsideStrategy'));
  await symlink(join(root, 'Outside.js'), join(dir, 'linked.js'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** The Node source over the test folder; broken.js is expected to fail to import. */
function quietSource(): NodeStrategySource {
  return new NodeStrategySource(dir, { onImportError: () => {} });
}

/** The real Node source, recording which names reached it. */
function recording(source: StrategySource): { source: StrategySource; seen: string[] } {
  const seen: string[] = [];
  return {
    seen,
    source: {
      list: () => source.list(),
      readCode: (name) => {
        seen.push(name);
        return source.readCode(name);
      },
      load: (name) => {
        seen.push(name);
        return source.load(name);
      },
    },
  };
}

describe('StrategyRegistry with built-ins only', () => {
  const registry = new StrategyRegistry();

  it('lists built-ins sorted and loads fresh instances', async () => {
    expect(await registry.listStrategies()).toEqual([
      'CombinedBinHAndCluc',
      'FixedRiskRewardLoss',
      'InformativeSample',
      'MaCrossStrategy',
      'RsiStrategy',
      'SampleStrategy',
    ]);
    const a = await registry.loadStrategy('MaCrossStrategy');
    const b = await registry.loadStrategy('MaCrossStrategy');
    expect(a).toBeInstanceOf(MaCrossStrategy);
    expect(a).not.toBe(b);
    expect(a.name).toBe('MaCrossStrategy');
  });

  it('returns the source file of a built-in', async () => {
    const code = await registry.strategyCode('RsiStrategy');
    expect(code).toBe(BUILTIN_SOURCES.RsiStrategy.code);
    expect(code).toContain('export class RsiStrategy extends BaseStrategy');
  });

  it('reports unknown names as not found', async () => {
    await expect(registry.loadStrategy('NoSuchStrategy')).rejects.toBeInstanceOf(StrategyNotFoundError);
    await expect(registry.strategyCode('NoSuchStrategy')).rejects.toThrow('Strategy NoSuchStrategy not found.');
  });
});

describe('StrategyRegistry with the Node strategy source', () => {
  it('lists user strategies merged with built-ins, skipping broken, non-strategy and outside files', async () => {
    const importErrors: string[] = [];
    const source = new NodeStrategySource(dir, { onImportError: (file) => importErrors.push(file) });
    expect(await source.list()).toEqual([
      { name: 'AliasedStrategy', file: 'aliased.js' },
      { name: 'DottedStrategy', file: '..dotted.js' },
      { name: 'NoStoploss', file: 'invalid.js' },
      { name: 'PlainJsStrategy', file: 'plain.js' },
      { name: 'RsiStrategy', file: 'shadow.js' },
      { name: 'UserTsStrategy', file: 'UserTsStrategy.ts' },
    ]);
    expect(await new StrategyRegistry({ source }).listStrategies()).toEqual([
      'AliasedStrategy',
      'CombinedBinHAndCluc',
      'DottedStrategy',
      'FixedRiskRewardLoss',
      'InformativeSample',
      'MaCrossStrategy',
      'NoStoploss',
      'PlainJsStrategy',
      'RsiStrategy',
      'SampleStrategy',
      'UserTsStrategy',
    ]);
    expect(importErrors).toEqual(['broken.js', 'broken.js']);
  });

  it('loads a TypeScript user strategy that extends BaseStrategy and runs it', async () => {
    const registry = new StrategyRegistry({ source: quietSource() });
    const s = await registry.loadStrategy('UserTsStrategy');
    expect([s.name, s.timeframe, s.stoploss, s.can_short, s.use_exit_signal]).toEqual([
      'UserTsStrategy',
      '15m',
      -0.2,
      true,
      true,
    ]);
    const frame = analyze(s, syntheticCandles(100), { pair: 'BTC/USDT', timeframe: '15m' });
    expect(signalCounts(frame).enter_long).toBeGreaterThan(0);
    expect(await registry.strategyCode('UserTsStrategy')).toBe(TS_STRATEGY);
  });

  it('loads a plain JS default-export class and fills the missing settings', async () => {
    const registry = new StrategyRegistry({ source: quietSource() });
    const s = await registry.loadStrategy('PlainJsStrategy');
    expect(s.name).toBe('PlainJsStrategy');
    expect(s.minimal_roi).toEqual({ '0': 10 });
    expect(s.order_types.entry).toBe('limit');
    expect(s.trailing_stop_positive).toBeNull();
    // Found by export name; the registry name wins over the class's own name.
    expect((await registry.loadStrategy('AliasedStrategy')).name).toBe('AliasedStrategy');
  });

  it('lets a user strategy shadow a built-in and reloads it after an edit', async () => {
    const registry = new StrategyRegistry({ source: quietSource() });
    expect((await registry.loadStrategy('RsiStrategy')).version?.()).toBe('user-1');
    expect(await registry.strategyCode('RsiStrategy')).toBe(SHADOW_STRATEGY('user-1'));
    await writeFile(join(dir, 'shadow.js'), SHADOW_STRATEGY('user-2'));
    expect((await registry.loadStrategy('RsiStrategy')).version?.()).toBe('user-2');
  });

  it('rejects an invalid user strategy with a clear error', async () => {
    const registry = new StrategyRegistry({ source: quietSource() });
    const error = await registry.loadStrategy('NoStoploss').catch((e) => e);
    expect(error).toBeInstanceOf(StrategyError);
    expect(error.message).toBe(
      'Strategy NoStoploss is invalid: stoploss is missing or not a number; populateExitTrend is not a method.',
    );
  });

  it('rejects path-like names before they reach the source', async () => {
    const { source, seen } = recording(quietSource());
    const registry = new StrategyRegistry({ source });
    for (const name of ['../x', 'a/b', 'a:b', 'a\\b', '..', '../Outside', '/etc/passwd', '', '1abc', 'a.b']) {
      await expect(registry.loadStrategy(name), name).rejects.toBeInstanceOf(InvalidStrategyNameError);
      await expect(registry.strategyCode(name), name).rejects.toBeInstanceOf(InvalidStrategyNameError);
    }
    expect(seen).toEqual([]);
    await expect(registry.loadStrategy('a:b')).rejects.toThrow('base64 encoded strategies are not allowed.');
    await expect(registry.loadStrategy('a/b')).rejects.toThrow(`Invalid strategy name "a/b"`);
    await expect(registry.loadStrategy('OutsideStrategy')).rejects.toBeInstanceOf(StrategyNotFoundError);
    expect(seen).toEqual(['OutsideStrategy']);
  });

  it('treats a missing strategies folder as empty', async () => {
    const source = new NodeStrategySource(join(root, 'missing'));
    expect(await source.list()).toEqual([]);
    expect(await new StrategyRegistry({ source }).listStrategies()).toEqual([
      'CombinedBinHAndCluc',
      'FixedRiskRewardLoss',
      'InformativeSample',
      'MaCrossStrategy',
      'RsiStrategy',
      'SampleStrategy',
    ]);
  });
});
