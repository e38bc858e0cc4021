// A strategy that uses the order paths of issue 15 point 4 together: informative 1h candles
// (the entry waits for them), order replacement (adjust_entry_price / adjust_exit_price),
// DCA (adjust_trade_position) and stoploss on exchange with a trailing stop.

import { BaseStrategy } from '../../src/strategy/base.ts';
import { markSignal } from '../../src/strategy/frame.ts';
import type { InformativeSpec } from '../../src/strategy/informative.ts';
import type {
  AdjustEntryPriceArgs,
  AdjustPositionArgs,
  CustomEntryPriceArgs,
  CustomStoplossArgs,
  Frame,
} from '../../src/strategy/types.ts';

export class AllOrdersStrategy extends BaseStrategy {
  timeframe = '5m';
  stoploss = -0.1;
  override minimal_roi = { '0': 10 };
  override trailing_stop = true;
  override trailing_stop_positive = 0.02;
  override trailing_stop_positive_offset = 0.03;
  override trailing_only_offset_is_reached = true;
  override position_adjustment_enable = true;
  max_entry_position_adjustment = 1;
  override order_types: Record<string, string | boolean | number> = {
    entry: 'limit',
    exit: 'limit',
    stoploss: 'limit',
    stoploss_on_exchange: true,
    stoploss_on_exchange_interval: 120,
  };
  informative: InformativeSpec[] = [
    {
      timeframe: '1h',
      populate: (f: Frame) => {
        f.columns.hl2 = f.high.map((h, i) => (h + f.low[i]) / 2);
        return f;
      },
    },
  ];

  customEntryPrice?: (a: CustomEntryPriceArgs) => number | null;
  customStoploss?: (a: CustomStoplossArgs) => number | null;
  /** The test turns entries on and off. */
  allowEntry = true;
  /** Stake of the one extra entry, asked once the trade is below `dcaBelow` profit. */
  dcaStake = 50;
  dcaBelow = -0.01;
  /** adjust_entry_price's answer: by default, two ticks above the proposed rate (a price that fills). */
  entryPrice: (a: AdjustEntryPriceArgs) => number | null = (a) => a.proposedRate + 0.02;
  exitPrice: ((a: AdjustEntryPriceArgs) => number | null) | undefined;
  readonly seen = {
    adjustEntry: [] as AdjustEntryPriceArgs[],
    adjustExit: [] as AdjustEntryPriceArgs[],
    adjustPosition: [] as AdjustPositionArgs[],
    /** Last value of the merged 1h column per analysis. */
    hl2: [] as number[],
  };

  override get name(): string {
    return 'AllOrdersStrategy';
  }
  populateIndicators(frame: Frame): Frame {
    const col = frame.columns.hl2_1h as number[] | undefined;
    if (col && col.length > 0) this.seen.hl2.push(col[col.length - 1]);
    return frame;
  }
  populateEntryTrend(frame: Frame): Frame {
    const hl2 = frame.columns.hl2_1h as number[] | undefined;
    const when = frame.date.map((_, i) => this.allowEntry && Number.isFinite(hl2?.[i]));
    markSignal(frame, 'enter_long', when, 'informative_1h');
    return frame;
  }
  populateExitTrend(frame: Frame): Frame {
    markSignal(
      frame,
      'exit_long',
      frame.date.map(() => false),
    );
    return frame;
  }
  adjustEntryPrice(args: AdjustEntryPriceArgs): number | null {
    this.seen.adjustEntry.push(args);
    return this.entryPrice(args);
  }
  adjustExitPrice(args: AdjustEntryPriceArgs): number | null {
    this.seen.adjustExit.push(args);
    return this.exitPrice ? this.exitPrice(args) : args.currentOrderRate;
  }
  adjustTradePosition(args: AdjustPositionArgs): number | null {
    this.seen.adjustPosition.push(args);
    if (args.trade.nrOfSuccessfulEntries === 1 && args.currentProfit < this.dcaBelow) return this.dcaStake;
    return null;
  }
}
