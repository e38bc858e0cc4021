// Browser hardening headers on every response (hono/secure-headers). The CSP allows what a
// single-page UI served from the bot needs (own scripts and styles, data: images, API and
// websocket connections); /docs (Swagger UI, with its inline bootstrap script) gets no CSP.

import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

const common = {
  // Cross-origin UIs (FreqUI on another port, CORS_origins) must still be able to read the API.
  crossOriginResourcePolicy: 'cross-origin',
  referrerPolicy: 'no-referrer',
  xFrameOptions: 'DENY',
} as const;

const withCsp = secureHeaders({
  ...common,
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
const withoutCsp = secureHeaders(common);

function isDocsPath(path: string): boolean {
  return path === '/docs' || path.startsWith('/docs/') || path === '/redoc' || path.startsWith('/redoc/');
}

export function securityHeaders(): MiddlewareHandler {
  return (c, next) => (isDocsPath(c.req.path) ? withoutCsp(c, next) : withCsp(c, next));
}
