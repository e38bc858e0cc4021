// Shared plumbing for the column-level indicator wrappers. No indicator math lives here.

import type { Column } from '../types.ts';

export type Input = readonly (number | null)[];

/** A column of `length` nulls. */
export function nullColumn(length: number): Column {
  return new Array<number | null>(length).fill(null);
}

/**
 * Maximal [start, end) index ranges where every input holds a finite number.
 * Each indicator restarts its warm-up at the start of a run, so a column that
 * itself begins with nulls (e.g. the EMA of an RSI) works, and a gap never
 * leaks NaN into later values.
 */
export function finiteRuns(inputs: readonly Input[]): [number, number][] {
  const length = inputs[0]?.length ?? 0;
  for (const input of inputs) {
    if (input.length !== length) throw new RangeError(`input lengths differ: ${input.length} vs ${length}`);
  }
  const runs: [number, number][] = [];
  let start = -1;
  for (let i = 0; i <= length; i++) {
    const ok = i < length && inputs.every((input) => Number.isFinite(input[i]));
    if (ok && start < 0) start = i;
    if (!ok && start >= 0) {
      runs.push([start, i]);
      start = -1;
    }
  }
  return runs;
}

export function checkPeriod(name: string, period: number): void {
  if (!Number.isInteger(period) || period < 1)
    throw new RangeError(`${name}: period must be a positive integer, got ${period}`);
}
