// JWT hardening: algorithm pinned, type checked, exp/iat enforced (iat in the future refused), and
// every token issued before a password or secret change refused — also across a restart over the
// same database, and for the read-only user.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { credentialVersion, issueToken, type JwtSettings, verifyToken } from '../../../src/api/auth/jwt.ts';
import type { ConfigInput } from '../../../src/config/schema.ts';
import { basicAuth, startTestServer } from '../../support/node-server.ts';
import { TEST_JWT_SECRET, TEST_PASSWORD, TEST_USER } from '../../support/test-config.ts';
import { RO_PASSWORD, RO_USER } from './support.ts';

const NOW = Date.UTC(2026, 5, 1);
const SECRET = 'unit-test-secret-0123456789abcdef0123';
const ALICE = { username: 'alice', readonly: false };

async function settings(password = 'pw-1', secret = SECRET): Promise<JwtSettings> {
  const cv = await credentialVersion('alice', password);
  return { secret, credentialVersion: (u, ro) => (u === 'alice' && !ro ? cv : undefined) };
}

async function forge(claims: Record<string, unknown>, header: { alg: string }, iat?: number, exp?: number) {
  let jwt = new SignJWT(claims).setProtectedHeader(header);
  if (iat !== undefined) jwt = jwt.setIssuedAt(iat);
  if (exp !== undefined) jwt = jwt.setExpirationTime(exp);
  return jwt.sign(new TextEncoder().encode(SECRET));
}

describe('verifyToken', () => {
  it('accepts its own tokens until exp, of the right type only', async () => {
    const s = await settings();
    const access = await issueToken(s, ALICE, 'access', NOW);
    expect(await verifyToken(s, access, 'access', NOW + 14 * 60_000)).toEqual(ALICE);
    expect(await verifyToken(s, access, 'access', NOW + 15 * 60_000 + 1000)).toBeUndefined();
    expect(await verifyToken(s, access, 'refresh', NOW)).toBeUndefined();
    const refresh = await issueToken(s, ALICE, 'refresh', NOW);
    expect(await verifyToken(s, refresh, 'refresh', NOW + 29 * 86_400_000)).toEqual(ALICE);
    expect(await verifyToken(s, refresh, 'access', NOW)).toBeUndefined();
  });

  it('pins HS256: other algorithms and unsigned tokens are refused even with the right secret', async () => {
    const s = await settings();
    const cv = await credentialVersion('alice', 'pw-1');
    const claims = { identity: { u: 'alice' }, type: 'access', cv };
    const iat = NOW / 1000;
    expect(await verifyToken(s, await forge(claims, { alg: 'HS256' }, iat, iat + 60), 'access', NOW)).toEqual(ALICE);
    for (const alg of ['HS384', 'HS512']) {
      expect(await verifyToken(s, await forge(claims, { alg }, iat, iat + 60), 'access', NOW), alg).toBeUndefined();
    }
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, iat, exp: iat + 60 })}.`;
    expect(await verifyToken(s, unsigned, 'access', NOW)).toBeUndefined();
    expect(await verifyToken(s, 'not.a.jwt', 'access', NOW)).toBeUndefined();
  });

  it('requires exp and iat, refuses iat in the future, a missing type and a wrong credential version', async () => {
    const s = await settings();
    const cv = await credentialVersion('alice', 'pw-1');
    const iat = NOW / 1000;
    const ok = { identity: { u: 'alice' }, type: 'access', cv };
    const cases: [string, string][] = [
      ['no exp', await forge(ok, { alg: 'HS256' }, iat)],
      ['no iat', await forge(ok, { alg: 'HS256' }, undefined, iat + 60)],
      ['iat 10 min ahead', await forge(ok, { alg: 'HS256' }, iat + 600, iat + 1200)],
      ['no type', await forge({ identity: { u: 'alice' }, cv }, { alg: 'HS256' }, iat, iat + 60)],
      ['no cv', await forge({ identity: { u: 'alice' }, type: 'access' }, { alg: 'HS256' }, iat, iat + 60)],
      ['other cv', await forge({ ...ok, cv: 'deadbeefdeadbeef' }, { alg: 'HS256' }, iat, iat + 60)],
      ['unknown user', await forge({ ...ok, identity: { u: 'bob' } }, { alg: 'HS256' }, iat, iat + 60)],
      ['ro claim for a normal user', await forge({ ...ok, ro: true }, { alg: 'HS256' }, iat, iat + 60)],
    ];
    for (const [name, token] of cases) expect(await verifyToken(s, token, 'access', NOW), name).toBeUndefined();
    // a small clock skew is tolerated
    expect(await verifyToken(s, await forge(ok, { alg: 'HS256' }, iat + 10, iat + 60), 'access', NOW)).toEqual(ALICE);
  });

  it('a password or secret change refuses every earlier token', async () => {
    const before = await settings('pw-1');
    const token = await issueToken(before, ALICE, 'refresh', NOW);
    expect(await verifyToken(await settings('pw-2'), token, 'refresh', NOW)).toBeUndefined();
    expect(await verifyToken(await settings('pw-1', `${SECRET}-rotated`), token, 'refresh', NOW)).toBeUndefined();
    expect(await verifyToken(await settings('pw-1'), token, 'refresh', NOW)).toEqual(ALICE);
  });
});

describe('tokens across a restart with changed credentials (Node, same database)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tickhub-jwt-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const ro = { readonly_username: RO_USER, readonly_password: RO_PASSWORD };

  async function loginOn(api: ConfigInput['api_server'], user: string, password: string) {
    const server = await startTestServer({ api_server: { ...ro, ...api } }, { dir });
    try {
      const r = await server.fetch('/api/v1/token/login', {
        method: 'POST',
        headers: { authorization: basicAuth(user, password) },
      });
      expect(r.status).toBe(200);
      return (await r.json()) as { access_token: string; refresh_token: string };
    } finally {
      await server.close();
    }
  }

  async function statusesOn(api: ConfigInput['api_server'], tokens: { access_token: string; refresh_token: string }) {
    const server = await startTestServer({ api_server: { ...ro, ...api } }, { dir });
    try {
      const a = await server.fetch('/api/v1/version', { headers: { authorization: `Bearer ${tokens.access_token}` } });
      const r = await server.fetch('/api/v1/token/refresh', {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.refresh_token}` },
      });
      return [a.status, r.status];
    } finally {
      await server.close();
    }
  }

  it('the main user: valid after a plain restart, refused after a password or secret change', async () => {
    const tokens = await loginOn({}, TEST_USER, TEST_PASSWORD);
    expect(await statusesOn({}, tokens)).toEqual([200, 200]);
    expect(await statusesOn({ password: `${TEST_PASSWORD}-new` }, tokens)).toEqual([401, 401]);
    expect(await statusesOn({ jwt_secret_key: `${TEST_JWT_SECRET}-rotated` }, tokens)).toEqual([401, 401]);
    expect(await statusesOn({ username: 'renamed' }, tokens)).toEqual([401, 401]);
  });

  it('the read-only user: its tokens carry ro and die with its password; the main user is unaffected', async () => {
    const roTokens = await loginOn({}, RO_USER, RO_PASSWORD);
    const payload = JSON.parse(Buffer.from(roTokens.access_token.split('.')[1], 'base64url').toString());
    expect(payload).toMatchObject({ identity: { u: RO_USER }, type: 'access', ro: true });
    const mainTokens = await loginOn({}, TEST_USER, TEST_PASSWORD);
    const mainPayload = JSON.parse(Buffer.from(mainTokens.access_token.split('.')[1], 'base64url').toString());
    expect(mainPayload.ro).toBeUndefined();

    expect(await statusesOn({}, roTokens)).toEqual([200, 200]);
    const changed = { readonly_password: `${RO_PASSWORD}-new` };
    expect(await statusesOn(changed, roTokens)).toEqual([401, 401]);
    expect(await statusesOn(changed, mainTokens)).toEqual([200, 200]);
  });
});

describe('an empty jwt_secret_key on loopback (issue 18: no fallback key)', () => {
  it('signs with a random per-process key: a token forged with any well-known key is refused, and it warns', async () => {
    const cv = await credentialVersion(TEST_USER, TEST_PASSWORD);
    const iat = Math.floor(Date.now() / 1000);
    const claims = { identity: { u: TEST_USER }, type: 'access', cv };
    const server = await startTestServer({ api_server: { jwt_secret_key: '' } });
    try {
      for (const known of ['super-secret', 'somethingrandom']) {
        const forged = await new SignJWT(claims)
          .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
          .setIssuedAt(iat)
          .setExpirationTime(iat + 600)
          .sign(new TextEncoder().encode(known));
        const r = await server.fetch('/api/v1/show_config', { headers: { authorization: `Bearer ${forged}` } });
        expect(r.status, `key ${JSON.stringify(known)}`).toBe(401);
      }
      const login = await server.fetch('/api/v1/token/login', {
        method: 'POST',
        headers: { authorization: server.basic },
      });
      const { access_token } = (await login.json()) as { access_token: string };
      const own = await server.fetch('/api/v1/show_config', { headers: { authorization: `Bearer ${access_token}` } });
      expect(own.status).toBe(200);
      const warnings = server.deps.logs.recent().map((r) => String(r[4]));
      expect(warnings.some((m) => m.includes('jwt_secret_key is empty') && m.includes('random key'))).toBe(true);
    } finally {
      await server.close();
    }
  });
});
