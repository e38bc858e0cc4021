// Which exits apply to a trade on this tick, in the order freqtrade tries them
// (IStrategy.should_exit): exit signal or custom exit, then stoploss / liquidation, then ROI,
// then the trailing stop. The bot executes the first one that places an order.

import type { StopExitReason } from './types.ts';

export type ExitType = 'exit_signal' | 'custom_exit' | StopExitReason | 'roi';

export interface ExitCheck {
  exitType: ExitType;
  /** What the trade records as exit_reason: the exit tag or custom reason when given, else the type. */
  exitReason: string;
}

/** freqtrade's CUSTOM_TAG_MAX_LENGTH: longer custom exit reasons are cut. */
export const CUSTOM_TAG_MAX_LENGTH = 255;

export interface ExitCheckInput {
  /** The latest analyzed candle's entry / exit signal for the trade's side. */
  enter: boolean;
  exit: boolean;
  /** exit_tag of that candle, used as the reason of an exit signal. */
  exitTag?: string | null;
  useExitSignal: boolean;
  exitProfitOnly: boolean;
  exitProfitOffset: number;
  /** Profit ratio at the current rate. */
  currentProfit: number;
  /** The strategy's custom_exit, asked only when no plain exit signal applies (as freqtrade). */
  customExit?: () => string | boolean | null | undefined;
  /** Result of the stoploss / liquidation check (stoplossHit). */
  stopHit: StopExitReason | null;
  /** Whether the ROI table is beaten; pass false when ignore_roi_if_entry_signal applies. */
  roiReached: boolean;
}

function customReason(answer: string | boolean | null | undefined): ExitCheck | null {
  if (!answer) return null;
  const reason = typeof answer === 'string' ? answer.slice(0, CUSTOM_TAG_MAX_LENGTH) : '';
  return { exitType: 'custom_exit', exitReason: reason || 'custom_exit' };
}

/** The exits that apply, first to try first; empty when the trade stays open. */
export function shouldExit(input: ExitCheckInput): ExitCheck[] {
  const exits: ExitCheck[] = [];
  if (input.useExitSignal) {
    if (input.exit && !input.enter) {
      const profitOk = !input.exitProfitOnly || input.currentProfit > input.exitProfitOffset;
      if (profitOk) exits.push({ exitType: 'exit_signal', exitReason: input.exitTag || 'exit_signal' });
    } else {
      // exit_profit_only does not hold back a custom exit.
      const custom = customReason(input.customExit?.());
      if (custom) exits.push(custom);
    }
  }
  if (input.stopHit === 'stop_loss' || input.stopHit === 'liquidation') {
    exits.push({ exitType: input.stopHit, exitReason: input.stopHit });
  }
  if (input.roiReached) exits.push({ exitType: 'roi', exitReason: 'roi' });
  if (input.stopHit === 'trailing_stop_loss') {
    exits.push({ exitType: 'trailing_stop_loss', exitReason: 'trailing_stop_loss' });
  }
  return exits;
}
