// The subscriber filter both hubs use (src/hosts/node/ws-hub.ts keeps a Set per client, the
// Durable Object hub an array in each socket's attachment): same answers for both forms.
import { describe, expect, it } from 'vitest';
import { shouldDeliver } from './ws-protocol.ts';

describe('shouldDeliver', () => {
  const subscribed = ['entry_fill', 'exit_fill', 'status'];
  const cases: [string, boolean][] = [
    ['entry_fill', true],
    ['status', true],
    ['exit', false],
    ['analyzed_df', false],
    ['', false],
  ];

  it.each(cases)('%s → %s, for a Set and for an array', (type, expected) => {
    expect(shouldDeliver(new Set(subscribed), { type })).toBe(expected);
    expect(shouldDeliver(subscribed, { type })).toBe(expected);
  });

  it('delivers nothing before a subscribe', () => {
    expect(shouldDeliver(new Set(), { type: 'status' })).toBe(false);
    expect(shouldDeliver([], { type: 'status' })).toBe(false);
  });
});
