// A hostile-request fuzzer driven by the app's own OpenAPI document: for every documented
// operation it generates requests with wrong types, huge and odd numbers, unicode, empty, invalid
// and oversized bodies, path traversal in path parameters and random query keys, then checks:
// never a 5xx other than freqtrade's 502 ({"error"} or {"detail"}), 503 {"detail"} (webserver-only
// routes in a trading bot, request timeout) and its one deliberate 500; error bodies always JSON
// of FastAPI shape; rejected (4xx) requests leave every table's row count unchanged (the audit
// trail excepted: it records rejected control calls by design).

import fc from 'fast-check';

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
}

/** The part of a JSON schema the body generator reads. */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

export interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

export interface FuzzOperation {
  method: string;
  template: string;
  pathParams: string[];
  queryParams: string[];
  hasBody: boolean;
  /** The JSON body schema with $refs resolved (undefined without a body). */
  bodySchema?: JsonSchema;
}

export interface FuzzTarget {
  fetch(path: string, init: RequestInit): Promise<Response>;
  /** Authorization values to draw from (valid, read-only, ...); never wrong passwords (lockout). */
  authorizations: string[];
  /** Row count per table that a rejected request must not change. */
  rowCounts(): Promise<Record<string, number>>;
  maxBodyBytes: number;
}

export interface HostileRequest {
  op: FuzzOperation;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface FuzzReport {
  cases: number;
  operations: number;
  statuses: Record<number, number>;
  /** Cases per operation ("GET /api/v1/status"). */
  perOperation: Record<string, number>;
  /** Operations that answered a 2xx at least once (the handler ran through). */
  succeeded: string[];
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export function fuzzOperations(doc: OpenApiDocument): FuzzOperation[] {
  const ops: FuzzOperation[] = [];
  for (const [template, byMethod] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(byMethod)) {
      if (!METHODS.includes(method)) continue;
      const params = op.parameters ?? [];
      const pathParams = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      ops.push({
        method: method.toUpperCase(),
        template,
        pathParams,
        queryParams: params.filter((p) => p.in === 'query').map((p) => p.name),
        hasBody: op.requestBody !== undefined,
        bodySchema: resolveRefs(op.requestBody?.content?.['application/json']?.schema, doc, 0),
      });
    }
  }
  return ops;
}

function resolveRefs(schema: JsonSchema | undefined, doc: OpenApiDocument, depth: number): JsonSchema | undefined {
  if (!schema || depth > 6) return undefined;
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    return resolveRefs(doc.components?.schemas?.[name], doc, depth + 1);
  }
  const out: JsonSchema = { ...schema };
  if (schema.properties) {
    out.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([k, v]) => [k, resolveRefs(v, doc, depth + 1) ?? {}]),
    );
  }
  if (schema.items) out.items = resolveRefs(schema.items, doc, depth + 1);
  for (const key of ['anyOf', 'oneOf'] as const) {
    if (schema[key]) out[key] = schema[key].map((v) => resolveRefs(v, doc, depth + 1) ?? {});
  }
  return out;
}

const oddNumbers = fc.constantFrom(
  '0',
  '-1',
  '-0',
  '1.5',
  '1e309',
  '-1e309',
  '9007199254740993',
  '99999999999999999999999999999',
  'NaN',
  'Infinity',
  '0x10',
  ' 7 ',
  '١٢٣',
  '1_000',
  '',
  // the numbers that took the bot down (issue 18): report sizes that allocate per period
  '999999999',
  '1000000',
  '3300000',
  '-999999999',
  '4294967297',
  '-0.0000001',
);
const traversal = fc.constantFrom(
  '..',
  '%2e%2e',
  '..%2f..%2fetc%2fpasswd',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '..%5c..%5cwindows',
  '%00',
  '%252e%252e%252f',
  'a%2Fb',
  '%C0%AE%C0%AE',
);
const hostileText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('\u0000', '\u202e', '𝕏🚀', "' OR 1=1 --", '<script>alert(1)</script>', '{"a":', 'null', 'true'),
  // patterns that backtrack exponentially in a backtracking engine (blacklist and pairlist entries)
  fc.constantFrom('(a+)+$', '^(a|a)*$', '(x+x+)+y', '(.*a){25}', `${'(a*)*'.repeat(8)}b`, `${'a'.repeat(40)}!`),
  fc.nat({ max: 20_000 }).map((n) => 'x'.repeat(n)),
);
const hostileValue = fc.oneof(oddNumbers, hostileText);

/** A path segment: raw traversal (already encoded) or an encoded hostile value. */
const pathSegment = fc.oneof(
  traversal,
  hostileValue.map((v) => encodeURIComponent(v) || '%20'),
  // ids and names that exist, so the handlers behind the path parameters run too
  fc.constantFrom('1', '2', '3', 'MaCrossStrategy'),
);

const jsonValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.constantFrom('', '{', '[]', 'null', '"str"', '{"pair": 1, "price": "NaN"}', '{"__proto__": {"x": 1}}'),
  fc.nat({ max: 3000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
  fc.dictionary(fc.string({ maxLength: 10 }), hostileValue, { maxKeys: 5 }).map((o) => JSON.stringify(o)),
);

/** Values that get past validation (real pairs, sides, times) so requests reach the handlers. */
const plausibleString = fc.constantFrom(
  'BTC/USDT',
  'ETH/USDT',
  'SOL/USDT',
  'XRP/USDT',
  'all',
  'long',
  'short',
  'limit',
  'market',
  '*',
  '5m',
  '1',
  '2030-01-01T00:00:00Z',
  '2000-01-01 00:00:00+00:00',
  'MaCrossStrategy',
);
const plausibleNumber = fc.oneof(
  fc.constantFrom(0, -1, 1, 2, 0.5, 1e-12, 1e308, -1e308, 2 ** 53 + 2, 10, 100, 999_999),
  fc.integer({ min: -5, max: 50 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const anyJson = fc.jsonValue({ maxDepth: 2 });

/**
 * A value for `schema`: mostly of the right type (plausible or odd), sometimes anything. With
 * `valid`, only plausible values of the right type and every required key, so that a fair share
 * of bodies passes validation and drives the handler.
 */
function valueFor(schema: JsonSchema | undefined, depth: number, valid = false): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return valid ? fc.constant(null) : anyJson;
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants?.length) return fc.oneof(...variants.map((v) => valueFor(v, depth + 1, valid)));
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const typed: fc.Arbitrary<unknown>[] = [];
  if (schema.enum?.length) typed.push(fc.constantFrom(...schema.enum));
  for (const t of schema.enum?.length ? [] : types) {
    if (t === 'string') typed.push(...(valid ? [plausibleString] : [plausibleString, hostileText]));
    else if (t === 'number' || t === 'integer')
      typed.push(...(valid ? [fc.integer({ min: 1, max: 50 })] : [plausibleNumber, oddNumbers]));
    else if (t === 'boolean') typed.push(fc.boolean());
    else if (t === 'null') typed.push(fc.constant(null));
    else if (t === 'array') typed.push(fc.array(valueFor(schema.items, depth + 1, valid), { maxLength: 3 }));
    else if (t === 'object' && schema.properties) {
      const props = Object.fromEntries(
        Object.entries(schema.properties).map(([k, v]) => [k, valueFor(v, depth + 1, valid)]),
      );
      typed.push(fc.record(props, { requiredKeys: valid ? (schema.required ?? []) : [] }));
    }
  }
  if (typed.length === 0) return valid ? fc.constant(null) : anyJson;
  if (valid) return fc.oneof(...typed);
  return fc.oneof({ weight: 8, arbitrary: fc.oneof(...typed) }, { weight: 1, arbitrary: anyJson });
}

function bodyFor(maxBodyBytes: number, schema: JsonSchema | undefined) {
  const json = (v: unknown) => JSON.stringify(v) ?? 'null';
  const shaped = schema
    ? [
        { weight: 4, arbitrary: valueFor(schema, 0).map(json) },
        { weight: 4, arbitrary: valueFor(schema, 0, true).map(json) },
      ]
    : [];
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant<string | undefined>(undefined) },
    ...shaped,
    { weight: 6, arbitrary: jsonValue },
    { weight: 1, arbitrary: fc.constant('y'.repeat(maxBodyBytes + 1)) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  );
}

export function hostileRequest(op: FuzzOperation, target: FuzzTarget): fc.Arbitrary<HostileRequest> {
  const queryEntry = fc.tuple(
    fc.oneof(
      op.queryParams.length > 0 ? fc.constantFrom(...op.queryParams) : fc.constant('limit'),
      fc.string({ maxLength: 12 }),
    ),
    hostileValue,
  );
  return fc
    .record({
      segments: fc.array(pathSegment, { minLength: op.pathParams.length, maxLength: op.pathParams.length }),
      query: fc.array(queryEntry, { maxLength: 4 }),
      body: op.method === 'GET' ? fc.constant(undefined) : bodyFor(target.maxBodyBytes, op.bodySchema),
      contentType: fc.oneof(
        { weight: 4, arbitrary: fc.constant('application/json') },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            'text/plain',
            'application/x-www-form-urlencoded',
            'application/json; charset=utf-8',
            undefined,
          ),
        },
      ),
      auth: fc.oneof(
        { weight: 8, arbitrary: fc.constantFrom(...target.authorizations) },
        { weight: 1, arbitrary: fc.constantFrom('', 'Basic ###', 'Bearer a.b.c', 'Bearer ', 'Digest x') },
      ),
    })
    .map(({ segments, query, body, contentType, auth }) => {
      let i = 0;
      const path = op.template.replace(/\{[^}]+\}/g, () => segments[i++]);
      const qs = query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
      const headers: Record<string, string> = {};
      if (auth) headers.authorization = auth;
      if (body !== undefined && contentType) headers['content-type'] = contentType;
      return { op, method: op.method, path: qs ? `${path}?${qs}` : path, headers, body };
    });
}

function describeRequest(r: HostileRequest): string {
  const body = r.body === undefined ? '' : ` body=${JSON.stringify(r.body.slice(0, 120))}`;
  return `${r.method} ${r.path.slice(0, 200)}${body}`;
}

/** The one 500 freqtrade answers on purpose (GET /strategy/{name} with a ':' in the name). */
const DOCUMENTED_500 = '{"detail":"base64 encoded strategies are not allowed."}';

/** Checks one response against the invariants; returns a failure message or undefined. */
export function checkResponse(status: number, contentType: string | null, text: string): string | undefined {
  if (status === 500 && text === DOCUMENTED_500 && contentType?.startsWith('application/json')) return undefined;
  if (status >= 500 && status !== 502 && status !== 503) return `status ${status}: ${text.slice(0, 300)}`;
  if (status < 400) return undefined;
  if (!contentType?.startsWith('application/json')) return `error without JSON content-type (${contentType})`;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `error body is not JSON: ${text.slice(0, 200)}`;
  }
  const o = body as Record<string, unknown>;
  // 502: {"error"} from bot logic; {"detail"} where freqtrade raises it (pair_history, plot_config, strategy)
  if (status === 502)
    return typeof o?.error === 'string' || typeof o?.detail === 'string'
      ? undefined
      : `502 without {error: string} or {detail: string}: ${text}`;
  if (status === 503) return typeof o?.detail === 'string' ? undefined : `503 without {detail: string}: ${text}`;
  const detail = o?.detail;
  if (typeof detail === 'string') return undefined;
  if (Array.isArray(detail) && detail.every((d) => d && typeof d === 'object' && Array.isArray(d.loc)))
    return undefined;
  return `${status} body is not FastAPI shaped: ${text.slice(0, 200)}`;
}

export async function fuzzApi(
  target: FuzzTarget,
  doc: OpenApiDocument,
  opts: { numRuns: number; seed?: number },
): Promise<FuzzReport> {
  const ops = fuzzOperations(doc);
  if (ops.length === 0) throw new Error('the OpenAPI document has no operations');
  const statuses: Record<number, number> = {};
  const perOperation: Record<string, number> = {};
  const succeeded = new Set<string>();
  let cases = 0;
  // Row counts after the previous request: a 4xx must leave them as they were.
  let before = await target.rowCounts();
  // The runs are shared out over the operations in turn, so every documented route is reached
  // once numRuns >= the number of operations.
  for (const [i, op] of ops.entries()) {
    const runs = Math.floor(opts.numRuns / ops.length) + (i < opts.numRuns % ops.length ? 1 : 0);
    if (runs === 0) continue;
    const key = `${op.method} ${op.template}`;
    await fc.assert(
      fc.asyncProperty(hostileRequest(op, target), async (req) => {
        const res = await target.fetch(req.path, { method: req.method, headers: req.headers, body: req.body });
        const text = await res.text();
        cases++;
        perOperation[key] = (perOperation[key] ?? 0) + 1;
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (res.status < 300) succeeded.add(key);
        const problem = checkResponse(res.status, res.headers.get('content-type'), text);
        if (problem) throw new Error(`${describeRequest(req)} → ${problem}`);
        const after = await target.rowCounts();
        if (res.status >= 400 && res.status < 500) {
          for (const [table, n] of Object.entries(before)) {
            if (after[table] !== n) {
              throw new Error(`${describeRequest(req)} → ${res.status} changed ${table}: ${n} → ${after[table]}`);
            }
          }
        }
        before = after;
      }),
      {
        numRuns: runs,
        seed: opts.seed === undefined ? undefined : opts.seed + i,
        endOnFailure: true,
        includeErrorInReport: true,
      },
    );
  }
  return { cases, operations: ops.length, statuses, perOperation, succeeded: [...succeeded].sort() };
}
