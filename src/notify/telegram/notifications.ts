// freqtrade's Telegram notification texts (Telegram.compose_message), field for field and emoji for
// emoji. With fiat_display_currency, amounts get freqtrade's " / 12.345 USD" part at the rate given.

import { floatRepr } from '../../domain/python-repr.ts';
import type { EntryMessage, ExitMessage, RpcMessage } from '../../rpc/messages.ts';
import { fmtCoin, py, pythonTimedelta, roundValue } from './format.ts';

const CHECK_MARK = '\u2713';
const LARGE_BLUE_CIRCLE = '\u{1F535}';
const ROCKET = '\u{1F680}';
const EIGHT_SPOKED_ASTERISK = '\u2733';
const WARNING_SIGN = '\u26A0';
const CROSS_MARK = '\u274C';

/** Epoch ms of an ISO date as the messages carry them (aware "+00:00", or naive = UTC). */
const parseDate = (iso: string) => Date.parse(/(Z|[+-]\d\d:\d\d)$/.test(iso) ? iso : `${iso}Z`);

const exchangeName = (m: { exchange: string }, dryRun: boolean) => `${m.exchange}${dryRun ? ' (dry)' : ''}`;

const leverageText = (leverage: number | null) => (leverage && leverage !== 1.0 ? ` (${py(leverage, '.3g')}x)` : '');

/** freqtrade's __format_profit_fiat: " / <amount in fiat, 3 decimals> <fiat>" when a rate is known. */
function fiatPart(amount: number, m: { fiat_currency: string | null }, fiatRate: number | undefined): string {
  if (fiatRate === undefined || !m.fiat_currency) return '';
  return ` / ${py(amount * fiatRate, '.3f')} ${m.fiat_currency}`;
}

/** The last analysed candle of a pair (notification_settings.show_candle = "ohlc"). */
export type CandleSource = (pair: string) => { open: number; high: number; low: number; close: number } | undefined;

/** freqtrade's _add_analyzed_candle: "*Candle OHLC*: `o, h, l, c`" when show_candle is "ohlc" and a candle exists. */
function candleLine(pair: string, candles: CandleSource | undefined): string {
  const c = candles?.(pair);
  if (!c) return '';
  return `*Candle OHLC*: \`${floatRepr(c.open)}, ${floatRepr(c.high)}, ${floatRepr(c.low)}, ${floatRepr(c.close)}\`\n`;
}

function entryText(
  m: EntryMessage & { type: 'entry' | 'entry_fill' },
  dryRun: boolean,
  candles: CandleSource | undefined,
  fiatRate: number | undefined,
): string {
  const isFill = m.type === 'entry_fill';
  const wording = m.sub_trade
    ? isFill
      ? 'Position increase filled'
      : 'Increasing position'
    : isFill
      ? 'New Trade filled'
      : 'New Trade';
  let text = `${isFill ? CHECK_MARK : LARGE_BLUE_CIRCLE} *${exchangeName(m, dryRun)}:* ${wording} (#${m.trade_id})\n`;
  text += `*Pair:* \`${m.pair}\`\n`;
  text += candleLine(m.pair, candles);
  if (m.enter_tag) text += `*Enter Tag:* \`${m.enter_tag}\`\n`;
  text += `*Amount:* \`${roundValue(m.amount, 8)}\`\n`;
  text += `*Direction:* \`${m.direction}${leverageText(m.leverage)}\`\n`;
  text += `*Open Rate:* \`${roundValue(m.open_rate, 8)} ${m.quote_currency}\`\n`;
  if (m.type === 'entry' && m.current_rate) {
    text += `*Current Rate:* \`${roundValue(m.current_rate, 8)} ${m.quote_currency}\`\n`;
  }
  text += `*${m.sub_trade ? 'New ' : ''}Total:* \`${fmtCoin(m.stake_amount, m.quote_currency)}${fiatPart(m.stake_amount, m, fiatRate)}\``;
  return text;
}

function exitEmoji(m: ExitMessage): string {
  if (m.profit_ratio >= 0.05) return ROCKET;
  if (m.profit_ratio >= 0.0) return EIGHT_SPOKED_ASTERISK;
  if (m.exit_reason === 'stop_loss') return WARNING_SIGN;
  return CROSS_MARK;
}

function exitText(
  m: ExitMessage & { type: 'exit' | 'exit_fill' },
  dryRun: boolean,
  candles: CandleSource | undefined,
  fiatRate: number | undefined,
): string {
  const seconds = Math.floor(parseDate(m.close_date) / 1000) - Math.floor(parseDate(m.open_date) / 1000);
  const profitExtra = ` (${m.gain}: ${fmtCoin(m.profit_amount, m.quote_currency)}${fiatPart(m.profit_amount, m, fiatRate)})`;
  const cpFiat = fiatPart(m.cumulative_profit, m, fiatRate);
  const isFill = m.type === 'exit_fill';
  const isSubTrade = m.sub_trade;
  const isFinalExit = m.is_final_exit && m.profit_amount !== m.cumulative_profit;
  let profitPrefix = isSubTrade ? 'Sub ' : '';
  let cpExtra = '';
  let exitWording = isFill ? 'Exited' : 'Exiting';
  if (isSubTrade || isFinalExit) {
    if (isFinalExit) {
      profitPrefix = 'Sub ';
      cpExtra = `*Final Profit:* \`${py(m.final_profit_ratio ?? 0, '.2%')} (${py(m.cumulative_profit, '.8f')} ${m.quote_currency}${cpFiat})\`\n`;
    } else {
      exitWording = `Partially ${exitWording.toLowerCase()}`;
      if (m.cumulative_profit) {
        cpExtra = `*Cumulative Profit:* \`${fmtCoin(m.cumulative_profit, m.stake_currency)}${cpFiat}\`\n`;
      }
    }
  }
  let text = `${exitEmoji(m)} *${exchangeName(m, dryRun)}:* ${exitWording} ${m.pair} (#${m.trade_id})\n`;
  text += candleLine(m.pair, candles);
  text += `*${isFill ? `${profitPrefix}Profit` : `Unrealized ${profitPrefix}Profit`}:* \`${py(m.profit_ratio, '.2%')}${profitExtra}\`\n`;
  text += cpExtra;
  if (m.enter_tag) text += `*Enter Tag:* \`${m.enter_tag}\`\n`;
  text += `*Exit Reason:* \`${m.exit_reason}\`\n`;
  text += `*Direction:* \`${m.direction}${leverageText(m.leverage)}\`\n`;
  text += `*Amount:* \`${roundValue(m.amount, 8)}\`\n`;
  text += `*Open Rate:* \`${fmtCoin(m.open_rate, m.quote_currency)}\`\n`;
  if (m.type === 'exit' && m.current_rate) {
    text += `*Current Rate:* \`${fmtCoin(m.current_rate, m.quote_currency)}\`\n`;
    if (m.order_rate) text += `*Exit Rate:* \`${fmtCoin(m.order_rate, m.quote_currency)}\``;
  } else if (isFill) {
    text += `*Exit Rate:* \`${fmtCoin(m.close_rate, m.quote_currency)}\``;
  }
  if (isSubTrade)
    text += `\n*Remaining:* \`${fmtCoin(m.stake_amount, m.quote_currency)}${fiatPart(m.stake_amount, m, fiatRate)}\``;
  else text += `\n*Duration:* \`${pythonTimedelta(seconds)} (${py(seconds / 60, '.1f')} min)\``;
  return text;
}

/**
 * freqtrade's compose_message: the text of a notification, or undefined for types Telegram does
 * not show. `fiatRate` is the stake currency's price in the message's fiat_currency (absent: no fiat parts).
 */
export function notificationText(
  m: RpcMessage,
  dryRun: boolean,
  candles?: CandleSource,
  fiatRate?: number,
): string | undefined {
  switch (m.type) {
    case 'entry':
    case 'entry_fill':
      return entryText(m, dryRun, candles, fiatRate);
    case 'exit':
    case 'exit_fill':
      return exitText(m, dryRun, candles, fiatRate);
    case 'entry_cancel':
    case 'exit_cancel':
      return (
        `${WARNING_SIGN} *${exchangeName(m, dryRun)}:* Cancelling ${m.sub_trade ? 'partial ' : ''}` +
        `${m.type === 'entry_cancel' ? 'enter' : 'exit'} Order for ${m.pair} (#${m.trade_id}). Reason: ${m.reason}.`
      );
    case 'protection_trigger':
      return `*Protection* triggered due to ${m.reason}. \`${m.pair}\` will be locked until \`${m.lock_end_time}\`.`;
    case 'protection_trigger_global':
      return `*Protection* triggered due to ${m.reason}. *All pairs* will be locked until \`${m.lock_end_time}\`.`;
    case 'status':
      return `*Status:* \`${m.status}\``;
    case 'warning':
      return `${WARNING_SIGN} *Warning:* \`${m.status}\``;
    case 'exception':
      return `${WARNING_SIGN} *ERROR:* \n ${m.status}`;
    case 'startup':
      return m.status;
    case 'strategy_msg':
      return m.msg;
    default:
      return undefined;
  }
}
