// The dependency rules of test/architecture/rules.ts hold for src/ and packages/client/src: every
// import between top-level folders is an allowed edge, restricted packages stay where they belong,
// no folder is undeclared and no runtime import cycle exists. The checker is shown to catch each
// kind of violation on the real tree with one offending file added.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { architectureViolations, partGraph, runtimeCycles } from '../../architecture/check.ts';
import { importEdges, importSpecifiers, readSources } from '../../architecture/graph.ts';
import { ALLOWED_EDGES, FOLDERS } from '../../architecture/rules.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const sources = readSources(root, ['src', 'packages/client/src']);

describe('the import scanner', () => {
  it('sees static, type, inline-type, re-export and dynamic imports', () => {
    const source = [
      `import a from 'hono';`,
      `import type { B } from "node:fs";`,
      `import { type C, type D } from './c.ts';`,
      `import { type E, f } from './e.ts';`,
      `export { g } from './g.ts';`,
      `const h = await import('ws');`,
      `// import x from 'commented-out';`,
    ].join('\n');
    expect(importSpecifiers(source)).toEqual([
      { spec: 'hono', typeOnly: false },
      { spec: 'node:fs', typeOnly: true },
      { spec: './c.ts', typeOnly: true },
      { spec: './e.ts', typeOnly: false },
      { spec: './g.ts', typeOnly: false },
      { spec: 'ws', typeOnly: false },
    ]);
  });
});

describe('the rules', () => {
  it('list the folders in layer order: every allowed edge points further down, so folders form no cycle', () => {
    const upward: string[] = [];
    for (const [from, targets] of Object.entries(ALLOWED_EDGES)) {
      for (const to of targets) {
        if (FOLDERS.indexOf(to) <= FOLDERS.indexOf(from as (typeof FOLDERS)[number])) upward.push(`${from} -> ${to}`);
      }
    }
    expect(upward).toEqual([]);
    expect(Object.keys(ALLOWED_EDGES).sort()).toEqual([...FOLDERS].sort());
  });

  it('hold for src/ and packages/client/src', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(100);
    expect(architectureViolations(sources)).toEqual([]);
  });

  it("README.md's layout lists every folder of src/, in the rules' layer order", () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const layout = readme.slice(readme.indexOf('## Layout'));
    const listed = [...layout.matchAll(/^src\/(\w+)\s/gm)].map((m) => m[1]);
    const onDisk = readdirSync(join(root, 'src'), { withFileTypes: true }).filter((d) => d.isDirectory());
    expect([...listed].sort()).toEqual(onDisk.map((d) => d.name).sort());
    expect(listed).toEqual(FOLDERS.filter((f) => listed.includes(f)));
  });

  it('every edge between folders in the tree is one the rules allow (the graph the note prints)', () => {
    const graph = partGraph(sources);
    expect(graph.size).toBeGreaterThan(20);
    for (const edge of graph.keys()) {
      const [from, to] = edge.split(' -> ') as [(typeof FOLDERS)[number], (typeof FOLDERS)[number]];
      expect(ALLOWED_EDGES[from], edge).toContain(to);
    }
  });
});

describe('D1 bound parameters', () => {
  it('every query over a list of ids (inArray) slices the list with db/bound-parameters.ts', () => {
    const unsliced = Object.entries(sources)
      .filter(([file, text]) => !file.endsWith('.test.ts') && /\b(not)?inArray\(/i.test(text))
      .filter(([, text]) => !/from '[./]*(db\/)?bound-parameters\.ts'/.test(text))
      .map(([file]) => file);
    expect(unsliced).toEqual([]);
  });
});

describe('the checker catches an import against the rules', () => {
  const withFile = (path: string, text: string) => architectureViolations({ ...sources, [path]: text });

  it('an upward edge: the domain importing the bot', () => {
    expect(withFile('src/domain/uses-bot.ts', `import { Bot } from '../bot/bot.ts';\nexport const b = Bot;\n`)).toEqual(
      ['src/domain/uses-bot.ts imports src/bot/bot.ts: domain may not import bot'],
    );
  });

  it('a sideways edge the rules do not list: the exchange importing the database', () => {
    expect(withFile('src/exchange/uses-db.ts', `import type { Db } from '../db/client.ts';\n`)).toEqual([
      'src/exchange/uses-db.ts imports src/db/client.ts: exchange may not import db',
    ]);
  });

  it('a restricted package: Node built-ins in the API, hono in the bot, SQL in the API', () => {
    expect(withFile('src/api/reads-files.ts', `import { readFileSync } from 'node:fs';\n`)).toEqual([
      expect.stringMatching(/^src\/api\/reads-files\.ts imports node:fs: Node built-ins run only/),
    ]);
    expect(withFile('src/bot/web.ts', `import { Hono } from 'hono';\n`)).toEqual([
      expect.stringMatching(/^src\/bot\/web\.ts imports hono: /),
    ]);
    expect(withFile('src/api/sql.ts', `import { sql } from 'drizzle-orm';\n`)).toEqual([
      expect.stringMatching(/^src\/api\/sql\.ts imports drizzle-orm: SQL lives in/),
    ]);
  });

  it('a folder the rules do not declare', () => {
    expect(withFile('src/misc/helpers.ts', `export const x = 1;\n`)).toEqual([
      'src/misc/helpers.ts: folder "src/misc" is not declared in rules.ts',
    ]);
  });

  it('a runtime import cycle, and not a type-only one', () => {
    const cyclic = {
      ...sources,
      'src/exchange/ring-a.ts': `import { b } from './ring-b.ts';\nexport const a = () => b;\n`,
      'src/exchange/ring-b.ts': `import { c } from './ring-c.ts';\nexport const b = () => c;\n`,
      'src/exchange/ring-c.ts': `import { a } from './ring-a.ts';\nexport const c = () => a;\n`,
    };
    expect(architectureViolations(cyclic)).toEqual([
      'import cycle: src/exchange/ring-a.ts → src/exchange/ring-b.ts → src/exchange/ring-c.ts',
    ]);
    const typeOnly = {
      ...sources,
      'src/exchange/ring-a.ts': `import type { B } from './ring-b.ts';\nexport interface A { b?: B }\n`,
      'src/exchange/ring-b.ts': `import type { A } from './ring-a.ts';\nexport interface B { a?: A }\n`,
    };
    expect(architectureViolations(typeOnly)).toEqual([]);
  });

  it('finds every cycle of a synthetic graph, self-imports included', () => {
    const edges = importEdges({
      'src/x/a.ts': `import './b.ts';`,
      'src/x/b.ts': `import './a.ts';`,
      'src/x/c.ts': `import './c.ts';`,
      'src/x/d.ts': `import './a.ts';`,
    });
    expect(runtimeCycles(edges, ['src/x/a.ts', 'src/x/b.ts', 'src/x/c.ts', 'src/x/d.ts'])).toEqual([
      ['src/x/a.ts', 'src/x/b.ts'],
      ['src/x/c.ts'],
    ]);
  });
});
