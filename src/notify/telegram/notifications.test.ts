// freqtrade's compose_message texts, pinned by hand from telegram.py's f-strings for a few messages.

import { describe, expect, it } from 'vitest';
import type { EntryMessage, ExitMessage, RpcMessage } from '../../rpc/messages.ts';
import { notificationText } from './notifications.ts';

const base = {
  trade_id: 7,
  buy_tag: 'tag1',
  enter_tag: 'tag1',
  exchange: 'Binance',
  pair: 'ETH/USDT',
  base_currency: 'ETH',
  quote_currency: 'USDT',
  leverage: 1,
  direction: 'Long' as const,
  limit: 2000,
  open_rate: 2000,
  order_type: 'limit',
  stake_amount: 100.123456,
  stake_currency: 'USDT',
  fiat_currency: null,
  amount: 0.0500617,
  open_date: '2026-01-05T00:00:00+00:00',
  current_rate: 2001.5,
  sub_trade: false,
};

describe('telegram notification texts', () => {
  it('entry (with show_candle ohlc), entry_fill of an added entry with leverage', () => {
    const entry: EntryMessage = { type: 'entry', ...base };
    const candle = () => ({ open: 1990, high: 2010.5, low: 1985.25, close: 2000 });
    expect(notificationText(entry, true, candle)).toBe(
      '\u{1F535} *Binance (dry):* New Trade (#7)\n*Pair:* `ETH/USDT`\n' +
        '*Candle OHLC*: `1990.0, 2010.5, 1985.25, 2000.0`\n' +
        '*Enter Tag:* `tag1`\n*Amount:* `0.0500617`\n*Direction:* `Long`\n' +
        '*Open Rate:* `2000 USDT`\n*Current Rate:* `2001.5 USDT`\n*Total:* `100.123 USDT`',
    );
    const fill: EntryMessage = { type: 'entry_fill', ...base, sub_trade: true, leverage: 3, enter_tag: null };
    expect(notificationText(fill, false)).toBe(
      '\u2713 *Binance:* Position increase filled (#7)\n*Pair:* `ETH/USDT`\n*Amount:* `0.0500617`\n' +
        '*Direction:* `Long (3x)`\n*Open Rate:* `2000 USDT`\n*New Total:* `100.123 USDT`',
    );
  });

  it('a partial exit, then the final exit with its final profit', () => {
    const exitBase = {
      ...base,
      gain: 'profit' as const,
      profit_amount: 1.5,
      profit_ratio: 0.015,
      exit_reason: 'roi',
      close_date: '2026-01-05T01:30:20.500000+00:00',
      order_rate: 2030,
      close_rate: 2030,
      cumulative_profit: 1.5,
      final_profit_ratio: null,
      is_final_exit: false,
    };
    const partial: ExitMessage = { type: 'exit_fill', ...exitBase, sub_trade: true, cumulative_profit: 2.25 };
    expect(notificationText(partial, false)).toBe(
      '\u2733 *Binance:* Partially exited ETH/USDT (#7)\n*Sub Profit:* `1.50% (profit: 1.5 USDT)`\n' +
        '*Cumulative Profit:* `2.25 USDT`\n*Enter Tag:* `tag1`\n*Exit Reason:* `roi`\n*Direction:* `Long`\n' +
        '*Amount:* `0.0500617`\n*Open Rate:* `2000 USDT`\n*Exit Rate:* `2030 USDT`\n*Remaining:* `100.123 USDT`',
    );
    const final: ExitMessage = {
      type: 'exit_fill',
      ...exitBase,
      profit_ratio: 0.06,
      cumulative_profit: 4.5,
      final_profit_ratio: 0.045,
      is_final_exit: true,
    };
    expect(notificationText(final, false)).toBe(
      '\u{1F680} *Binance:* Exited ETH/USDT (#7)\n*Sub Profit:* `6.00% (profit: 1.5 USDT)`\n' +
        '*Final Profit:* `4.50% (4.50000000 USDT)`\n*Enter Tag:* `tag1`\n*Exit Reason:* `roi`\n*Direction:* `Long`\n' +
        '*Amount:* `0.0500617`\n*Open Rate:* `2000 USDT`\n*Exit Rate:* `2030 USDT`\n*Duration:* `1:30:20 (90.3 min)`',
    );
    const stop: ExitMessage = {
      type: 'exit',
      ...exitBase,
      profit_ratio: -0.05,
      gain: 'loss',
      exit_reason: 'stop_loss',
    };
    expect(notificationText(stop, false)?.split('\n').slice(0, 2)).toEqual([
      '\u26A0 *Binance:* Exiting ETH/USDT (#7)',
      '*Unrealized Profit:* `-5.00% (loss: 1.5 USDT)`',
    ]);
  });

  it('cancels, protections, warnings and exceptions', () => {
    const cancel = { type: 'entry_cancel', ...base, sub_trade: true, reason: 'timeout' } as RpcMessage;
    expect(notificationText(cancel, true)).toBe(
      '\u26A0 *Binance (dry):* Cancelling partial enter Order for ETH/USDT (#7). Reason: timeout.',
    );
    const lock = {
      type: 'protection_trigger_global',
      base_currency: null,
      id: 1,
      pair: '*',
      lock_time: '2026-01-05 00:00:00',
      lock_timestamp: 0,
      lock_end_time: '2026-01-05 01:00:00',
      lock_end_timestamp: 0,
      reason: 'StoplossGuard',
      side: '*',
      active: true,
    } as RpcMessage;
    expect(notificationText(lock, false)).toBe(
      '*Protection* triggered due to StoplossGuard. *All pairs* will be locked until `2026-01-05 01:00:00`.',
    );
    expect(notificationText({ type: 'exception', status: '```boom```' }, false)).toBe('\u26A0 *ERROR:* \n ```boom```');
  });
});
