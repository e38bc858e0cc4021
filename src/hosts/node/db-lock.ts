// One bot per database file. SQLite would let two bots share a file and both trade from it, so a
// lock file next to the database (`<db>.lock`, created exclusively) names the holder: pid, host and
// a heartbeat (the file's mtime, touched while the bot runs). A lock is stale, and is taken over,
// when its heartbeat stopped or its process is gone, so a crash never locks the user out.

import { randomUUID } from 'node:crypto';
import { readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';

export const HEARTBEAT_MS = 10_000;
/** Without a heartbeat for this long the holder is taken for dead (a container restart keeps its pid). */
export const STALE_AFTER_MS = 45_000;

export class DatabaseInUseError extends Error {}

export interface DatabaseLock {
  readonly path: string;
  /** Set when a stale lock was taken over: what it said. */
  readonly recovered?: string;
  release(): void;
}

interface Holder {
  pid: number;
  host: string;
  token: string;
  started: string;
}

/** Locks held by this process (two servers of one process on one file are refused too). */
const heldHere = new Set<string>();

/** The file a libSQL URL points at, or undefined for memory and remote databases. */
export function databaseFile(url: string): string | undefined {
  if (!url.startsWith('file:')) return undefined;
  const path = url.slice('file:'.length).split('?')[0] ?? '';
  return path === '' || path === ':memory:' ? undefined : path;
}

export function lockDatabase(dbFile: string, now: () => number = Date.now): DatabaseLock {
  const path = `${dbFile}.lock`;
  const me: Holder = {
    pid: process.pid,
    host: hostname(),
    token: randomUUID(),
    started: new Date(now()).toISOString(),
  };
  let recovered: string | undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      writeFileSync(path, `${JSON.stringify(me)}\n`, { flag: 'wx', mode: 0o644 });
      return holdLock(path, me, recovered);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const seen = readHolder(path);
    if (seen === 'gone') continue;
    if (seen.holder && isAlive(path, seen.holder, seen.mtimeMs, now())) {
      throw new DatabaseInUseError(
        `Database ${dbFile} is in use by another bot (pid ${seen.holder.pid} on ${seen.holder.host}, ` +
          `lock file ${path}). Stop that bot first, or give this one its own database with --db-url or db_url.`,
      );
    }
    if (takeOver(path, seen.raw)) recovered = seen.raw.trim();
  }
  throw new DatabaseInUseError(`Database ${dbFile}: could not take its lock file ${path} (another bot is starting?).`);
}

function holdLock(path: string, me: Holder, recovered: string | undefined): DatabaseLock {
  heldHere.add(path);
  const heartbeat = setInterval(() => {
    try {
      const t = new Date();
      utimesSync(path, t, t);
    } catch {
      // The file went away (a user deleted it): the next start simply creates it again.
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    clearInterval(heartbeat);
    heldHere.delete(path);
    process.off('exit', release);
    const seen = readHolder(path);
    if (seen !== 'gone' && seen.holder?.token === me.token) unlinkSync(path);
  };
  // A process that exits without closing (a fatal start error) leaves no lock behind.
  process.on('exit', release);
  return { path, recovered, release };
}

function readHolder(path: string): 'gone' | { raw: string; holder?: Holder; mtimeMs: number } {
  try {
    const mtimeMs = statSync(path).mtimeMs;
    const raw = readFileSync(path, 'utf8');
    return { raw, mtimeMs, holder: parseHolder(raw) };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw e;
  }
}

function parseHolder(raw: string): Holder | undefined {
  try {
    const v = JSON.parse(raw) as Partial<Holder>;
    if (typeof v.pid === 'number' && typeof v.host === 'string' && typeof v.token === 'string') {
      return { pid: v.pid, host: v.host, token: v.token, started: String(v.started ?? '') };
    }
  } catch {
    // A torn or foreign file: treated as stale below.
  }
  return undefined;
}

function isAlive(path: string, holder: Holder, mtimeMs: number, nowMs: number): boolean {
  if (nowMs - mtimeMs > STALE_AFTER_MS) return false;
  if (holder.host !== hostname()) return true;
  if (holder.pid === process.pid) return heldHere.has(path);
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Moves a stale lock aside; if what was moved is not what was judged stale, it goes back. */
function takeOver(path: string, staleRaw: string): boolean {
  const aside = `${path}.stale-${process.pid}-${randomUUID()}`;
  try {
    renameSync(path, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
  if (readFileSync(aside, 'utf8') === staleRaw) {
    unlinkSync(aside);
    return true;
  }
  renameSync(aside, path);
  return false;
}
