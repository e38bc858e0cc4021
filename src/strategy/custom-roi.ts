// freqtrade's custom_roi call inside min_roi_reached_entry (2025.4): asked only with
// use_custom_roi, behind the safe wrapper (an error counts as "no custom ROI"), and only a
// finite number counts. Shared by the live bot and the backtest.

import type { Strategy, TradeView } from './types.ts';

export function askCustomRoi(
  strategy: Pick<Strategy, 'customRoi'>,
  useCustomRoi: boolean,
  trade: TradeView,
  now: number,
  tradeDuration: number,
  onError: (message: string) => void,
): number | null {
  if (!useCustomRoi || !strategy.customRoi) return null;
  try {
    const answer = strategy.customRoi({
      pair: trade.pair,
      trade,
      currentTime: now,
      tradeDuration,
      entryTag: trade.enterTag,
      side: trade.isShort ? 'short' : 'long',
    });
    return typeof answer === 'number' && Number.isFinite(answer) ? answer : null;
  } catch (e) {
    onError(`Strategy callback custom_roi failed: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
}
