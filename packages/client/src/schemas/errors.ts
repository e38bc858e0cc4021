import { z } from 'zod';

/** One entry of a FastAPI / pydantic v2 validation error list. */
export const ValidationErrorItem = z
  .object({
    type: z.string(),
    loc: z.array(z.union([z.string(), z.number().int()])),
    msg: z.string(),
    input: z.unknown(),
    ctx: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'ValidationErrorItem' });
export type ValidationErrorItem = z.infer<typeof ValidationErrorItem>;

/** 422 body: `{"detail": [...]}`. */
export const HTTPValidationError = z
  .object({ detail: z.array(ValidationErrorItem) })
  .meta({ id: 'HTTPValidationError' });
export type HTTPValidationError = z.infer<typeof HTTPValidationError>;

/** FastAPI HTTPException body (401, 404, 503, some 502). */
export const ErrorDetail = z.object({ detail: z.string() }).meta({ id: 'ErrorDetail' });
export type ErrorDetail = z.infer<typeof ErrorDetail>;

/** Business error raised by the bot (RPCException → 502): `Error querying <path>: <msg>`. */
export const RpcError = z.object({ error: z.string() }).meta({ id: 'RpcError' });
export type RpcError = z.infer<typeof RpcError>;
