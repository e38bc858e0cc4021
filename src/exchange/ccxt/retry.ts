// Exponential-backoff retry for transient failures (network hiccups, 5xx, rate limits).

export interface RetryPolicy {
  /** Total attempts, the first one included. */
  tries: number;
  /** Delay before the second attempt; doubles for each further attempt. */
  baseDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { tries: 3, baseDelayMs: 500 };

export interface RetryHooks {
  isRetryable(err: unknown): boolean;
  onRetry?(err: unknown, attempt: number, delayMs: number): void;
  sleep?(ms: number): Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function withRetry<T>(fn: () => Promise<T>, policy: RetryPolicy, hooks: RetryHooks): Promise<T> {
  const sleep = hooks.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= policy.tries || !hooks.isRetryable(err)) throw err;
      const delayMs = policy.baseDelayMs * 2 ** (attempt - 1);
      hooks.onRetry?.(err, attempt, delayMs);
      await sleep(delayMs);
    }
  }
}
