import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { appliedMigrations, applyMigrations } from '../../../src/db/migrate.ts';
import { MIGRATIONS } from '../../../src/db/migrations.generated.ts';
import { normaliseDbUrl, openDatabase } from '../../../src/hosts/node/database.ts';

const dir = mkdtempSync(join(tmpdir(), 'tickhub-db-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('database', () => {
  it('accepts libSQL URLs and freqtrade SQLAlchemy URLs', () => {
    expect(normaliseDbUrl('sqlite:///user_data/tradesv3.sqlite')).toBe('file:user_data/tradesv3.sqlite');
    expect(normaliseDbUrl('sqlite://')).toBe(':memory:');
    expect(normaliseDbUrl(':memory:')).toBe(':memory:');
    expect(normaliseDbUrl('file:x.sqlite')).toBe('file:x.sqlite');
  });

  it('a file database is in WAL mode with every migration applied, idempotently', async () => {
    const database = await openDatabase(`file:${join(dir, 'nested', 'db.sqlite')}`);
    const mode = await database.client.execute('PRAGMA journal_mode');
    expect(String(mode.rows[0][0])).toBe('wal');
    expect(await appliedMigrations(database.db)).toEqual(MIGRATIONS.map((m) => m.tag));
    expect(await applyMigrations(database.db)).toEqual([]);
    const tables = await database.db.all<{ name: string }>(
      sql`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`,
    );
    const names = tables.map((t) => t.name);
    for (const t of ['trades', 'orders', 'pairlocks', 'kv', 'candles', 'audit_log', 'trade_custom_data']) {
      expect(names).toContain(t);
    }
    database.close();
  });

  it(':memory: works', async () => {
    const database = await openDatabase(':memory:');
    expect((await appliedMigrations(database.db)).length).toBe(MIGRATIONS.length);
    database.close();
  });

  it('the bundled migrations match migrations/*.sql (run npm run db:generate after schema changes)', () => {
    const folder = join(import.meta.dirname, '..', '..', '..', 'migrations');
    const files = readdirSync(folder)
      .filter((f) => f.endsWith('.sql'))
      .sort();
    expect(MIGRATIONS.map((m) => m.tag)).toEqual(files.map((f) => f.replace(/\.sql$/, '')));
    for (const m of MIGRATIONS) expect(m.sql).toBe(readFileSync(join(folder, `${m.tag}.sql`), 'utf8'));
  });
});
