// Pieces every route module shares.

import type { z } from '@hono/zod-openapi';

/** OpenAPI security of private routes: HTTP Basic or a Bearer access token. */
export const PRIVATE_SECURITY: Record<string, string[]>[] = [{ basic: [] }, { bearer: [] }];

export function jsonBody(schema: z.ZodType, description: string) {
  return { content: { 'application/json': { schema } }, description };
}
