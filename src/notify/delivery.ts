// Delivers HTTP notifications without ever making the caller wait: `enqueue` only appends to a
// queue bounded in bytes; one pump per channel posts in order, with a timeout per attempt and
// retries with exponential backoff. A message that does not fit is dropped and the drop logged.

import type { Logger } from '../util/logger.ts';

export interface HttpPost {
  /** What the message was (for logs): "entry", "exit_fill", … */
  label: string;
  url: string;
  body: string;
  contentType: string;
}

export interface DeliveryOptions {
  /** Channel name for logs ("webhook", "discord"). */
  name: string;
  maxBytes: number;
  /** Attempts after the first (freqtrade's `retries`). */
  retries: number;
  /** Delay before the first retry; each further retry waits twice as long (capped). */
  retryDelayMs: number;
  timeoutMs: number;
  log: Logger;
  fetch?: typeof fetch;
  now?: () => number;
}

const MAX_BACKOFF_MS = 60_000;
const DROP_LOG_INTERVAL_MS = 60_000;
const encoder = new TextEncoder();

export interface DeliveryStats {
  sent: number;
  failed: number;
  dropped: number;
}

export class DeliveryQueue {
  private readonly queue: { post: HttpPost; bytes: number }[] = [];
  private bytes = 0;
  private pumping: Promise<void> | undefined;
  private closed = false;
  private readonly abort = new AbortController();
  private droppedSinceLog = 0;
  private lastDropLog = Number.NEGATIVE_INFINITY;
  readonly stats: DeliveryStats = { sent: 0, failed: 0, dropped: 0 };
  private readonly opts: DeliveryOptions;

  constructor(opts: DeliveryOptions) {
    this.opts = opts;
  }

  get pendingBytes(): number {
    return this.bytes;
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Queues a post; false (and a logged drop) when the queue has no room for it. */
  enqueue(post: HttpPost): boolean {
    if (this.closed) return false;
    const bytes = encoder.encode(post.body).length + post.url.length;
    if (this.bytes + bytes > this.opts.maxBytes) {
      this.drop(post, bytes);
      return false;
    }
    this.queue.push({ post, bytes });
    this.bytes += bytes;
    this.pumping ??= this.pump().finally(() => {
      this.pumping = undefined;
    });
    return true;
  }

  /** Resolves once every queued message was delivered or given up (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.pumping) await this.pumping;
  }

  /** Stops delivering: the attempt under way is aborted, queued messages are discarded (and logged). */
  async close(): Promise<void> {
    this.closed = true;
    const left = this.queue.length;
    this.abort.abort();
    await this.pumping;
    if (left > 0) this.opts.log.warning(`${this.opts.name}: ${left} queued notification(s) discarded at shutdown.`);
    this.queue.length = 0;
    this.bytes = 0;
  }

  private drop(post: HttpPost, bytes: number): void {
    this.stats.dropped += 1;
    this.droppedSinceLog += 1;
    const now = (this.opts.now ?? Date.now)();
    if (now - this.lastDropLog < DROP_LOG_INTERVAL_MS) return;
    this.opts.log.warning(
      `${this.opts.name}: notification queue full (${this.bytes} of ${this.opts.maxBytes} bytes pending); ` +
        `dropped ${this.droppedSinceLog} message(s), the last a ${post.label} message of ${bytes} bytes.`,
    );
    this.lastDropLog = now;
    this.droppedSinceLog = 0;
  }

  private async pump(): Promise<void> {
    while (this.queue.length > 0 && !this.closed) {
      const item = this.queue[0];
      await this.deliver(item.post);
      this.queue.shift();
      this.bytes -= item.bytes;
    }
  }

  private async deliver(post: HttpPost): Promise<void> {
    const { retries, retryDelayMs, log, name } = this.opts;
    for (let attempt = 0; attempt <= retries && !this.closed; attempt++) {
      if (attempt > 0) {
        const wait = Math.min(retryDelayMs * 2 ** (attempt - 1), MAX_BACKOFF_MS);
        if (wait > 0) await this.sleep(wait);
        if (this.closed) return;
        log.info(`Retrying ${name}...`);
      }
      const error = await this.attempt(post);
      if (error === undefined) {
        this.stats.sent += 1;
        return;
      }
      log.warning(`Could not call ${name} url. Exception: ${error}`);
    }
    this.stats.failed += 1;
  }

  /** One POST; undefined on a 2xx answer, else what went wrong. */
  private async attempt(post: HttpPost): Promise<string | undefined> {
    const doFetch = this.opts.fetch ?? fetch;
    const signal = AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.opts.timeoutMs)]);
    try {
      const res = await doFetch(post.url, {
        method: 'POST',
        headers: { 'content-type': post.contentType },
        body: post.body,
        signal,
      });
      await res.body?.cancel().catch(() => undefined);
      return res.ok ? undefined : `${res.status} ${res.statusText || 'Error'} for ${post.label} message`;
    } catch (e) {
      if (signal.aborted && !this.abort.signal.aborted) return `timed out after ${this.opts.timeoutMs / 1000} s`;
      const err = e as Error & { cause?: { message?: string } };
      return err.cause?.message ? `${err.message}: ${err.cause.message}` : String(err.message ?? e);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const signal = this.abort.signal;
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    });
  }
}
