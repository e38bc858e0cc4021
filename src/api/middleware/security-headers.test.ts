import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { describe, expect, it } from 'vitest';
import { API_SECURITY_HEADERS, applySecurityHeaders, isApiPath, pageSecurityHeaderList } from './security-headers.ts';

describe('security header sets', () => {
  it("API answers send hono/secure-headers' default HSTS, the value the pages send", async () => {
    const probe = new Hono();
    probe.use('*', secureHeaders());
    probe.get('/', () => new Response(null));
    const hono = (await probe.request('/')).headers.get('strict-transport-security');
    const api = new Map(API_SECURITY_HEADERS).get('strict-transport-security');
    const page = new Map(await pageSecurityHeaderList()).get('strict-transport-security');
    expect(api).toBe(hono);
    expect(page).toBe(hono);
  });

  it('keeps a Cache-Control the route chose, sets the others over what the answer had', () => {
    const headers = new Headers({
      'cache-control': 'max-age=60',
      'x-frame-options': 'SAMEORIGIN',
      'x-powered-by': 'x',
      'content-type': 'application/json',
    });
    applySecurityHeaders(headers, API_SECURITY_HEADERS);
    expect(Object.fromEntries(headers)).toEqual({
      'cache-control': 'max-age=60',
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      'content-type': 'application/json',
      'strict-transport-security': 'max-age=15552000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
    });
    const bare = new Headers();
    applySecurityHeaders(bare, API_SECURITY_HEADERS);
    expect(bare.get('cache-control')).toBe('no-store');
  });

  it('picks the API set by the /api/ prefix only', () => {
    expect(isApiPath('/api/v1/ping')).toBe(true);
    expect(isApiPath('/api/v1/message/ws')).toBe(true);
    for (const page of ['/', '/api', '/apidocs', '/docs', '/docs/init.js', '/openapi.json', '/ui_version', '/trade']) {
      expect(isApiPath(page), page).toBe(false);
    }
  });
});
