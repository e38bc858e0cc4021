// freqtrade's minimal_roi table: the profit that ends a trade, by trade age in minutes.

export interface RoiStep {
  /** The table key in force: the largest one not above the trade age. */
  minutes: number;
  ratio: number;
}

const MINUTE_MS = 60_000;

/** Whole minutes a trade has been open, rounded down as freqtrade does. */
export function tradeDurationMinutes(openDateMs: number, nowMs: number): number {
  return Math.floor((nowMs - openDateMs) / MINUTE_MS);
}

/** The ROI step in force at `tradeDurationMinutes`, or null if the table starts later. */
export function minRoiEntry(minimalRoi: Record<string, number>, tradeDurationMinutes: number): RoiStep | null {
  let best: RoiStep | null = null;
  for (const [key, ratio] of Object.entries(minimalRoi)) {
    const minutes = Number(key);
    if (!Number.isFinite(minutes) || minutes > tradeDurationMinutes) continue;
    if (best === null || minutes > best.minutes) best = { minutes, ratio };
  }
  return best;
}

/** The step in force and whether `currentProfitRatio` beats it (strictly, as freqtrade). */
export function minRoiReached(
  minimalRoi: Record<string, number>,
  tradeDurationMinutes: number,
  currentProfitRatio: number,
): { reached: boolean; entry: RoiStep | null } {
  const entry = minRoiEntry(minimalRoi, tradeDurationMinutes);
  return { reached: entry !== null && currentProfitRatio > entry.ratio, entry };
}
