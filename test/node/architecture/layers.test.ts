// The domain stays host-agnostic: nothing under the domain folders imports Hono, Node's
// modules, the ws package or a host module (shared/DESIGN.md).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const DOMAIN = [
  'src/backtest',
  'src/bot',
  'src/exchange',
  'src/strategy',
  'src/db',
  'src/config',
  'src/rpc',
  'src/util',
  'src/notify',
];
const FORBIDDEN = [
  /^hono(\/|$)/,
  /^@hono\//,
  /^node:/,
  /^ws$/,
  /hosts\//,
  /^(fs|path|os|http|https|net|crypto|child_process)$/,
];

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (/\.(ts|js)$/.test(name)) out.push(p);
  }
  return out;
}

function imports(source: string): string[] {
  const specs: string[] = [];
  const re = /(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of source.matchAll(re)) specs.push(m[1] ?? m[2]);
  return specs;
}

describe('layering', () => {
  it('the import scanner sees static, type and dynamic imports', () => {
    expect(imports(`import a from 'hono';\nimport type { B } from "node:fs";\nconst c = await import('ws');`)).toEqual([
      'hono',
      'node:fs',
      'ws',
    ]);
  });

  it('domain folders import no runtime, web framework or host module', () => {
    const violations: string[] = [];
    for (const dir of DOMAIN) {
      for (const file of files(join(root, dir))) {
        for (const spec of imports(readFileSync(file, 'utf8'))) {
          if (FORBIDDEN.some((re) => re.test(spec))) violations.push(`${relative(root, file)} imports ${spec}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });
});
