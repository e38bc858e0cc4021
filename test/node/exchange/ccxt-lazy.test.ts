// ccxt costs ~0.3 s and ~130 MB to import: the adapter must only load it when an exchange is created.
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const adapterDir = join(import.meta.dirname, '../../../src/exchange/ccxt');

describe('ccxt loading', () => {
  it('has no value import of ccxt at module level in the adapter folder', async () => {
    const fromCcxt = /^(import|export)\s+(?!type\b)[^;]*?\bfrom\s+['"]ccxt(\/[^'"]*)?['"]/gm;
    const bare = /^import\s+['"]ccxt(\/[^'"]*)?['"]/gm;
    const valueImportsOf = (source: string) => [...(source.match(fromCcxt) ?? []), ...(source.match(bare) ?? [])];
    // The patterns themselves: they must catch value imports and let type imports through.
    expect(
      valueImportsOf("import ccxt from 'ccxt';\nimport {\n  binance,\n} from 'ccxt';\nimport 'ccxt';"),
    ).toHaveLength(3);
    expect(valueImportsOf("import type { Order } from 'ccxt';\nconst m = await import('ccxt');")).toEqual([]);

    const files = (await readdir(adapterDir)).filter((f) => f.endsWith('.ts'));
    expect(files).toContain('adapter.ts');
    for (const file of files) {
      const source = await readFile(join(adapterDir, file), 'utf8');
      // `import type … from 'ccxt'` is erased; anything else (including `import 'ccxt'`) would load it.
      expect(valueImportsOf(source), file).toEqual([]);
    }
  });

  it('does not resolve ccxt when the adapter module is imported, only when an exchange is created', async () => {
    // A fresh Node process records every module it resolves.
    const script = `
      import { registerHooks } from 'node:module';
      const seen = [];
      registerHooks({ resolve(specifier, context, next) { seen.push(specifier); return next(specifier, context); } });
      const adapter = await import(${JSON.stringify(join(adapterDir, 'adapter.ts'))});
      const afterImport = seen.includes('ccxt');
      const loadedBefore = adapter.isCcxtLoaded();
      const ex = await adapter.createCcxtExchange({ name: 'kraken' });
      console.log(JSON.stringify({ afterImport, loadedBefore, afterCreate: seen.includes('ccxt'), loadedAfter: adapter.isCcxtLoaded(), id: ex.id }));
    `;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { timeout: 20_000 });
    expect(JSON.parse(stdout.trim())).toEqual({
      afterImport: false,
      loadedBefore: false,
      afterCreate: true,
      loadedAfter: true,
      id: 'kraken',
    });
  });

  it('reports ccxt as not loaded in a module graph that has not created an exchange', async () => {
    const adapter = await import('../../../src/exchange/ccxt/adapter.ts');
    expect(adapter.isCcxtLoaded()).toBe(false);
  });
});
