// Security headers, two sets chosen by what the answer is (issue 19: every header costs Node a
// validation per writeHead, and a document-only header does nothing on a JSON answer).
//
// API answers (every path under /api/, errors included): the set OWASP's REST Security Cheat Sheet
// lists for API responses. None of them is a JSON body: nosniff plus `default-src 'none'` keeps a
// browser from running or rendering one as a document, and no answer is cached.
//
// Pages (FreqUI, /docs, /openapi.json, the fallbacks): the full browser set of hono/secure-headers.
// Its CSP allows what a single-page UI served from the bot needs (own scripts and styles, data:
// images, API and websocket connections). Swagger UI's bootstrap is a separate script
// (/docs/init.js), so /docs runs under script-src 'self' (checked in headless Chromium).

import { Hono, type MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

export type HeaderList = readonly (readonly [string, string])[];

/** hono/secure-headers' HSTS value, the one the pages send. */
const HSTS = 'max-age=15552000; includeSubDomains';

export const API_SECURITY_HEADERS: HeaderList = [
  ['cache-control', 'no-store'],
  ['content-security-policy', "default-src 'none'; frame-ancestors 'none'"],
  ['strict-transport-security', HSTS],
  ['x-content-type-options', 'nosniff'],
  ['x-frame-options', 'DENY'],
];

/** True for the paths whose answers get API_SECURITY_HEADERS; every other path is a page. */
export const isApiPath = (path: string): boolean => path.startsWith('/api/');

export function pageSecurityHeaders(): MiddlewareHandler {
  return secureHeaders({
    // Cross-origin UIs (FreqUI on another port, CORS_origins) must still be able to read the API.
    crossOriginResourcePolicy: 'cross-origin',
    referrerPolicy: 'no-referrer',
    strictTransportSecurity: HSTS,
    xFrameOptions: 'DENY',
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'", 'http:', 'https:', 'ws:', 'wss:'],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      frameAncestors: ["'none'"],
      formAction: ["'self'"],
    },
  });
}

/** The headers pageSecurityHeaders() sets, in the order it sets them, worked out once by running it. */
export async function pageSecurityHeaderList(): Promise<HeaderList> {
  const probe = new Hono();
  probe.use('*', pageSecurityHeaders());
  probe.get('/', () => new Response(null));
  const res = await probe.request('/');
  return [...res.headers.entries()];
}

/** Sets a header list on an answer. A Cache-Control the route chose itself is kept. */
export function applySecurityHeaders(headers: Headers, list: HeaderList): void {
  for (const [name, value] of list) {
    if (name === 'cache-control' && headers.has(name)) continue;
    headers.set(name, value);
  }
  headers.delete('x-powered-by');
}
