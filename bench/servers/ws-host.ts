// A tickhub server (startNodeServer, in-process in this child) for the websocket fan-out benchmark.
// The parent drives it over IPC: {cmd: 'publish', seq} publishes an entry_fill through the server's
// hub and answers with the publish timestamp (ms since epoch, sub-ms precision); {cmd: 'stats'}
// answers with the hub's client count.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateConfig } from '../../src/config/load.ts';
import { startNodeServer } from '../../src/hosts/node/server.ts';
import type { EntryMessage } from '../../src/rpc/messages.ts';
import { benchConfig } from '../lib/bench-config.ts';

const now = () => performance.timeOrigin + performance.now();
const dir = mkdtempSync(join(tmpdir(), 'tickhub-bench-ws-'));
const { config } = validateConfig(benchConfig({ user_data_dir: dir }));
const server = await startNodeServer({
  config,
  configFiles: [],
  dbUrl: `file:${join(dir, 'tradesv3.sqlite')}`,
  port: 0,
});
const hub = server.hub;

function entryFill(seq: number): EntryMessage {
  return {
    type: 'entry_fill',
    trade_id: seq,
    buy_tag: 'ma_cross',
    enter_tag: 'ma_cross',
    exchange: 'Offline',
    pair: 'BTC/USDT:USDT',
    base_currency: 'BTC',
    quote_currency: 'USDT',
    leverage: 3,
    direction: 'Long',
    limit: 61234.5,
    open_rate: 61234.5,
    order_type: 'limit',
    stake_amount: 100,
    stake_currency: 'USDT',
    fiat_currency: 'USD',
    amount: 0.0049,
    open_date: new Date().toISOString().replace('T', ' ').slice(0, 19),
    current_rate: 61240.1,
    sub_trade: false,
  };
}

process.on('message', (msg: { cmd: string; seq?: number; count?: number }) => {
  if (msg.cmd === 'publish') {
    const count = msg.count ?? 1;
    let at = 0;
    let publishMs = 0;
    for (let i = 0; i < count; i++) {
      const m = entryFill((msg.seq ?? 0) + i);
      at = now();
      hub.publish(m);
      publishMs = now() - at;
    }
    process.send!({ seq: msg.seq, at, publishMs });
  } else if (msg.cmd === 'stats') {
    process.send!({ clients: hub.clientCount, rssMb: Math.round(process.memoryUsage().rss / 2 ** 20) });
  } else if (msg.cmd === 'stop') {
    void server.close().then(() => {
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    });
  }
});
process.send!({ url: server.url });
