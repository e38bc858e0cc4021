// Small files (shared/DESIGN.md): no hand-written module in src/ or packages/client/src over 400
// lines. Generated files (*.generated.ts) are exempt.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const MAX_LINES = 400;

function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.generated.ts'))
    .map((name) => join(dir, name));
}

function lineCount(file: string): number {
  const text = readFileSync(file, 'utf8');
  return text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length;
}

describe('file size', () => {
  it('counts lines as wc -l does', () => {
    const file = join(root, 'src', 'domain', 'precision.ts');
    const text = readFileSync(file, 'utf8');
    expect(lineCount(file)).toBe([...text].filter((ch) => ch === '\n').length);
  });

  it(`no module in src/ or packages/client/src has more than ${MAX_LINES} lines`, () => {
    const files = [...sources(join(root, 'src')), ...sources(join(root, 'packages', 'client', 'src'))];
    expect(files.length).toBeGreaterThan(100);
    const tooLong = files
      .map((file) => ({ file: relative(root, file), lines: lineCount(file) }))
      .filter((f) => f.lines > MAX_LINES);
    expect(tooLong).toEqual([]);
  });
});
