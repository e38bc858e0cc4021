// src/strategy is domain code: it must run on Workers too, so no Node, Hono, ws or host imports.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../../src/strategy');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

describe('src/strategy imports', () => {
  it('use only relative modules and trading-signals', () => {
    const files = sourceFiles(ROOT).filter((f) => !f.endsWith('sources.generated.ts'));
    expect(files.length).toBeGreaterThan(10);
    let checked = 0;
    for (const file of files) {
      const code = readFileSync(file, 'utf8');
      // Statement-level imports and re-exports only (comments and string contents are not code).
      for (const [, fromClause, bare] of code.matchAll(
        /^(?:import|export|\}).* from '([^']+)';$|^import '([^']+)';$/gm,
      )) {
        const specifier = fromClause ?? bare;
        checked++;
        const ok = specifier.startsWith('./') || specifier.startsWith('../') || specifier === 'trading-signals';
        expect(ok, `${file} imports ${specifier}`).toBe(true);
        expect(specifier.includes('/hosts/'), `${file} imports ${specifier}`).toBe(false);
      }
    }
    expect(checked).toBeGreaterThan(30);
  });
});
