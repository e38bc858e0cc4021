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

/**
 * The ROI step in force at `tradeDurationMinutes`, or null if the table starts later.
 * `customRoi` is the strategy's custom_roi answer (freqtrade 2025.4, min_roi_reached_entry): when
 * it is a finite number below the table's step (or the table has none), it wins, keyed at the
 * trade's age; null, NaN and ±Infinity fall back to the table.
 */
export function minRoiEntry(
  minimalRoi: Record<string, number>,
  tradeDurationMinutes: number,
  customRoi?: number | null,
): RoiStep | null {
  let best: RoiStep | null = null;
  for (const [key, ratio] of Object.entries(minimalRoi)) {
    const minutes = Number(key);
    if (!Number.isFinite(minutes) || minutes > tradeDurationMinutes) continue;
    if (best === null || minutes > best.minutes) best = { minutes, ratio };
  }
  const custom = typeof customRoi === 'number' && Number.isFinite(customRoi) ? customRoi : null;
  if (custom !== null && (best === null || custom < best.ratio))
    return { minutes: tradeDurationMinutes, ratio: custom };
  return best;
}

/** The step in force and whether `currentProfitRatio` beats it (strictly, as freqtrade). */
export function minRoiReached(
  minimalRoi: Record<string, number>,
  tradeDurationMinutes: number,
  currentProfitRatio: number,
  customRoi?: number | null,
): { reached: boolean; entry: RoiStep | null } {
  const entry = minRoiEntry(minimalRoi, tradeDurationMinutes, customRoi);
  return { reached: entry !== null && currentProfitRatio > entry.ratio, entry };
}
