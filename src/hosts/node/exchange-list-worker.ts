// Runs in a worker thread: lists ccxt's exchanges and posts the list back. Loading ccxt takes
// seconds of synchronous work and ~130 MB; here neither touches the bot's event loop or stays
// in its heap once the thread has ended.

import { parentPort } from 'node:worker_threads';
import { listCcxtExchanges } from '../../exchange/ccxt/exchange-list.ts';

parentPort?.postMessage(await listCcxtExchanges());
