import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A strategy that never signals: the bot analyses its pairs (analyzed_df, pair candles) but opens
 * and closes trades only on request, so a test's force entries cannot collide with the bot's own.
 */
export const QUIET_STRATEGY_NAME = 'QuietStrategy';

const QUIET_STRATEGY_SOURCE = `
export class QuietStrategy {
  timeframe = '5m';
  stoploss = -0.99;
  minimal_roi = { '0': 100 };
  populateIndicators(frame) { return frame; }
  populateEntryTrend(frame) { frame.columns.enter_long = frame.date.map(() => 0); return frame; }
  populateExitTrend(frame) { frame.columns.exit_long = frame.date.map(() => 0); return frame; }
}
`;

/** Writes QuietStrategy into `<userDataDir>/strategies`, where the bot's strategy loader looks. */
export function writeQuietStrategy(userDataDir: string): void {
  mkdirSync(join(userDataDir, 'strategies'), { recursive: true });
  writeFileSync(join(userDataDir, 'strategies', 'quiet.js'), QUIET_STRATEGY_SOURCE);
}
