// Every implementation of a port registers that port's contract suite (test/contract/*.contract.ts).
// A new class implementing Exchange or LockoutStore, or a new websocket hub (Hub + WsUpgrader),
// fails here until a registration file runs the contract on it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');

/** Implementation class → [contract function, files that register it (node and workerd)]. */
const REGISTERED: Record<string, [string, string[]]> = {
  OfflineExchange: [
    'exchangeContract',
    ['test/node/exchange/exchange-contract.test.ts', 'test/workers/exchange-contract.test.ts'],
  ],
  DryRunBroker: [
    'exchangeContract',
    ['test/node/exchange/exchange-contract.test.ts', 'test/workers/exchange-contract.test.ts'],
  ],
  CcxtExchange: ['exchangeContract', ['test/node/exchange/exchange-contract.test.ts']],
  MemoryLockoutStore: ['lockoutStoreContract', ['test/node/security/lockout-store.test.ts']],
  DbLockoutStore: [
    'lockoutStoreContract',
    ['test/node/security/lockout-store.test.ts', 'test/workers/lockout-store.test.ts'],
  ],
  NodeWsHub: ['hubContract', ['test/node/ws/hub-contract.test.ts']],
  DurableObjectHub: ['hubContract', ['test/workers/hub-contract.test.ts']],
};

/** The classes that implement a port, found in src/ (DbLockoutStore matches the port by shape: db cannot import api). */
function implementations(): string[] {
  const found = new Set<string>();
  const files = readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' }).filter(
    (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
  );
  for (const file of files) {
    const text = readFileSync(join(root, 'src', file), 'utf8');
    for (const m of text.matchAll(/class (\w+) implements ([\w, ]+)\{/g)) {
      const ports = m[2].split(',').map((p) => p.trim());
      const websocketHub = ports.includes('Hub') && ports.includes('WsUpgrader');
      if (ports.includes('Exchange') || ports.includes('LockoutStore') || websocketHub) found.add(m[1]);
    }
    for (const m of text.matchAll(/class (\w+LockoutStore)\b/g)) found.add(m[1]);
  }
  return [...found].sort();
}

describe('contract registrations', () => {
  it('every Exchange, LockoutStore and websocket hub implementation is listed here', () => {
    expect(implementations()).toEqual(Object.keys(REGISTERED).sort());
  });

  it.each(Object.entries(REGISTERED))(
    '%s is run through its contract in each listed file',
    (name, [contract, files]) => {
      for (const file of files) {
        const text = readFileSync(join(root, file), 'utf8');
        expect(text, file).toMatch(new RegExp(`^${contract}\\(`, 'm'));
        expect(text, file).toContain('/contract/');
        expect(text, `${file} names ${name}`).toContain(name);
      }
    },
  );
});
