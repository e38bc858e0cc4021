// Logger with freqtrade's in-memory ring buffer (served by /logs) and secret scrubbing:
// a configured secret never reaches a sink or the buffer, whatever the message says.

import { loggingAsctime } from '../domain/dates.ts';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';

/** [formatted time, epoch ms, logger name, level, message] — the /logs row shape. */
export type LogRecord = [string, number, string, LogLevel, string];

export type LogSink = (record: LogRecord) => void;

const RING_CAPACITY = 1000;

export class LogHub {
  private records: LogRecord[] = [];
  private sinks: LogSink[] = [];
  private secrets: string[] = [];
  private readonly now: () => number;

  constructor(now: () => number = () => Date.now()) {
    this.now = now;
  }

  setSecrets(secrets: string[]): void {
    this.secrets = secrets.filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  }

  addSink(sink: LogSink): void {
    this.sinks.push(sink);
  }

  logger(name: string): Logger {
    return new Logger(this, name);
  }

  write(name: string, level: LogLevel, message: string): void {
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
  child(name: string): Logger {
    return new Logger(this.hub, `${this.name}.${name}`);
  }
}
