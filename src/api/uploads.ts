// Upload problems a client causes (it aborts mid-body, or sends more than max_body_bytes): answered
// without an ERROR and a stack trace, and logged as one warning line per client address per
// minute, so nobody can flood the log by opening and dropping uploads.

import type { Logger } from '../util/logger.ts';

const QUIET_MS = 60_000;
const MAX_SOURCES = 10_000;

export class UploadWarnings {
  private readonly lastWarned = new Map<string, number>();
  private readonly log: Logger;
  private readonly now: () => number;
  constructor(log: Logger, now: () => number) {
    this.log = log;
    this.now = now;
  }

  warn(ip: string, what: string): void {
    const now = this.now();
    const last = this.lastWarned.get(ip);
    if (last !== undefined && now - last < QUIET_MS) return;
    if (this.lastWarned.size >= MAX_SOURCES) {
      for (const [k, t] of this.lastWarned) if (now - t >= QUIET_MS) this.lastWarned.delete(k);
      if (this.lastWarned.size >= MAX_SOURCES) this.lastWarned.clear();
    }
    this.lastWarned.set(ip, now);
    this.log.warning(
      `Upload from ip=${ip} ${what} (further upload problems from this address are not logged for ${QUIET_MS / 1000} s).`,
    );
  }
}

/** The errors a request body stream ends with when the client goes away mid-upload. */
export function isClientAbort(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  return (
    err.message === 'aborted' ||
    err.name === 'AbortError' ||
    code === 'ECONNRESET' ||
    code === 'ERR_STREAM_PREMATURE_CLOSE' ||
    /request stream|body stream|terminated/i.test(err.message)
  );
}
