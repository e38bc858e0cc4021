// Turns zod issues into FastAPI/pydantic v2 validation details, so clients see freqtrade's 422 body.

import type { Hook } from '@hono/zod-openapi';
import { z } from 'zod';
import type { AppEnv } from './context.ts';
import { type ValidationDetail, validationError } from './errors.ts';

const LOCATION: Record<string, string> = {
  query: 'query',
  json: 'body',
  param: 'path',
  form: 'body',
  header: 'header',
};

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let v: unknown = input;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

const INT_MSG = 'Input should be a valid integer, unable to parse string as an integer';
const BOOL_MSG = 'Input should be a valid boolean, unable to interpret input';

function describeIssue(issue: z.core.$ZodIssue, input: unknown): Pick<ValidationDetail, 'type' | 'msg' | 'ctx'> {
  if (issue.message === INT_MSG) return { type: 'int_parsing', msg: INT_MSG };
  if (issue.message === BOOL_MSG) return { type: 'bool_parsing', msg: BOOL_MSG };
  switch (issue.code) {
    case 'invalid_type': {
      if (input === undefined) return { type: 'missing', msg: 'Field required' };
      const expected = issue.expected;
      if (expected === 'int') return { type: 'int_parsing', msg: INT_MSG };
      if (expected === 'number')
        return { type: 'float_parsing', msg: 'Input should be a valid number, unable to parse string as a number' };
      if (expected === 'string') return { type: 'string_type', msg: 'Input should be a valid string' };
      if (expected === 'boolean') return { type: 'bool_parsing', msg: BOOL_MSG };
      if (expected === 'array') return { type: 'list_type', msg: 'Input should be a valid list' };
      if (expected === 'object') return { type: 'model_type', msg: 'Input should be a valid dictionary or object' };
      return { type: `${expected}_type`, msg: issue.message };
    }
    case 'invalid_value': {
      const values = issue.values.map((v) => `'${String(v)}'`);
      const list = values.length > 1 ? `${values.slice(0, -1).join(', ')} or ${values.at(-1)}` : values[0];
      return { type: 'enum', msg: `Input should be ${list}`, ctx: { expected: list } };
    }
    case 'too_small':
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint')
        return issue.inclusive
          ? {
              type: 'greater_than_equal',
              msg: `Input should be greater than or equal to ${issue.minimum}`,
              ctx: { ge: issue.minimum },
            }
          : { type: 'greater_than', msg: `Input should be greater than ${issue.minimum}`, ctx: { gt: issue.minimum } };
      return { type: 'too_short', msg: issue.message, ctx: { min_length: issue.minimum } };
    case 'too_big':
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint')
        return issue.inclusive
          ? {
              type: 'less_than_equal',
              msg: `Input should be less than or equal to ${issue.maximum}`,
              ctx: { le: issue.maximum },
            }
          : { type: 'less_than', msg: `Input should be less than ${issue.maximum}`, ctx: { lt: issue.maximum } };
      return { type: 'too_long', msg: issue.message, ctx: { max_length: issue.maximum } };
    default:
      return { type: 'value_error', msg: issue.message };
  }
}

export function zodToFastApi(error: z.ZodError, target: string, input: unknown): ValidationDetail[] {
  const loc = LOCATION[target] ?? target;
  return error.issues.map((issue) => {
    const value = valueAt(input, issue.path);
    const d = describeIssue(issue, value);
    const detail: ValidationDetail = {
      type: d.type,
      loc: [loc, ...issue.path.map((p) => (typeof p === 'number' ? p : String(p)))],
      msg: d.msg,
      input: value === undefined ? (issue.path.length === 0 ? input : null) : value,
    };
    if (d.ctx) detail.ctx = d.ctx;
    return detail;
  });
}

/** The zod-openapi defaultHook: every validation failure becomes FastAPI's 422. */
export const fastApiHook: Hook<unknown, AppEnv, string, Response | undefined> = (result) => {
  if (result.success) return undefined;
  // @hono/zod-openapi passes the rejected input along as `data`; its Hook type leaves it out.
  const input = 'data' in result ? result.data : undefined;
  return validationError(zodToFastApi(result.error, result.target, input));
};

/** Query/path integer as pydantic parses it: numeric strings accepted, anything else a 422. */
export const intParam = () =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v),
    z.number({ error: INT_MSG }).int({ error: INT_MSG }),
  );

/** Query boolean as pydantic reads one: true/1/yes/on/t/y or false/0/no/off/f/n, any case. */
export const boolParam = () =>
  z.stringbool({
    truthy: ['true', '1', 'yes', 'on', 't', 'y'],
    falsy: ['false', '0', 'no', 'off', 'f', 'n'],
    case: 'insensitive',
    error: BOOL_MSG,
  });

/** Query/path integer within [min, max] (pydantic's ge/le errors otherwise): caps page sizes and ranges. */
export const boundedInt = (max: number, min = 0) =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v),
    z
      .number({ error: (issue) => (issue.code === 'invalid_type' ? INT_MSG : undefined) })
      .int({ error: INT_MSG })
      .min(min)
      .max(max),
  );

/**
 * Upper bounds for numbers freqtrade leaves unbounded, chosen far beyond any real use so no trader
 * meets them, and low enough that no request can make a report allocate or loop in proportion to
 * an attacker's number. They appear in /openapi.json as `minimum`/`maximum`; a value outside is
 * pydantic's 422 (`greater_than_equal` / `less_than_equal`).
 */
export const BOUNDS = {
  /** /daily: 10,000 days (27 years); /weekly: 1,500 weeks (28 years); /monthly: 360 months (30 years). */
  timescale: { days: 10_000, weeks: 1_500, months: 360 },
  /** Page sizes (SQL LIMIT) and candle counts. */
  pageLimit: 1_000_000,
  /** Page offsets (SQL OFFSET). */
  pageOffset: 1_000_000_000,
  /** Trade and lock ids: JavaScript's largest exact integer (SQLite ids never get there). */
  id: Number.MAX_SAFE_INTEGER,
} as const;

/** A trade or lock id in a path: any safe integer (unknown ids stay freqtrade's 404). */
export const idParam = () => boundedInt(BOUNDS.id, -BOUNDS.id);

/**
 * A route's JSON request body. `required: true` matters: without it @hono/zod-openapi skips
 * validation when the client sends no Content-Type, and the handler sees `{}` instead of a 422.
 */
export const requiredJsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});
