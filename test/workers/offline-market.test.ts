// The offline market inside workerd must produce exactly the numbers it produces on Node.
import { describe, expect, it } from 'vitest';
import { computeOfflineFixture, EXPECTED_OFFLINE_FIXTURE } from '../support/offline-fixture.ts';

describe('offline market in workerd', () => {
  it('computes the same candles and ticker as Node', async () => {
    expect(await computeOfflineFixture()).toEqual(EXPECTED_OFFLINE_FIXTURE);
  });
});
