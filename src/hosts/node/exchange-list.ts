// /exchanges on Node. When the bot has not loaded ccxt (offline market, webserver mode), the list
// is made in a worker thread: importing ccxt would otherwise hold the event loop for seconds
// (1-5 s measured) and keep ~130 MB in the process for the sake of one listing.

import { Worker } from 'node:worker_threads';
import { type ExchangeListEntry, listCcxtExchanges } from '../../exchange/ccxt/exchange-list.ts';
import { isCcxtLoaded } from '../../exchange/ccxt/loader.ts';

let cached: Promise<ExchangeListEntry[]> | undefined;

function offThread(): Promise<ExchangeListEntry[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./exchange-list-worker.ts', import.meta.url));
    worker.once('message', (list: ExchangeListEntry[]) => {
      resolve(list);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`exchange list worker exited with code ${code}`)));
  });
}

export function nodeExchangeList(): Promise<ExchangeListEntry[]> {
  if (isCcxtLoaded()) return listCcxtExchanges();
  cached ??= offThread().catch((e: unknown) => {
    cached = undefined;
    throw e;
  });
  return cached;
}
