// Routes are typed by their definitions: a handler that answers the wrong shape does not compile.
// `npm run typecheck` checks the @ts-expect-error lines below: if a wrong handler ever type-checks
// (say, the route helper loses its types), the unused directive fails tsc. The runtime half checks
// that a route built the same way serves and validates for real.

import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../../../src/api/context.ts';
import { ok, privateRoute, reply } from '../../../src/api/routes/common.ts';
import { boolParam, fastApiHook, idParam } from '../../../src/api/validation.ts';
import { Count } from '../../../src/api/wire/index.ts';

const letIn: MiddlewareHandler<AppEnv> = async (_c, next) => {
  await next();
};

const countRoute = privateRoute(letIn, {
  method: 'get',
  path: '/api/v1/count/{tradeid}',
  tags: ['Test'],
  summary: 'Count, with a typed query and path',
  request: { params: z.object({ tradeid: idParam() }), query: z.object({ verbose: boolParam().optional() }) },
  response: Count,
  responses: {
    404: { content: { 'application/json': { schema: z.object({ detail: z.string() }) } }, description: 'x' },
  },
});

function app(): OpenAPIHono<AppEnv> {
  const a = new OpenAPIHono<AppEnv>({ defaultHook: fastApiHook });
  a.openapi(countRoute, (c) => {
    const { tradeid } = c.req.valid('param');
    const { verbose } = c.req.valid('query');
    if (tradeid === 0) return reply({ detail: 'Trade not found.' }, 404);
    return ok({ current: tradeid, max: verbose === true ? 1 : 0, total_stake: 0.5 });
  });
  return a;
}

/** Never called: each registration below must fail to compile. */
function _wrongHandlers(a: OpenAPIHono<AppEnv>): void {
  // @ts-expect-error total_stake missing from Count
  a.openapi(countRoute, () => ok({ current: 1, max: 2 }));
  // @ts-expect-error current is an int in Count, not a string
  a.openapi(countRoute, () => ok({ current: '1', max: 2, total_stake: 3 }));
  // @ts-expect-error a status the route does not document
  a.openapi(countRoute, () => reply({ detail: 'gone' }, 410));
  // @ts-expect-error the 404 body is { detail: string }
  a.openapi(countRoute, () => reply({ error: 'gone' }, 404));
  // @ts-expect-error a plain Response carries no shape
  a.openapi(countRoute, () => new Response('{}'));
  a.openapi(countRoute, (c) => {
    // @ts-expect-error the validated query has no such key
    const { limit } = c.req.valid('query');
    // @ts-expect-error verbose is a boolean after z.stringbool(), not a string
    const verbose: string | undefined = c.req.valid('query').verbose;
    return ok({ current: Number(limit), max: Number(verbose), total_stake: 0 });
  });
}

describe('typed routes', () => {
  it('serve what the handler returns, with the route validating path and query', async () => {
    const res = await app().request('/api/v1/count/7?verbose=Yes');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ current: 7, max: 1, total_stake: 0.5 });
    const missing = await app().request('/api/v1/count/0');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ detail: 'Trade not found.' });
  });

  it('query booleans parse as pydantic does, anything else is its bool_parsing 422', async () => {
    for (const [text, max] of [
      ['t', 1],
      ['ON', 1],
      ['1', 1],
      ['f', 0],
      ['No', 0],
      ['0', 0],
    ] as const) {
      const res = await app().request(`/api/v1/count/3?verbose=${text}`);
      expect(await res.json(), text).toEqual({ current: 3, max, total_stake: 0.5 });
    }
    const bad = await app().request('/api/v1/count/3?verbose=maybe');
    expect(bad.status).toBe(422);
    expect(await bad.json()).toEqual({
      detail: [
        {
          type: 'bool_parsing',
          loc: ['query', 'verbose'],
          msg: 'Input should be a valid boolean, unable to interpret input',
          input: 'maybe',
        },
      ],
    });
  });
});
