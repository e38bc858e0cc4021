// The backtest engine sits beside the bot: it may use domain, strategy, reports, config, the
// exchange port's types and util, nothing of the bot, db, api or hosts, and no Node module;
// only hosts, cli and api may use it.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importEdges, readSources } from '../../architecture/graph.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const ALLOWED = [
  /^src\/backtest\//,
  /^src\/domain\//,
  /^src\/strategy\//,
  /^src\/reports\/(time|timerange)\.ts$/,
  /^src\/config\/schema\.ts$/,
  /^src\/exchange\/port\.ts$/,
  /^src\/util\//,
];
const PACKAGES = new Set(['big.js']);

describe('backtest layer', () => {
  const edges = importEdges(readSources(root, ['src']));

  it('src/backtest imports only domain, strategy, reports helpers, config schema, exchange port and util', () => {
    const bad = edges
      .filter((e) => e.from.startsWith('src/backtest/'))
      .filter((e) => (e.to.startsWith('src/') ? !ALLOWED.some((re) => re.test(e.to)) : !PACKAGES.has(e.to)))
      .map((e) => `${e.from} → ${e.to}`);
    expect(bad).toEqual([]);
  });

  it('only hosts, cli and api import src/backtest', () => {
    const bad = edges
      .filter((e) => e.to.startsWith('src/backtest/') && !e.from.startsWith('src/backtest/'))
      .filter((e) => !/^src\/(hosts|cli|api)\//.test(e.from))
      .map((e) => `${e.from} → ${e.to}`);
    expect(bad).toEqual([]);
  });
});
