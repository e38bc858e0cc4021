// One producer connection of a consumer bot: connect, subscribe to whitelist and analyzed_df, ask
// for the current whitelist and frames, keep the store up to date, check liveness with pings when
// the producer goes quiet, and reconnect with exponential backoff. Nothing escapes its loop.

import type { RpcMessageType } from '../../rpc/messages.ts';
import { decodeDataFrame } from '../../rpc/ws-protocol.ts';
import type { Logger } from '../../util/logger.ts';
import type { ProducerConnector, ProducerSocket } from './connector.ts';
import { MAX_PRODUCER_CANDLES, neutraliseSignals, type ProducerDataStore } from './store.ts';

export interface ProducerConfig {
  name: string;
  host: string;
  port: number;
  secure: boolean;
  ws_token: string;
}

export interface ProducerClientSettings {
  /** First reconnect delay; doubles per failed attempt up to maxSleepMs. */
  sleepMs: number;
  maxSleepMs: number;
  /** Quiet time after which the producer is pinged. */
  waitTimeoutMs: number;
  pingTimeoutMs: number;
  handshakeTimeoutMs: number;
  maxPayloadBytes: number;
  initialCandleLimit: number;
  removeEntryExitSignals: boolean;
}

const SUBSCRIPTIONS: RpcMessageType[] = ['whitelist', 'analyzed_df'];

export function producerUrl(p: ProducerConfig, withToken = true): string {
  const host = p.host.includes(':') && !p.host.startsWith('[') ? `[${p.host}]` : p.host;
  const base = `${p.secure ? 'wss' : 'ws'}://${host}:${p.port}/api/v1/message/ws`;
  return withToken ? `${base}?token=${encodeURIComponent(p.ws_token)}` : base;
}

export class ProducerClient {
  readonly producer: ProducerConfig;
  private readonly settings: ProducerClientSettings;
  private readonly connector: ProducerConnector;
  private readonly store: ProducerDataStore;
  private readonly log: Logger;
  private socket: ProducerSocket | undefined;
  private loop: Promise<void> | undefined;
  private stopped = false;
  private wake: (() => void) | undefined;
  private readonly aborter = new AbortController();
  private lastMessageAt = 0;
  /** Completed connections (a test and status hook). */
  connections = 0;

  constructor(
    producer: ProducerConfig,
    settings: ProducerClientSettings,
    connector: ProducerConnector,
    store: ProducerDataStore,
    log: Logger,
  ) {
    this.producer = producer;
    this.settings = settings;
    this.connector = connector;
    this.store = store;
    this.log = log;
  }

  get connected(): boolean {
    return this.socket !== undefined;
  }

  /** Starts the connection loop; a client runs once (stop is final). */
  start(): void {
    if (this.loop || this.stopped) return;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.aborter.abort();
    this.wake?.();
    this.socket?.close(1000, 'Consumer shutting down');
    await this.loop;
    this.loop = undefined;
  }

  private async run(): Promise<void> {
    const where = producerUrl(this.producer, false);
    let failures = 0;
    while (!this.stopped) {
      let opened = false;
      try {
        opened = await this.session();
      } catch (e) {
        this.log.warning(`Producer ${this.producer.name} (${where}): ${describe(e)}`);
      }
      if (this.stopped) break;
      if (opened) failures = 0;
      const delay = Math.min(this.settings.sleepMs * 2 ** failures, this.settings.maxSleepMs);
      failures++;
      this.log.info(`Producer ${this.producer.name}: reconnecting in ${(delay / 1000).toFixed(1)} s.`);
      await this.sleep(delay);
    }
  }

  /** One connection, from handshake to close; true when the handshake succeeded. */
  private async session(): Promise<boolean> {
    let closed!: (info: { code: number; reason: string }) => void;
    const whenClosed = new Promise<{ code: number; reason: string }>((resolve) => {
      closed = resolve;
    });
    const socket = await this.connector.connect(
      producerUrl(this.producer),
      {
        maxPayloadBytes: this.settings.maxPayloadBytes,
        handshakeTimeoutMs: this.settings.handshakeTimeoutMs,
        signal: this.aborter.signal,
      },
      { onMessage: (text) => this.onMessage(text), onClose: (code, reason) => closed({ code, reason }) },
    );
    this.socket = socket;
    this.connections++;
    this.lastMessageAt = Date.now();
    try {
      if (this.stopped) {
        socket.close(1000, 'Consumer shutting down');
        await whenClosed;
        return true;
      }
      this.log.info(`Connected to producer ${this.producer.name}.`);
      this.request('subscribe', SUBSCRIPTIONS);
      this.request('whitelist');
      this.request('analyzed_df', { limit: this.settings.initialCandleLimit });
      const { code, reason } = await this.watch(socket, whenClosed);
      if (!this.stopped) {
        this.log.warning(
          `Producer ${this.producer.name} closed the connection (code ${code}${reason ? `, ${reason}` : ''}).`,
        );
      }
      return true;
    } finally {
      this.socket = undefined;
    }
  }

  /** Waits for the close; pings when the producer is quiet for waitTimeoutMs and drops it if it stays silent. */
  private async watch(
    socket: ProducerSocket,
    whenClosed: Promise<{ code: number; reason: string }>,
  ): Promise<{ code: number; reason: string }> {
    for (;;) {
      const quietFor = Date.now() - this.lastMessageAt;
      const wait = Math.max(this.settings.waitTimeoutMs - quietFor, 1);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const outcome = await Promise.race([
        whenClosed,
        new Promise<'quiet'>((resolve) => {
          timer = setTimeout(() => resolve('quiet'), wait);
        }),
      ]);
      clearTimeout(timer);
      if (outcome !== 'quiet') return outcome;
      if (Date.now() - this.lastMessageAt < this.settings.waitTimeoutMs) continue;
      if (await socket.ping(this.settings.pingTimeoutMs)) {
        this.lastMessageAt = Date.now();
        continue;
      }
      this.log.warning(`Producer ${this.producer.name} did not answer a ping: reconnecting.`);
      socket.close(4000, 'Ping timeout');
      return whenClosed;
    }
  }

  private request(type: 'subscribe' | 'whitelist' | 'analyzed_df', data?: unknown): void {
    try {
      this.socket?.send(JSON.stringify(data === undefined ? { type } : { type, data }));
    } catch (e) {
      this.log.warning(`Producer ${this.producer.name}: could not send ${type}: ${describe(e)}`);
    }
  }

  private onMessage(text: string): void {
    this.lastMessageAt = Date.now();
    try {
      const message = JSON.parse(text) as { type?: unknown; data?: unknown };
      switch (message?.type) {
        case 'whitelist':
          this.onWhitelist(message.data);
          break;
        case 'analyzed_df':
          this.onAnalyzedDf(message.data);
          break;
        default:
          this.log.debug(`Producer ${this.producer.name}: ignoring a ${JSON.stringify(message?.type)} message.`);
      }
    } catch (e) {
      this.log.warning(`Producer ${this.producer.name}: ignoring a bad message: ${describe(e)}`);
    }
  }

  private onWhitelist(data: unknown): void {
    if (!Array.isArray(data) || !data.every((p) => typeof p === 'string')) {
      throw new Error('whitelist data is not a list of pairs');
    }
    this.store.setWhitelist(this.producer.name, data);
    this.log.debug(`Producer ${this.producer.name}: whitelist of ${data.length} pairs.`);
  }

  private onAnalyzedDf(data: unknown): void {
    const d = data as { key?: unknown; df?: unknown; la?: unknown } | null;
    const key = d?.key;
    if (!Array.isArray(key) || key.length !== 3 || !key.every((k) => typeof k === 'string')) {
      throw new Error('analyzed_df without a [pair, timeframe, candle_type] key');
    }
    let frame = decodeDataFrame(d?.df);
    if (this.settings.removeEntryExitSignals) frame = neutraliseSignals(frame);
    const la = typeof d?.la === 'string' ? Date.parse(d.la) : Number.NaN;
    const lastAnalyzed = Number.isFinite(la) ? la : Date.now();
    const [pair] = key as [string, string, string];
    const { missing } = this.store.addFrame(this.producer.name, key as [string, string, string], frame, lastAnalyzed);
    if (missing > 0) {
      // One candle of overlap in case the last stored one changed.
      const limit = Math.min(missing + 1 + frame.date.length, MAX_PRODUCER_CANDLES);
      this.log.info(`Producer ${this.producer.name}: ${missing} candles missing for ${pair}, requesting ${limit}.`);
      this.request('analyzed_df', { limit, pair });
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.wake = done;
    }).finally(() => {
      this.wake = undefined;
    });
  }
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
