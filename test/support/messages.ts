// RPC messages as the engine publishes them (§10), for tests that publish through a hub by hand.

import type { WsEntryMessage } from '../../packages/client/src/schemas/ws.ts';

export function entryMessageFixture(
  type: WsEntryMessage['type'],
  tradeId: number,
  pair = 'BTC/USDT',
  enterTag: string | null = null,
): WsEntryMessage {
  return {
    type,
    trade_id: tradeId,
    buy_tag: enterTag,
    enter_tag: enterTag,
    exchange: 'Offline',
    pair,
    base_currency: pair.split('/')[0],
    quote_currency: 'USDT',
    leverage: 1,
    direction: 'Long',
    limit: 100,
    open_rate: 100,
    order_type: 'limit',
    stake_amount: 10,
    stake_currency: 'USDT',
    fiat_currency: null,
    amount: 0.1,
    open_date: '2026-01-01T00:00:00+00:00',
    current_rate: 100,
    sub_trade: false,
  };
}
