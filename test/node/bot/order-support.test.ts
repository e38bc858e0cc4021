// freqtrade refuses to start with stoploss_on_exchange or a time-in-force policy the exchange does
// not take (validate_ordertypes / validate_order_time_in_force); tickhub's Bot.init does the same.
import { describe, expect, it } from 'vitest';
import { checkOrderSupport } from '../../../src/bot/settings.ts';
import { createCcxtExchange } from '../../../src/exchange/ccxt/adapter.ts';
import { DryRunBroker } from '../../../src/exchange/dry-run/broker.ts';

const gtc = { entry: 'GTC', exit: 'GTC' };

describe('order settings the exchange must support', () => {
  it('binance takes stop orders and GTC/FOK/IOC/PO; kraken (freqtrade default class) neither', async () => {
    const binance = await createCcxtExchange({ name: 'binance' });
    const kraken = await createCcxtExchange({ name: 'kraken' });
    const onExchange = { order_types: { stoploss_on_exchange: true }, order_time_in_force: gtc };
    expect(() => checkOrderSupport(onExchange, binance)).not.toThrow();
    expect(() => checkOrderSupport(onExchange, kraken)).toThrow('On exchange stoploss is not supported for Kraken.');
    // dry-run validates the real exchange, as freqtrade does
    expect(() => checkOrderSupport(onExchange, new DryRunBroker({ exchange: kraken }))).toThrow(/not supported/);
    const ioc = { order_types: {}, order_time_in_force: { entry: 'ioc', exit: 'GTC' } };
    expect(() => checkOrderSupport(ioc, binance)).not.toThrow();
    expect(() => checkOrderSupport(ioc, kraken)).toThrow('Time in force policies are not supported for Kraken yet.');
    expect(() => checkOrderSupport({ order_types: {}, order_time_in_force: gtc }, kraken)).not.toThrow();
  });
});
