// The database lock file's rules, in-process: who holds it, when it is stale, what a torn file means.

import { existsSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatabaseInUseError, databaseFile, lockDatabase, STALE_AFTER_MS } from '../../../src/hosts/node/db-lock.ts';

const dbIn = () => join(mkdtempSync(join(tmpdir(), 'tickhub-dblock-')), 'trades.sqlite');
const lockOf = (pid: number, host = hostname()) => JSON.stringify({ pid, host, token: 'other', started: 'x' });

describe('lockDatabase', () => {
  it('writes pid and host, refuses a second holder (even in the same process), releases on demand', () => {
    const db = dbIn();
    const lock = lockDatabase(db);
    expect(JSON.parse(readFileSync(`${db}.lock`, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    expect(() => lockDatabase(db)).toThrow(DatabaseInUseError);
    expect(() => lockDatabase(db)).toThrow(
      `Database ${db} is in use by another bot (pid ${process.pid} on ${hostname()}`,
    );
    lock.release();
    expect(existsSync(`${db}.lock`)).toBe(false);
    lockDatabase(db).release();
  });

  it('a live process with a fresh heartbeat holds it; the same lock with a stopped heartbeat is taken over', () => {
    const db = dbIn();
    // The parent of this test process is alive: its pid stands for "another bot".
    writeFileSync(`${db}.lock`, lockOf(process.ppid));
    expect(() => lockDatabase(db)).toThrow(`pid ${process.ppid}`);
    const old = new Date(Date.now() - STALE_AFTER_MS - 5_000);
    utimesSync(`${db}.lock`, old, old);
    const lock = lockDatabase(db);
    expect(lock.recovered).toBe(lockOf(process.ppid));
    lock.release();
  });

  it('a dead pid, a torn file, or our own pid from an earlier life are stale; another host is not', () => {
    const db = dbIn();
    for (const stale of [lockOf(2 ** 22 + 7), '{"pid": 12', lockOf(process.pid)]) {
      writeFileSync(`${db}.lock`, stale);
      const lock = lockDatabase(db);
      expect(lock.recovered).toBe(stale);
      lock.release();
    }
    writeFileSync(`${db}.lock`, lockOf(1, 'another-host'));
    expect(() => lockDatabase(db)).toThrow('pid 1 on another-host');
  });

  it('only file databases are locked', () => {
    expect(databaseFile('file:user_data/tradesv3.sqlite')).toBe('user_data/tradesv3.sqlite');
    expect(databaseFile('file:/abs/x.sqlite?mode=rwc')).toBe('/abs/x.sqlite');
    for (const url of [':memory:', 'file::memory:', 'libsql://db.example', 'http://127.0.0.1:8080']) {
      expect(databaseFile(url)).toBeUndefined();
    }
  });
});
