// Issue 18, point 1: every numeric query, path and body parameter is bounded in its schema, with
// pydantic's 422 outside the bounds, and the bounds are published in /openapi.json. The findings:
// /daily?timescale=999999999 ran the process out of memory, timescale=1000000 answered 107 MB, and
// /monthly?timescale=3300000 was a 500 (a NaN date reached SQL).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/util/clock.ts';
import { startTestServer, type TestServer } from '../../support/node-server.ts';
import { READONLY_CONFIG, RO_BASIC } from './support.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer(READONLY_CONFIG, { clock: new ManualClock(Date.now()) });
});
afterAll(async () => {
  await server.close();
});

type Detail = { type: string; loc: (string | number)[]; ctx?: Record<string, number> };

async function get(path: string, auth = RO_BASIC) {
  const started = performance.now();
  const r = await server.fetch(path, { headers: { authorization: auth } });
  const body = (await r.json()) as { detail?: Detail[]; data?: unknown[] };
  return { status: r.status, body, ms: performance.now() - started };
}

async function post(path: string, json: unknown) {
  const r = await server.fetch(path, {
    method: 'POST',
    headers: { authorization: server.basic, 'content-type': 'application/json' },
    body: JSON.stringify(json),
  });
  return { status: r.status, body: (await r.json()) as { detail?: Detail[] } };
}

describe('daily / weekly / monthly timescale', () => {
  const cases: [string, number][] = [
    ['daily', 10_000],
    ['weekly', 1_500],
    ['monthly', 360],
  ];
  for (const [route, max] of cases) {
    it(`/${route}: 422 above ${max} (also for the attack values), the full ${max} periods answered`, async () => {
      for (const huge of [max + 1, 1_000_000, 3_300_000, 999_999_999]) {
        const r = await get(`/api/v1/${route}?timescale=${huge}`);
        expect(r.status, `${route} ${huge}`).toBe(422);
        expect(r.body.detail?.[0]).toMatchObject({ type: 'less_than_equal', loc: ['query', 'timescale'] });
        expect(r.body.detail?.[0].ctx).toEqual({ le: max });
      }
      for (const bad of ['0', '-5', '99999999999999999999999', 'NaN', '1e3', '1.5', 'Infinity']) {
        expect((await get(`/api/v1/${route}?timescale=${bad}`)).status, `${route} ${bad}`).toBe(422);
      }
      const full = await get(`/api/v1/${route}?timescale=${max}`);
      expect(full.status).toBe(200);
      expect(full.body.data).toHaveLength(max);
      const last = full.body.data?.at(-1) as { date: string };
      expect(Number.isNaN(Date.parse(last.date))).toBe(false);
    });
  }
});

describe('paging, ids and candle counts', () => {
  it('answers 422 for out-of-range values instead of passing them on', async () => {
    const refused = [
      '/api/v1/trades?limit=1000001',
      '/api/v1/trades?limit=-1',
      '/api/v1/trades?offset=1000000001',
      '/api/v1/trades?offset=1e400',
      '/api/v1/trade/99999999999999999999',
      '/api/v1/trades/open/custom-data?limit=0',
      '/api/v1/trades/open/custom-data?offset=-1',
      '/api/v1/trades/99999999999999999999/custom-data',
      '/api/v1/locks/99999999999999999999',
      '/api/v1/pair_candles?pair=BTC/USDT&timeframe=5m&limit=1000001',
      '/api/v1/pair_candles?pair=BTC/USDT&timeframe=5m&limit=-3',
      '/api/v1/logs?limit=1000001',
    ];
    for (const path of refused) {
      const method = path.startsWith('/api/v1/locks/') ? 'DELETE' : 'GET';
      const r = await server.fetch(path, { method, headers: { authorization: server.basic } });
      expect(r.status, path).toBe(422);
    }
    expect((await get('/api/v1/trades?limit=1000000&offset=1000000000')).status).toBe(200);
    expect((await get('/api/v1/trade/9007199254740991')).status).toBe(404);
  });

  it('bounds body numbers: prices, stakes, amounts, leverage, candle limits, lock ids', async () => {
    const refused: [string, unknown][] = [
      ['/api/v1/forceenter', { pair: 'BTC/USDT', price: 1e300 }],
      ['/api/v1/forceenter', { pair: 'BTC/USDT', stakeamount: -5 }],
      ['/api/v1/forceenter', { pair: 'BTC/USDT', stakeamount: '1e999' }],
      ['/api/v1/forceenter', { pair: 'BTC/USDT', leverage: 1e9 }],
      ['/api/v1/forceexit', { tradeid: 1, amount: -1 }],
      ['/api/v1/forceexit', { tradeid: 1e300 }],
      ['/api/v1/forceexit', { tradeid: 1, price: 1e16 }],
      ['/api/v1/pair_candles', { pair: 'BTC/USDT', timeframe: '5m', limit: 1e12 }],
      ['/api/v1/locks/delete', { lockid: 1e300 }],
    ];
    for (const [path, body] of refused) {
      const r = await post(path, body);
      expect(r.status, `${path} ${JSON.stringify(body)}`).toBe(422);
      expect(r.body.detail?.[0].loc[0]).toBe('body');
    }
  });
});

describe('the OpenAPI document', () => {
  type Schema = { type?: string | string[]; minimum?: number; maximum?: number; properties?: Record<string, Schema> };
  type Op = {
    parameters?: { name: string; schema: Schema }[];
    requestBody?: { content: Record<string, { schema: Schema & { $ref?: string; items?: Schema } }> };
  };
  const isNumeric = (s: Schema) => [s.type].flat().some((t) => t === 'integer' || t === 'number');

  it('publishes a minimum and a maximum for every numeric parameter and body field', async () => {
    const doc = (await (await server.fetch('/openapi.json')).json()) as {
      paths: Record<string, Record<string, Op>>;
      components: { schemas: Record<string, Schema> };
    };
    const resolve = (s: Schema & { $ref?: string; items?: Schema }): Schema => {
      const target = s.$ref ? doc.components.schemas[s.$ref.split('/').at(-1) ?? ''] : s;
      return (target as { items?: Schema }).items ?? target;
    };
    const numeric: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        for (const p of op.parameters ?? []) {
          if (!isNumeric(p.schema)) continue;
          numeric.push(`${method} ${path} ${p.name}`);
          expect(p.schema.minimum, `${method} ${path} ${p.name}`).toBeTypeOf('number');
          expect(p.schema.maximum, `${method} ${path} ${p.name}`).toBeTypeOf('number');
        }
        for (const media of Object.values(op.requestBody?.content ?? {})) {
          for (const [field, s] of Object.entries(resolve(media.schema).properties ?? {})) {
            const variants = [s, ...((s as { anyOf?: Schema[] }).anyOf ?? [])].filter(isNumeric);
            for (const v of variants) {
              numeric.push(`${method} ${path} body.${field}`);
              expect(v.maximum, `${method} ${path} body.${field}`).toBeTypeOf('number');
              expect(v.minimum, `${method} ${path} body.${field}`).toBeTypeOf('number');
            }
          }
        }
      }
    }
    for (const expected of [
      'get /api/v1/daily timescale',
      'get /api/v1/trades limit',
      'get /api/v1/trade/{tradeid} tradeid',
      'delete /api/v1/trades/{tradeid} tradeid',
      'post /api/v1/forceenter body.stakeamount',
      'post /api/v1/forceexit body.amount',
    ])
      expect(numeric).toContain(expected);
  });
});
