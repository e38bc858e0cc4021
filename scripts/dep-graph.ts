import { join } from 'node:path';
import { importEdges, readSources } from '../test/architecture/graph.ts';

const root = process.argv[2] ?? join(import.meta.dirname, '..');
const src = readSources(root, ['src']);
const edges = importEdges(src);
const top = (p: string) => {
  const m = /^src\/([^/]+)\//.exec(p);
  if (m) return m[1];
  const f = /^src\/([^/]+)\.ts$/.exec(p);
  return f ? f[1] : null;
};
const counts = new Map<string, number>();
for (const e of edges) {
  const a = top(e.from);
  const b = top(e.to);
  if (!a || !b || a === b) continue;
  const k = `${a} -> ${b}`;
  counts.set(k, (counts.get(k) ?? 0) + 1);
}
for (const [k, n] of [...counts].sort()) console.log(`${k}  (${n})`);
