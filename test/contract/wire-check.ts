// Checks a JSON body against a wire schema strictly: every declared key present with its exact
// type (zod), and no undeclared key in plain objects (loose objects may carry more).

import { expect } from 'vitest';
import type { z } from 'zod';

type Def = { type: string; [k: string]: any };
const defOf = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def;

/** Paths of keys the schema does not declare (objects without a catchall only). */
export function undeclaredKeys(schema: z.ZodType, value: unknown, path = '$'): string[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
      return value === null || value === undefined ? [] : undeclaredKeys(def.innerType, value, path);
    case 'pipe':
      return undeclaredKeys(def.in, value, path);
    case 'array':
      return Array.isArray(value) ? value.flatMap((v, i) => undeclaredKeys(def.element, v, `${path}[${i}]`)) : [];
    case 'record':
      return value && typeof value === 'object'
        ? Object.entries(value).flatMap(([k, v]) => undeclaredKeys(def.valueType, v, `${path}.${k}`))
        : [];
    case 'union': {
      // The first option the value parses with decides.
      const option = (def.options as z.ZodType[]).find((o) => o.safeParse(value).success);
      return option ? undeclaredKeys(option, value, path) : [];
    }
    case 'object': {
      if (!value || typeof value !== 'object') return [];
      const shape = def.shape as Record<string, z.ZodType>;
      const out: string[] = [];
      for (const [k, v] of Object.entries(value)) {
        if (shape[k]) out.push(...undeclaredKeys(shape[k], v, `${path}.${k}`));
        else if (!def.catchall) out.push(`${path}.${k}`);
      }
      return out;
    }
    default:
      return [];
  }
}

/** Parses `body` with `schema` (types, presence) and rejects undeclared keys; returns the body. */
export function expectWire<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new Error(`${what}: ${JSON.stringify(parsed.error.issues.slice(0, 5), null, 1)}`);
  }
  expect(undeclaredKeys(schema, body), `${what}: undeclared keys`).toEqual([]);
  return body as T;
}

/** The keys must be present (not merely allowed) — for optional/newer fields tickhub does serve. */
export function expectKeys(obj: unknown, keys: string[], what: string): void {
  for (const k of keys) expect(Object.hasOwn(obj as object, k), `${what}: ${k}`).toBe(true);
}
