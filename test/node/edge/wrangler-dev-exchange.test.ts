// The ccxt alias in a real wrangler bundle: with `ccxt` aliased to the one-exchange module
// (wrangler.toml), a config naming another exchange is refused with a 503 that says why.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_JWT_SECRET, TEST_PASSWORD, TEST_WS_TOKEN } from '../../support/test-config.ts';
import { type DevEdge, startDevEdge } from './dev-edge-process.ts';

let edge: DevEdge;

beforeAll(async () => {
  edge = await startDevEdge({
    TICKHUB__API_SERVER__PASSWORD: TEST_PASSWORD,
    TICKHUB__API_SERVER__JWT_SECRET_KEY: TEST_JWT_SECRET,
    TICKHUB__API_SERVER__WS_TOKEN: TEST_WS_TOKEN,
    TICKHUB__EXCHANGE__NAME: 'kraken',
  });
}, 120_000);

afterAll(async () => {
  await edge?.stop();
});

describe('wrangler dev with an exchange outside the bundle', () => {
  it('answers 503 naming the exchange the bundle lacks', async () => {
    const r = await fetch(`${edge.base}/api/v1/ping`);
    expect(r.status).toBe(503);
    expect(await r.json()).toEqual({ detail: 'Exchange "kraken": ccxt has no exchange "kraken"' });
  });
});
