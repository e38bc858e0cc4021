// The import graph of src/ and packages/client/src, built from the source text: one edge per
// relative or package import, resolved to a file (relative) or kept as a package name.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

export interface ImportEdge {
  from: string; // repository-relative path of the importing file
  to: string; // repository-relative path of the imported file, or the package specifier
  typeOnly: boolean;
}

const IMPORT_RE =
  /(?:^|[\s;])(import|export)\s+(type\s+)?(?:([^'";]*?)\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** `{ type A, type B }`: every named binding is a type, so the import is erased like `import type`. */
function onlyTypeBindings(clause: string | undefined): boolean {
  const named = clause?.trim().match(/^\{([\s\S]*)\}$/);
  if (!named) return false;
  const items = named[1]
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  return items.length > 0 && items.every((x) => x.startsWith('type '));
}

/** Every module specifier a source file names, with whether it is a type-only import. */
export function importSpecifiers(source: string): { spec: string; typeOnly: boolean }[] {
  const out: { spec: string; typeOnly: boolean }[] = [];
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  for (const m of code.matchAll(IMPORT_RE)) {
    if (m[4] !== undefined) out.push({ spec: m[4], typeOnly: m[2] !== undefined || onlyTypeBindings(m[3]) });
    else out.push({ spec: m[5], typeOnly: false });
  }
  return out;
}

/** Edges of a set of files given as repository-relative path → source text. */
export function importEdges(sources: Record<string, string>): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const [file, source] of Object.entries(sources)) {
    for (const { spec, typeOnly } of importSpecifiers(source)) {
      const to = spec.startsWith('.') ? normalize(join(dirname(file), spec)).replaceAll('\\', '/') : spec;
      edges.push({ from: file, to, typeOnly });
    }
  }
  return edges;
}

export function readSources(root: string, dirs: string[]): Record<string, string> {
  const sources: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ts|js)$/.test(name) && !name.endsWith('.d.ts')) {
        sources[relative(root, p).replaceAll('\\', '/')] = readFileSync(p, 'utf8');
      }
    }
  };
  for (const dir of dirs) walk(join(root, dir));
  return sources;
}
