// Producer/consumer mode (config `external_message_consumer`): one ProducerClient per producer
// feeding one ProducerDataStore. The bot reads producerWhitelist() (ExternalPairList) and
// producerFrame() (dp.get_producer_df).

import type { Config } from '../../config/schema.ts';
import type { Logger } from '../../util/logger.ts';
import type { ProducerConnector } from './connector.ts';
import { ProducerClient, type ProducerClientSettings } from './producer-client.ts';
import { DEFAULT_PRODUCER, ProducerDataStore, type ProducerFrame } from './store.ts';

export type ConsumerConfig = Config['external_message_consumer'];

/** Backoff never waits longer than this (or sleep_time, if that is longer). */
const MAX_RECONNECT_MS = 120_000;

export function consumerSettings(c: ConsumerConfig): ProducerClientSettings {
  const sleepMs = c.sleep_time * 1000;
  return {
    sleepMs,
    maxSleepMs: Math.max(sleepMs, MAX_RECONNECT_MS),
    waitTimeoutMs: c.wait_timeout * 1000,
    pingTimeoutMs: c.ping_timeout * 1000,
    handshakeTimeoutMs: Math.max(c.ping_timeout * 1000, 5000),
    maxPayloadBytes: c.message_size_limit * 1024 * 1024,
    initialCandleLimit: c.initial_candle_limit,
    removeEntryExitSignals: c.remove_entry_exit_signals,
  };
}

export class ExternalMessageConsumer {
  readonly store: ProducerDataStore;
  readonly clients: ProducerClient[];

  constructor(
    config: ConsumerConfig,
    connector: ProducerConnector,
    log: Logger,
    overrides: Partial<ProducerClientSettings> = {},
  ) {
    const names = config.producers.map((p) => p.name);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup) throw new Error(`external_message_consumer: producer name ${dup} is used twice`);
    this.store = new ProducerDataStore(names);
    const settings = { ...consumerSettings(config), ...overrides };
    this.clients = config.producers.map(
      (p) => new ProducerClient(p, settings, connector, this.store, log.child(p.name)),
    );
  }

  start(): void {
    for (const c of this.clients) c.start();
  }

  stop(): Promise<void> {
    return Promise.all(this.clients.map((c) => c.stop())).then(() => undefined);
  }

  /** One producer's whitelist, or the union of every producer's (ProducerPairList). */
  producerWhitelist(producerName?: string): string[] {
    return producerName === undefined ? this.store.whitelist() : (this.store.producerWhitelist(producerName) ?? []);
  }

  /** A producer's analysed frame (dp.get_producer_df; producer "default" unless named). */
  producerFrame(
    pair: string,
    timeframe: string,
    candleType: string,
    producer = DEFAULT_PRODUCER,
  ): ProducerFrame | undefined {
    return this.store.frame(pair, timeframe, candleType, producer);
  }
}
