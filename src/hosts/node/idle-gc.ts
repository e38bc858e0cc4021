// Gives memory back to the system once the process goes quiet (issue 19: idle RSS < 100 MB, RSS
// after a load < 250 MB). Start-up (config validation, the OpenAPI schemas, the report warm-up)
// and request bursts leave V8 with grown heap pages and young-generation space it keeps
// committed long after the garbage in them is dead; V8's own memory reducer only shrinks them
// some time later, if at all. Each second this looks at the event loop: after a quiet second
// (little event-loop use; `quietIntervals` can ask for more in a row) that follows growth of RSS
// since the last trim, it runs one memory-reducing full GC (V8's "last resort" collection:
// compacts, shrinks the young generation, releases pooled pages). Nothing runs while the process is busy, nor when it stays idle
// without growing. The GC is reached through V8's documented gc extension, exposed only to a
// private context so no script of the app can call gc().
// A full GC in an idle process finds no live object of the literal Node's process.nextTick builds,
// so V8 drops that literal's maps; its store sites then turn megamorphic and every later nextTick
// (several per HTTP request) goes through V8's runtime: ~30 % more CPU per /ping after a trim,
// measured. One live nextTick object, held for the process's life and refreshed at each trim,
// keeps those maps (and protects V8's own idle collections the same way).

import { executionAsyncResource } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Gc = (options?: { type?: 'major'; execution?: 'sync'; flavor?: 'last-resort' }) => void;

export interface IdleGcOptions {
  /** How often the event loop is looked at. */
  intervalMs: number;
  /** A second whose event-loop utilisation stays below this is quiet. */
  quietUtilisation: number;
  /** Consecutive quiet intervals before a trim. */
  quietIntervals: number;
  /** RSS growth since the last trim (or start) that makes a trim worth its pause. */
  minGrowthBytes: number;
  /** At most one trim (one pause) in this long. */
  minSpacingMs: number;
}

const DEFAULTS: IdleGcOptions = {
  intervalMs: 1000,
  quietUtilisation: 0.2,
  quietIntervals: 1,
  minGrowthBytes: 8 * 1024 * 1024,
  minSpacingMs: 30_000,
};

/** Holds the nextTick object kept alive (see the top of this file). */
const kept: { tickObject?: object } = {};

/** Runs `then` in a nextTick callback, after keeping that callback's own nextTick object. */
function withTickObjectKept(then: () => void = () => undefined): void {
  process.nextTick(() => {
    kept.tickObject = executionAsyncResource();
    then();
  });
}

/** V8's gc(), without exposing it to the process's own global scope. */
function privateGc(): Gc | undefined {
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as Gc;
  } catch {
    return undefined;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}

/** Starts the watcher; the returned function stops it. `onTrim` hears of each trim (RSS before/after, pause). */
export function startIdleGc(
  options: Partial<IdleGcOptions> = {},
  onTrim?: (t: { rssBefore: number; rssAfter: number; ms: number }) => void,
): () => void {
  withTickObjectKept();
  const gc = privateGc();
  if (!gc) return () => undefined;
  const o = { ...DEFAULTS, ...options };
  let trimmedAt = 0; // RSS right after the last trim (0: not trimmed yet, so start-up counts as growth)
  let lastTrim = Number.NEGATIVE_INFINITY;
  let last = performance.eventLoopUtilization();
  let quietRun = 0;
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const quiet = performance.eventLoopUtilization(now, last).utilization < o.quietUtilisation;
    last = now;
    quietRun = quiet ? quietRun + 1 : 0;
    if (quietRun < o.quietIntervals || performance.now() - lastTrim < o.minSpacingMs) return;
    const rssBefore = process.memoryUsage.rss();
    if (rssBefore - trimmedAt < o.minGrowthBytes) return;
    lastTrim = performance.now();
    quietRun = 0;
    withTickObjectKept(() => {
      const t0 = performance.now();
      gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
      trimmedAt = process.memoryUsage.rss();
      lastTrim = performance.now();
      // The trim's own pause must not count against the next second's quiet.
      last = performance.eventLoopUtilization();
      onTrim?.({ rssBefore, rssAfter: trimmedAt, ms: lastTrim - t0 });
    });
  }, o.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
