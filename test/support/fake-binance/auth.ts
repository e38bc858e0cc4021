// Binance's SIGNED endpoint check: API key header plus an HMAC-SHA256 of the query string or form body.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ApiError } from './format.ts';

export interface Credentials {
  apiKey: string;
  secret: string;
}

/** Returns the signed parameters, or throws Binance's error for a missing key, a wrong key or a bad signature. */
export function verifySignedRequest(
  apiKeyHeader: string | string[] | undefined,
  payload: string,
  credentials: Credentials,
): Record<string, string> {
  if (typeof apiKeyHeader !== 'string' || apiKeyHeader.length === 0) {
    throw new ApiError(401, -2014, 'API-key format invalid.');
  }
  if (apiKeyHeader !== credentials.apiKey) {
    throw new ApiError(401, -2015, 'Invalid API-key, IP, or permissions for action.');
  }
  // The signature is the last parameter and covers everything before it, exactly as sent.
  const match = /^(.*)&signature=([0-9a-fA-F]+)$/.exec(payload);
  if (!match) throw new ApiError(401, -1022, 'Signature for this request is not valid.');
  const expected = createHmac('sha256', credentials.secret).update(match[1]).digest();
  const given = Buffer.from(match[2], 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new ApiError(401, -1022, 'Signature for this request is not valid.');
  }
  const params = Object.fromEntries(new URLSearchParams(match[1]));
  if (params.timestamp === undefined) {
    throw new ApiError(400, -1102, "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.");
  }
  return params;
}
