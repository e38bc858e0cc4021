import { describe, expect, it } from 'vitest';
import { collectBuiltinSources } from '../../../scripts/gen-strategy-sources.ts';
import { BUILTIN_STRATEGIES } from '../../../src/strategy/builtin/index.ts';
import { BUILTIN_SOURCES } from '../../../src/strategy/builtin/sources.generated.ts';

describe('sources.generated.ts', () => {
  it('matches the built-in strategy files on disk (run scripts/gen-strategy-sources.ts if not)', () => {
    expect(BUILTIN_SOURCES).toEqual(collectBuiltinSources());
  });

  it('has the source of every registered built-in and nothing else', () => {
    expect(Object.keys(BUILTIN_SOURCES).sort()).toEqual(Object.keys(BUILTIN_STRATEGIES).sort());
  });
});
