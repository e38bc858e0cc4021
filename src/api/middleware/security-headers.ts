// Browser hardening headers on every response (hono/secure-headers). The CSP allows what a
// single-page UI served from the bot needs (own scripts and styles, data: images, API and
// websocket connections). /docs gets the same CSP: Swagger UI's bootstrap is a separate script
// (/docs/init.js), so it runs under script-src 'self' (checked in headless Chromium).

import { Hono, type MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

const policies = {
  // Cross-origin UIs (FreqUI on another port, CORS_origins) must still be able to read the API.
  crossOriginResourcePolicy: 'cross-origin',
  referrerPolicy: 'no-referrer',
  xFrameOptions: 'DENY',
} as const;

export function securityHeaders(): MiddlewareHandler {
  return secureHeaders({
    ...policies,
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

/** The headers securityHeaders() sets, in the order it sets them, worked out once by running it. */
export async function securityHeaderList(): Promise<[string, string][]> {
  const probe = new Hono();
  probe.use('*', securityHeaders());
  probe.get('/', () => new Response(null));
  const res = await probe.request('/');
  return [...res.headers.entries()];
}
