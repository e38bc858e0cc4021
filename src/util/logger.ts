// Logger with freqtrade's in-memory ring buffer (served by /logs) and secret scrubbing:
// a configured secret never reaches a sink or the buffer, whatever the message says.

import { loggingAsctime } from '../domain/dates.ts';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';

/** [formatted time, epoch ms, logger name, level, message] — the /logs row shape. */
export type LogRecord = [string, number, string, LogLevel, string];

export type LogSink = (record: LogRecord) => void;

const RING_CAPACITY = 1000;
const ONCE_CAPACITY = 500;
const LEVEL_RANK: Record<LogLevel, number> = { DEBUG: 10, INFO: 20, WARNING: 30, ERROR: 40, CRITICAL: 50 };

/** freqtrade's levels from `verbosity` (-v count): 0 → INFO and above, 1 or more → DEBUG too. */
export function levelForVerbosity(verbosity: number): LogLevel {
  return verbosity >= 1 ? 'DEBUG' : 'INFO';
}

export class LogHub {
  private records: LogRecord[] = [];
  private sinks: LogSink[] = [];
  private secrets: string[] = [];
  private minRank = LEVEL_RANK.INFO;
  /** log_once: message → until when it is not repeated. */
  private onceUntil = new Map<string, number>();
  private readonly now: () => number;

  constructor(now: () => number = () => Date.now()) {
    this.now = now;
  }

  setSecrets(secrets: string[]): void {
    this.secrets = secrets.filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  }

  /** Records below this level are dropped (from sinks and the /logs buffer), as freqtrade's root logger does. */
  setLevel(level: LogLevel): void {
    this.minRank = LEVEL_RANK[level];
  }

  /** freqtrade's log_once: the same message at most once per `ttlMs`. */
  once(name: string, level: LogLevel, message: string, ttlMs: number): void {
    const t = this.now();
    const until = this.onceUntil.get(message);
    if (until !== undefined && until > t) return;
    if (this.onceUntil.size >= ONCE_CAPACITY) this.onceUntil.clear();
    this.onceUntil.set(message, t + ttlMs);
    this.write(name, level, message);
  }

  addSink(sink: LogSink): void {
    this.sinks.push(sink);
  }

  logger(name: string): Logger {
    return new Logger(this, name);
  }

  write(name: string, level: LogLevel, message: string): void {
    if (LEVEL_RANK[level] < this.minRank) return;
    let text = message;
    for (const s of this.secrets) if (text.includes(s)) text = text.split(s).join('***');
    const t = this.now();
    const record: LogRecord = [loggingAsctime(t), t, name, level, text];
    if (this.records.length >= RING_CAPACITY) this.records = this.records.slice(RING_CAPACITY / 2);
    this.records.push(record);
    for (const sink of this.sinks) sink(record);
  }

  /** The last `limit` records (all when undefined), oldest first. */
  recent(limit?: number): LogRecord[] {
    if (limit === undefined || limit >= this.records.length) return [...this.records];
    return limit <= 0 ? [] : this.records.slice(-limit);
  }
}

export class Logger {
  private readonly hub: LogHub;
  readonly name: string;
  constructor(hub: LogHub, name: string) {
    this.hub = hub;
    this.name = name;
  }
  debug(msg: string): void {
    this.hub.write(this.name, 'DEBUG', msg);
  }
  info(msg: string): void {
    this.hub.write(this.name, 'INFO', msg);
  }
  warning(msg: string): void {
    this.hub.write(this.name, 'WARNING', msg);
  }
  error(msg: string): void {
    this.hub.write(this.name, 'ERROR', msg);
  }
  /** A line (INFO unless told) logged at most once per `ttlMs` (freqtrade's log_once). */
  once(msg: string, ttlMs: number, level: LogLevel = 'INFO'): void {
    this.hub.once(this.name, level, msg, ttlMs);
  }
  child(name: string): Logger {
    return new Logger(this.hub, `${this.name}.${name}`);
  }
}
