// The report book (issue 19 point 3): running aggregates of every report over closed trades, one
// per database handle, built from SQL in one pass (at the first report, or at start) and then kept
// current by the writes themselves. runTradeWrites (db/repo/trade-writes.ts) hands it each batch's
// before/after rows:
// - a trade that closes after every trade folded so far (the normal case: it closes now) is folded
//   in: O(1) for the sums, counts, drawdown, per-pair/tag/reason groups and period buckets;
// - an order that becomes closed (or stops being one) moves the trading volume, exactly (exact sums);
// - anything else (a delete, a reopen, an edit of a closed trade, a close dated before the last
//   one) is rare and makes the next reader rebuild in one pass.
// A rebuild does not hold off the writes: it reads a snapshot and folds in the changes made
// meanwhile, or (without a snapshot) stands only if no report write ran during it (see build).
// Memory: the folds are fixed size per direction, the groups grow with pairs, tags, reasons and
// periods; the one per-trade part is the profit curve (8 bytes + 1 flag per dated closed trade, in
// typed arrays), which the risk ratios need: numpy's std takes deviations from the final mean, so
// they are one pass over it after each change (1M trades: a few ms), not a rescan of the database.

import type { Db } from '../db/client.ts';
import {
  exclusiveOfReportWrites,
  onTradeWrites,
  reportWriteCount,
  type TradeReportRow,
  type TradeWrites,
} from '../db/repo/trade-writes.ts';
import { openSnapshot } from '../db/snapshot.ts';
import { closedOrderVolume, forEachClosedOrderCost, forEachClosedTrade } from './book-pass.ts';
import type { Direction } from './common.ts';
import { ExactSum } from './exact-sum.ts';
import { GroupedFold } from './grouped-fold.ts';
import { KeptAnswers } from './kept.ts';
import { ReturnMoments } from './metrics.ts';
import { type ClosedProfitSummary, type ClosedTrade, closesAfter, ProfitFold } from './profit-fold.ts';

type Side = 'all' | 'long' | 'short';
const sideOf = (direction: Direction): Side => direction ?? 'all';

/** close_profit_abs of the dated closed trades in closing order, with their side. */
class Curve {
  abs = new Float64Array(1024);
  short = new Uint8Array(1024);
  length = 0;

  push(abs: number, isShort: boolean): void {
    if (this.length === this.abs.length) {
      const abs2 = new Float64Array(this.length * 2);
      abs2.set(this.abs);
      const short2 = new Uint8Array(this.length * 2);
      short2.set(this.short);
      this.abs = abs2;
      this.short = short2;
    }
    this.abs[this.length] = abs;
    this.short[this.length] = isShort ? 1 : 0;
    this.length++;
  }

  /**
   * The returns' moments at a starting balance: the same float operations, in the same order, as
   * ReturnMoments.addReturn then addDeviation (profit-closed.ts's two passes), in two tight loops.
   */
  moments(side: Side, startingBalance: number): ReturnMoments {
    const m = new ReturnMoments();
    if (!startingBalance) return m;
    const { abs, short, length } = this;
    const want = side === 'short' ? 1 : 0;
    const all = side === 'all';
    let n = 0;
    let total = 0;
    let negN = 0;
    let negTotal = 0;
    for (let i = 0; i < length; i++) {
      if (!all && short[i] !== want) continue;
      const r = abs[i] / startingBalance;
      n++;
      total += r;
      if (r < 0) {
        negN++;
        negTotal += r;
      }
    }
    Object.assign(m, { n, total, negN, negTotal });
    if (n === 0) return m;
    const mean = total / n;
    const negMean = negTotal / negN;
    let squared = 0;
    let negSquared = 0;
    for (let i = 0; i < length; i++) {
      if (!all && short[i] !== want) continue;
      const r = abs[i] / startingBalance;
      squared += (r - mean) ** 2;
      if (r < 0) negSquared += (r - negMean) ** 2;
    }
    m.squaredDeviations = squared;
    m.negSquaredDeviations = negSquared;
    return m;
  }
}

class Aggregates {
  readonly profit = { all: new ProfitFold(), long: new ProfitFold(), short: new ProfitFold() };
  readonly curve = new Curve();
  readonly grouped = new GroupedFold();
  readonly volume = { all: new ExactSum(), long: new ExactSum(), short: new ExactSum() };
  /** Closing-order key of the last trade folded in. */
  lastDate: number | null = null;
  lastId = Number.NEGATIVE_INFINITY;

  add(t: ClosedTrade): void {
    this.profit.all.add(t);
    this.profit[t.isShort ? 'short' : 'long'].add(t);
    if (t.closeDate !== null) this.curve.push(t.closeProfitAbs ?? 0, t.isShort);
    this.grouped.add(t);
    this.lastDate = t.closeDate;
    this.lastId = t.id;
  }

  setVolume(long: ExactSum, short: ExactSum): void {
    this.volume.all.addSum(long);
    this.volume.all.addSum(short);
    this.volume.long.addSum(long);
    this.volume.short.addSum(short);
  }

  addVolume(cost: number, isShort: boolean): void {
    this.volume.all.add(cost);
    this.volume[isShort ? 'short' : 'long'].add(cost);
  }

  appends(t: TradeReportRow): boolean {
    return this.lastId === Number.NEGATIVE_INFINITY || closesAfter(t, this.lastDate, this.lastId);
  }
}

async function build(db: Db): Promise<Aggregates> {
  const a = new Aggregates();
  await forEachClosedTrade(db, (t) => a.add(t));
  const volume = await closedOrderVolume(db);
  if (volume) a.setVolume(volume.long, volume.short);
  else await forEachClosedOrderCost(db, (cost, isShort) => a.addVolume(cost, isShort));
  return a;
}

const isClosed = (row: TradeReportRow | undefined): row is TradeReportRow => row !== undefined && !row.isOpen;

type Changes = NonNullable<TradeWrites['changes']>;

/** Folds one batch's changes into `a`; false when they are not appends (`a` must then be rebuilt). */
function fold(a: Aggregates, changes: Changes): boolean {
  for (const v of changes.volume) a.addVolume(v.cost, v.isShort);
  const closing: TradeReportRow[] = [];
  for (const { before, after } of changes.trades) {
    if (isClosed(before)) return false; // deleted, reopened or edited
    if (isClosed(after)) closing.push(after);
  }
  closing.sort((x, y) => (closesAfter(x, y.closeDate, y.id) ? 1 : -1));
  for (const t of closing) {
    if (!a.appends(t)) return false;
    a.add(t);
  }
  return true;
}

/** Builds that may run beside the writes before one holds them off. */
const CONCURRENT_ATTEMPTS = 3;

export class ReportBook {
  private aggregates: Aggregates | undefined;
  private building: Promise<Aggregates> | undefined;
  /** Set when a change arrived that a running build may have missed. */
  private buildMissed = false;
  /** Changes made while a build runs beside the writes, for it to fold in. */
  private pending: Changes[] | undefined;
  private readonly moments = new Map<string, ReturnMoments>();
  /** Moves with every change to the reports' inputs (kept variants compare it). */
  version = 0;
  /** Full passes made (tests, diagnostics). */
  builds = 0;
  /** Variants answered by a scan of their own (Telegram's /profit <n>), kept per version. */
  readonly variants = new KeptAnswers<{ version: number }, unknown>(32);

  private readonly db: Db;

  /** `subscribe: false` gives a book built once and never updated (tests compare with it). */
  constructor(db: Db, { subscribe = true } = {}) {
    this.db = db;
    if (subscribe) onTradeWrites(db, { changes: true, written: (w) => this.apply(w) });
  }

  /** Whether a pass is running (tests, diagnostics). */
  get isBuilding(): boolean {
    return this.building !== undefined;
  }

  /** The aggregates as of now: kept, or built in one pass (shared by concurrent callers). */
  current(): Promise<Aggregates> {
    if (this.aggregates) return Promise.resolve(this.aggregates);
    if (!this.building) {
      const building = this.build().finally(() => {
        if (this.building === building) this.building = undefined;
      });
      this.building = building;
    }
    return this.building;
  }

  /**
   * One pass, and the changes made meanwhile. The writes are not held off for the pass: on a
   * snapshot (a read transaction of its own, taken while no report write runs) the writes that
   * finish after it are queued and folded in at the end; without one, the pass stands only if
   * no report write started during it. After CONCURRENT_ATTEMPTS that did not stand (or a
   * change that cannot be folded in arrived each time), the writes wait for one pass.
   */
  private async build(): Promise<Aggregates> {
    for (let attempt = 1; ; attempt++) {
      const a =
        attempt > CONCURRENT_ATTEMPTS
          ? await exclusiveOfReportWrites(this.db, () => this.buildHoldingWrites())
          : await this.buildBeside();
      if (a) return a;
    }
  }

  /** Keeps a finished pass unless a change it may have missed arrived; published in the same turn as the check. */
  private keep(a: Aggregates): boolean {
    this.builds++;
    if (this.buildMissed) return false;
    this.aggregates = a;
    return true;
  }

  private async buildHoldingWrites(): Promise<Aggregates> {
    this.buildMissed = false;
    const a = await build(this.db);
    this.keep(a); // not kept when it missed a change: answered once, the next reader builds again
    return a;
  }

  private async buildBeside(): Promise<Aggregates | undefined> {
    const count = reportWriteCount(this.db);
    const pending: Changes[] = [];
    const { snapshot, started } = await exclusiveOfReportWrites(this.db, async () => {
      const snapshot = await openSnapshot(this.db);
      this.buildMissed = false;
      this.pending = pending;
      return { snapshot, started: count.started };
    });
    try {
      if (!snapshot) {
        const a = await build(this.db);
        if (count.started === started) return this.keep(a) ? a : undefined;
        this.builds++;
        return undefined;
      }
      let a: Aggregates;
      try {
        a = await build(snapshot.db);
      } finally {
        snapshot.close();
      }
      this.pending = undefined;
      if (pending.every((changes) => fold(a, changes))) return this.keep(a) ? a : undefined;
      this.builds++;
      return undefined;
    } finally {
      if (this.pending === pending) this.pending = undefined;
    }
  }

  async closedSummary(direction: Direction, startingBalance: number): Promise<ClosedProfitSummary> {
    const a = await this.current();
    const side = sideOf(direction);
    const key = `${side}|${startingBalance}`;
    let m = a === this.aggregates ? this.moments.get(key) : undefined;
    if (!m) {
      m = a.curve.moments(side, startingBalance);
      if (a === this.aggregates) this.moments.set(key, m);
    }
    return a.profit[side].summary(startingBalance, m);
  }

  async tradingVolume(direction: Direction): Promise<number> {
    return (await this.current()).volume[sideOf(direction)].value();
  }

  async grouped(): Promise<GroupedFold> {
    return (await this.current()).grouped;
  }

  private apply({ changes }: TradeWrites): void {
    if (changes !== undefined && changes.trades.length === 0 && changes.volume.length === 0) return;
    this.version++;
    this.moments.clear();
    if (changes === undefined) {
      this.invalidate();
      return;
    }
    if (this.pending) {
      this.pending.push(changes); // a build is running: it folds them in when done
      return;
    }
    const a = this.aggregates;
    if (!a) return; // the next reader builds from the database, which has this batch
    if (!fold(a, changes)) this.invalidate();
  }

  private invalidate(): void {
    this.aggregates = undefined;
    this.moments.clear();
    if (this.building) this.buildMissed = true;
  }
}

const books = new WeakMap<Db, ReportBook>();

/** The book of a database handle (created, and subscribed to its writes, on first use). */
export function reportBook(db: Db): ReportBook {
  let book = books.get(db);
  if (!book) {
    book = new ReportBook(db);
    books.set(db, book);
  }
  return book;
}

/** Σ close_profit_abs over closed trades (/daily's total, the bot's entry budget each tick). */
export async function closedProfitSum(db: Db): Promise<number> {
  return (await reportBook(db).grouped()).closedProfitSum();
}
