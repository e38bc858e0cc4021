// Checks an import graph against test/architecture/rules.ts: folder edges, restricted packages,
// undeclared folders and runtime import cycles. Pure: it takes the sources as a path → text map,
// so tests can run it on synthetic files as well as on the real tree.

import { type ImportEdge, importEdges } from './graph.ts';
import { ALLOWED_EDGES, EXEMPT, FOLDERS, type Folder, RESTRICTED_PACKAGES } from './rules.ts';

/** The top-level part a repository path belongs to: a folder of src/, `client`, or undefined (outside). */
export function partOf(path: string): string | undefined {
  if (path.startsWith('packages/client/src/')) return 'client';
  return /^src\/([^/.]+)(\/|\.ts$)/.exec(path)?.[1];
}

/** The package an import names: bare specifiers, and relative paths that reach into node_modules/. */
function packageOf(to: string): string | undefined {
  if (to.startsWith('src/') || to.startsWith('packages/')) return undefined;
  return to.startsWith('node_modules/') ? to.slice('node_modules/'.length) : to;
}

const isFolder = (x: string | undefined): x is Folder => (FOLDERS as readonly string[]).includes(x ?? '');

/** Cycles among files through imports that exist at run time (type-only imports are erased). */
export function runtimeCycles(edges: ImportEdge[], files: Iterable<string>): string[][] {
  const adj = new Map<string, string[]>();
  for (const e of edges) {
    if (e.typeOnly) continue;
    const list = adj.get(e.from) ?? [];
    list.push(e.to);
    adj.set(e.from, list);
  }
  // Tarjan's strongly connected components, iterative so deep graphs cannot overflow the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let next = 0;
  for (const root of files) {
    if (index.has(root)) continue;
    const work: { node: string; i: number }[] = [{ node: root, i: 0 }];
    index.set(root, next);
    low.set(root, next++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const top = work[work.length - 1];
      const targets = adj.get(top.node) ?? [];
      if (top.i < targets.length) {
        const w = targets[top.i++];
        if (!index.has(w)) {
          index.set(w, next);
          low.set(w, next++);
          stack.push(w);
          onStack.add(w);
          work.push({ node: w, i: 0 });
        } else if (onStack.has(w)) low.set(top.node, Math.min(low.get(top.node)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
      }
      if (low.get(top.node) === index.get(top.node)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== top.node);
        if (component.length > 1 || targets.includes(top.node)) cycles.push(component.sort());
      }
    }
  }
  return cycles;
}

/** Every broken rule, one line each; empty when the graph follows the rules. */
export function architectureViolations(sources: Record<string, string>): string[] {
  const edges = importEdges(sources);
  const out: string[] = [];
  for (const file of Object.keys(sources)) {
    const part = partOf(file);
    if (part !== undefined && !isFolder(part)) out.push(`${file}: folder "src/${part}" is not declared in rules.ts`);
  }
  for (const e of edges) {
    if (EXEMPT.test(e.from)) continue;
    const from = partOf(e.from);
    const pkg = packageOf(e.to);
    if (pkg !== undefined) {
      const rule = RESTRICTED_PACKAGES.find((r) => r.pattern.test(pkg));
      if (rule && !rule.allowedIn.test(e.from)) out.push(`${e.from} imports ${pkg}: ${rule.why}`);
      continue;
    }
    const to = partOf(e.to);
    if (!isFolder(from) || !isFolder(to) || from === to) continue;
    if (!ALLOWED_EDGES[from].includes(to)) out.push(`${e.from} imports ${e.to}: ${from} may not import ${to}`);
  }
  const runtimeEdges = edges.filter((e) => !EXEMPT.test(e.from) && e.to in sources);
  for (const cycle of runtimeCycles(runtimeEdges, Object.keys(sources))) {
    out.push(`import cycle: ${cycle.join(' → ')}`);
  }
  return out;
}

/** Import counts between top-level parts (type-only edges included), "a -> b" → n. */
export function partGraph(sources: Record<string, string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of importEdges(sources)) {
    if (EXEMPT.test(e.from)) continue;
    const a = partOf(e.from);
    const b = partOf(e.to);
    if (!a || !b || a === b) continue;
    const key = `${a} -> ${b}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return new Map([...counts].sort(([x], [y]) => x.localeCompare(y)));
}
