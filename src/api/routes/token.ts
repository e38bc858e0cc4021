// Token routes: login (HTTP Basic) issues access + refresh tokens; refresh issues a new access token.

import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { issueToken, verifyToken } from '../auth/jwt.ts';
import { authenticateBasic, jwtSettingsFor, parseBasic, parseBearer } from '../auth/middleware.ts';
import type { ApiDeps, AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import { AccessAndRefreshToken, AccessToken } from '../wire/index.ts';

const tags = ['Auth'];

export function registerTokenRoutes(app: OpenAPIHono<AppEnv>, deps: ApiDeps): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/token/login',
      tags,
      summary: 'Log in with HTTP Basic; returns an access token (15 min) and a refresh token (30 days)',
      security: [{ basic: [] }],
      responses: {
        200: {
          content: {
            'application/json': { schema: AccessAndRefreshToken },
          },
          description: 'tokens',
        },
      },
    }),
    async (c) => {
      const basic = parseBasic(c.req.header('authorization'));
      if (basic === 'malformed') throw new ApiError(401, 'Invalid authentication credentials');
      if (!basic) throw new ApiError(401, 'Not authenticated');
      const user = await authenticateBasic(deps, c, basic, 'Incorrect username or password');
      const settings = await jwtSettingsFor(deps.config());
      const now = deps.clock.now();
      const [access_token, refresh_token] = await Promise.all([
        issueToken(settings, user, 'access', now),
        issueToken(settings, user, 'refresh', now),
      ]);
      return c.json({ access_token, refresh_token }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/token/refresh',
      tags,
      summary: 'A new access token for a refresh token (Authorization: Bearer <refresh_token>)',
      security: [{ bearer: [] }],
      responses: {
        200: {
          content: { 'application/json': { schema: AccessToken } },
          description: 'token',
        },
      },
    }),
    async (c) => {
      const fail = () => new ApiError(401, 'Could not validate credentials', { 'WWW-Authenticate': 'Bearer' });
      const token = parseBearer(c.req.header('authorization'));
      if (!token) throw fail();
      const settings = await jwtSettingsFor(deps.config());
      const now = deps.clock.now();
      const user = await verifyToken(settings, token, 'refresh', now);
      if (!user) throw fail();
      return c.json({ access_token: await issueToken(settings, user, 'access', now) }, 200);
    },
  );
}
