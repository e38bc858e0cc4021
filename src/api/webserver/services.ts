// What webserver mode (`npm run webserver`) gives the API besides the shared deps: the job
// registry, markets per exchange selection, and the backtest runner. Hosts build it.

import type { Exchange } from '../../exchange/port.ts';
import type { BackgroundJobs } from './jobs.ts';

/** FreqUI's ExchangeSelectPayload: which exchange and trading mode a webserver request is about. */
export interface MarketSelection {
  exchange?: string | null;
  trading_mode?: string | null;
  margin_mode?: string | null;
}

export interface WebserverServices {
  jobs: BackgroundJobs;
  /** The market-data exchange for a selection (default: the config's), markets loaded; cached per selection. */
  market(selection: MarketSelection): Promise<Exchange>;
}
