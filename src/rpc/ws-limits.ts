// Budgets that keep websocket clients from exhausting the bot, shared by both hosts: a token
// bucket per client for its frames, and the choice of whom to drop when the bytes waiting for all
// clients together exceed the global budget (the biggest backlogs first).

/** What both hosts allow a websocket client by default. */
export const WS_BUDGETS = {
  /** Bytes waiting for one client (Node: its queue and socket; edge: sent and not yet drained). */
  clientBytes: 16 * 1024 * 1024,
  /** Bytes waiting for all clients together; over it the biggest backlogs are dropped first. */
  totalBytes: 64 * 1024 * 1024,
  /** Frames a client may send at once, and per second after that. */
  requestBurst: 20,
  requestsPerSecond: 2,
  /** The edge cannot see a socket's backlog: it assumes a client reads at least this fast. */
  assumedDrainBytesPerSecond: 1024 * 1024,
};

/** A token bucket: `capacity` at once, refilled at `perSecond`. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly capacity: number;
  private readonly perSecond: number;

  constructor(capacity: number, perSecond: number, now: number) {
    this.capacity = capacity;
    this.perSecond = perSecond;
    this.tokens = capacity;
    this.last = now;
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.last) / 1000;
    this.last = Math.max(this.last, now);
    this.tokens = Math.min(this.capacity, this.tokens + elapsed * this.perSecond);
  }

  /**
   * Takes `cost` tokens; false (and nothing taken) when they are not there. A full bucket always
   * pays, however big the cost (one oversized message to an idle client is allowed).
   */
  take(now: number, cost = 1): boolean {
    this.refill(now);
    if (this.tokens < cost && this.tokens < this.capacity) return false;
    this.tokens -= cost;
    return true;
  }

  /** Taken and not refilled yet. */
  used(now: number): number {
    this.refill(now);
    return this.capacity - this.tokens;
  }
}

/**
 * The clients to drop, biggest backlog first, until the rest fit in `budget` bytes (empty when
 * they already fit). Ties keep the older client (lower index).
 */
export function biggestOffenders<C>(clients: readonly C[], bytes: (c: C) => number, budget: number): C[] {
  const sized = clients.map((client, i) => ({ client, i, size: bytes(client) }));
  let total = sized.reduce((sum, c) => sum + c.size, 0);
  if (total <= budget) return [];
  sized.sort((a, b) => b.size - a.size || b.i - a.i);
  const out: C[] = [];
  for (const c of sized) {
    if (total <= budget || c.size === 0) break;
    out.push(c.client);
    total -= c.size;
  }
  return out;
}
