// What every benchmark part receives: the options, a progress logger and the seeded databases.

export interface BenchOptions {
  only: Set<string>;
  /** Run the 1M-trade reports even when seeding them would not fit the time budget. */
  big: 'auto' | 'force' | 'skip';
  bigTrades: number;
  trades: number;
  connections: number;
  warmupS: number;
  durationS: number;
  wsClients: number;
  fresh: boolean;
  /** The whole run should stay under this (seconds); 'auto' parts skip themselves to keep it. */
  budgetS: number;
}

export interface BenchContext {
  opts: BenchOptions;
  startedAt: number;
  log(msg: string): void;
  /** Seconds left of the budget. */
  remainingS(): number;
}

export interface Figure {
  name: string;
  value: number | string | null;
  unit: string;
  /** e.g. "< 10 ms"; absent for informational figures. */
  target?: string;
  pass?: boolean;
  note?: string;
}
