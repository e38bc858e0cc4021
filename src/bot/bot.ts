// The Bot: owns the trading state and serialises every change (ticks and API commands) through
// one queue, so nothing races. Hosts create it, call tick() on their cadence and hand it to the API.

import type { Config } from '../config/schema.ts';
import type { Db } from '../db/client.ts';
import type { Hub } from '../rpc/hub.ts';
import type { Strategy } from '../strategy/types.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/logger.ts';
import { SerialQueue } from './serial.ts';
import { resolveSettings, type TradingSettings } from './settings.ts';
import { type BotState, firstStartTime, loadState, saveState } from './state.ts';

export interface BotDeps {
  config: Config;
  db: Db;
  clock: Clock;
  log: Logger;
  hub: Hub;
  strategy?: Strategy;
}

export class Bot {
  private deps: BotDeps;
  private readonly queue = new SerialQueue();
  private currentState: BotState = 'stopped';
  private settingsCache: TradingSettings;
  /** End of the last tick (ms), start of this process (ms), first-ever start (ms). */
  lastProcess: number | undefined;
  readonly startupTime: number;
  firstStart: number | undefined;

  constructor(deps: BotDeps) {
    this.deps = deps;
    this.settingsCache = resolveSettings(deps.config, deps.strategy);
    this.startupTime = deps.clock.now();
  }

  get config(): Config {
    return this.deps.config;
  }

  get settings(): TradingSettings {
    return this.settingsCache;
  }

  get state(): BotState {
    return this.currentState;
  }

  get runmode(): 'dry_run' | 'live' {
    return this.deps.config.dry_run ? 'dry_run' : 'live';
  }

  /** Loads the persisted state (or initial_state on a fresh database). */
  async init(): Promise<void> {
    const now = this.deps.clock.now();
    this.firstStart = await firstStartTime(this.deps.db, now);
    const saved = await loadState(this.deps.db);
    this.currentState = saved ?? this.deps.config.initial_state;
    if (!saved) await saveState(this.deps.db, this.currentState, now);
    this.deps.log.info(`Bot initialised in state ${this.currentState} (${this.runmode}).`);
  }

  /** One bot iteration (serialised with every command). Hosts call it on their cadence. */
  tick(): Promise<void> {
    return this.serial(async () => {
      this.lastProcess = this.deps.clock.now();
    });
  }

  /** Runs a job on the single writer queue. */
  serial<T>(job: () => Promise<T>): Promise<T> {
    return this.queue.run(job);
  }

  private async setState(state: BotState): Promise<void> {
    this.currentState = state;
    await saveState(this.deps.db, state, this.deps.clock.now());
  }

  start(): Promise<string> {
    return this.serial(async () => {
      if (this.currentState === 'running') return 'already running';
      await this.setState('running');
      return 'starting trader ...';
    });
  }

  stop(): Promise<string> {
    return this.serial(async () => {
      if (this.currentState === 'stopped') return 'already stopped';
      await this.setState('stopped');
      return 'stopping trader ...';
    });
  }

  pause(): Promise<string> {
    return this.serial(async () => {
      if (this.currentState !== 'paused') await this.setState('paused');
      return 'paused, no more entries will occur from now. Run /start to enable entries.';
    });
  }
}
