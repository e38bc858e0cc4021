// The idle trimmer (src/hosts/node/idle-gc.ts): no trim while the event loop is busy, one
// memory-reducing GC once it is quiet after growth, none again while it stays idle without
// growing, and gc() never reaches the process's global scope; and a full GC, the trim's or a later
// one, leaves process.nextTick's object literal on V8's fast path.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startIdleGc } from '../../../src/hosts/node/idle-gc.ts';

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Keeps the event loop busy (work in 20 ms slices) for `ms`. */
async function busy(ms: number): Promise<void> {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const slice = performance.now() + 20;
    while (performance.now() < slice) {}
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('idle GC', () => {
  it('trims once the loop is quiet after growth, never while busy', async () => {
    const trims: { rssBefore: number; rssAfter: number; ms: number }[] = [];
    const hadGc = 'gc' in globalThis;
    stops.push(
      startIdleGc(
        { intervalMs: 100, quietUtilisation: 0.2, quietIntervals: 3, minGrowthBytes: 1, minSpacingMs: 0 },
        (t) => trims.push(t),
      ),
    );
    expect('gc' in globalThis).toBe(hadGc); // exposed to a private context only
    // Garbage that grows the heap, then a busy loop: no trim while busy.
    let garbage: number[][] | undefined = Array.from({ length: 2000 }, (_, i) => new Array(1000).fill(i));
    expect(garbage.length).toBe(2000);
    garbage = undefined;
    await busy(600);
    expect(trims).toEqual([]);
    // Quiet: one trim soon after.
    for (let i = 0; i < 50 && trims.length === 0; i++) await sleep(100);
    expect(trims.length).toBe(1);
    expect(trims[0].rssAfter).toBeGreaterThan(0);
    expect(trims[0].ms).toBeGreaterThanOrEqual(0);
  });

  it('waits for three quiet intervals in a row: a pause between bursts is not idle', async () => {
    const trims: unknown[] = [];
    stops.push(
      startIdleGc(
        { intervalMs: 100, quietUtilisation: 0.2, quietIntervals: 3, minGrowthBytes: 1, minSpacingMs: 0 },
        (t) => trims.push(t),
      ),
    );
    await busy(400);
    for (let i = 0; i < 4; i++) {
      await sleep(150); // at most two quiet intervals
      await busy(250);
    }
    expect(trims).toEqual([]);
    const quietFrom = performance.now();
    for (let i = 0; i < 50 && trims.length === 0; i++) await sleep(20);
    expect(trims.length).toBe(1);
    expect(performance.now() - quietFrom).toBeGreaterThanOrEqual(190);
  });

  it('waits for growth since the last trim and keeps its spacing', async () => {
    const trims: unknown[] = [];
    stops.push(
      startIdleGc(
        { intervalMs: 50, quietUtilisation: 0.5, quietIntervals: 1, minGrowthBytes: 1, minSpacingMs: 60_000 },
        (t) => trims.push(t),
      ),
    );
    for (let i = 0; i < 60 && trims.length === 0; i++) await sleep(50);
    expect(trims.length).toBe(1);
    await sleep(500); // quiet and past any growth bound, but inside the spacing: no second trim
    expect(trims.length).toBe(1);
    stops.pop()?.();
    const bounded: unknown[] = [];
    stops.push(
      startIdleGc(
        { intervalMs: 50, quietIntervals: 1, quietUtilisation: 0.5, minGrowthBytes: 1024 ** 4, minSpacingMs: 0 },
        (t) => bounded.push(t),
      ),
    );
    await sleep(500); // quiet, but RSS never grew by a terabyte: nothing to give back
    expect(bounded).toEqual([]);
  });
});

/** The states V8 reports for the store sites of nextTick's object literal after the fixture's run in `mode`. */
async function nextTickLiteralStates(mode: 'trim' | 'trim-then-gc' | 'bare-gc'): Promise<string[]> {
  const fixture = join(import.meta.dirname, 'fixtures', 'next-tick-after-trim.ts');
  // V8 prints %DebugPrint through C stdio, which loses output on a non-blocking pipe: a file it is.
  const out = join(mkdtempSync(join(tmpdir(), 'idle-gc-')), 'stdout.txt');
  const fd = openSync(out, 'w');
  const child = spawn(process.execPath, ['--allow-natives-syntax', '--expose-gc', fixture, mode], {
    stdio: ['ignore', fd, 'inherit'],
  });
  closeSync(fd);
  const [code] = await once(child, 'exit');
  expect(code).toBe(0);
  const stdout = readFileSync(out, 'utf8');
  expect(stdout).toContain('calls 16000');
  return [...stdout.matchAll(/DefineKeyedOwnPropertyInLiteral (\w+)/g)].map((m) => m[1]);
}

describe('nextTick after a full GC in an idle moment', () => {
  it("without the trimmer, V8 drops the literal's maps and its store sites turn megamorphic (the case guarded against)", async () => {
    const states = await nextTickLiteralStates('bare-gc');
    expect(states.length).toBeGreaterThanOrEqual(3);
    expect(states).toContain('MEGAMORPHIC');
  });

  it('stays monomorphic after a trim, and after a later full GC the trimmer did not run', async () => {
    for (const mode of ['trim', 'trim-then-gc'] as const) {
      const states = await nextTickLiteralStates(mode);
      expect(states.length, mode).toBeGreaterThanOrEqual(3);
      expect(new Set(states), mode).toEqual(new Set(['MONOMORPHIC']));
    }
  });
});
