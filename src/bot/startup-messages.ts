// The messages freqtrade sends when the bot starts: dry-run warning, settings summary, pairlist
// handlers and protections (their short_desc), and the state.

import type { Config } from '../config/schema.ts';
import { pyRepr } from '../domain/python-repr.ts';
import type { Hub } from '../rpc/hub.ts';
import type { TradingSettings } from './settings.ts';
import { pairlistShortDesc, protectionShortDesc } from './short-desc.ts';
import type { BotState } from './state.ts';

export interface StartupFacts {
  config: Config;
  settings: TradingSettings;
  exchangeId: string;
  state: BotState;
}

/** freqtrade prints the config's value: "unlimited", or the number as Python holds it. */
const pyStake = (v: unknown) => (typeof v === 'number' ? pyRepr(v) : String(v));

export function publishStartupMessages(hub: Hub, f: StartupFacts): void {
  const c = f.config;
  const s = f.settings;
  if (c.dry_run) hub.publish({ type: 'warning', status: 'Dry run is enabled. All trades are simulated.' });
  hub.publish({
    type: 'startup',
    status:
      `*Exchange:* \`${f.exchangeId}\`\n*Stake per trade:* \`${pyStake(c.stake_amount)} ${c.stake_currency}\`\n` +
      `*Minimum ROI:* \`${pyRepr(s.minimal_roi)}\`\n` +
      `*${s.trailing_stop ? 'Trailing ' : ''}Stoploss:* \`${pyRepr(s.stoploss)}\`\n` +
      `*Position adjustment:* \`${s.position_adjustment_enable ? 'On' : 'Off'}\`\n*Timeframe:* \`${s.timeframe}\`\n` +
      `*Strategy:* \`${s.strategyName}\``,
  });
  hub.publish({
    type: 'startup',
    status: `Searching for ${c.stake_currency} pairs to buy and sell based on ${pairlistShortDesc(c)}`,
  });
  if (c.protections.length > 0) {
    hub.publish({
      type: 'startup',
      status: `Using Protections: \n${c.protections.map(protectionShortDesc).join('\n')}`,
    });
  }
  hub.publish({ type: 'status', status: f.state });
}

/** After /stop: freqtrade's reminder that open trades are left to the trader. */
export function publishOpenTradesWarning(hub: Hub, openCount: number, exchangeName: string): void {
  if (openCount === 0) return;
  hub.publish({
    type: 'warning',
    status: `${openCount} open trades active.\n\nHandle these trades manually on ${exchangeName}, or '/start' the bot again and use '/stopentry' to handle open trades gracefully.`,
  });
}
