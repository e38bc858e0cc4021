// The idle trimmer (src/hosts/node/idle-gc.ts): no trim while the event loop is busy, one
// memory-reducing GC once it is quiet after growth, none again while it stays idle without
// growing, and gc() never reaches the process's global scope.

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
