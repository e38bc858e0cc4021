// Helpers for the security tests: a second app over a running server's deps (so tests can mount
// small test-only routes next to the real ones), served over real HTTP on 127.0.0.1.

import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createApp } from '../../../src/api/app.ts';
import type { requireAuth } from '../../../src/api/auth/middleware.ts';
import type { ApiDeps, AppEnv } from '../../../src/api/context.ts';
import type { ConfigInput } from '../../../src/config/schema.ts';
import { answerClientError } from '../../../src/hosts/node/client-error.ts';
import { basicAuth } from '../../support/node-server.ts';

export const RO_USER = 'viewer';
export const RO_PASSWORD = 'viewer-password-0123456789abcdef';
export const RO_BASIC = basicAuth(RO_USER, RO_PASSWORD);

export const READONLY_CONFIG: ConfigInput = {
  api_server: { readonly_username: RO_USER, readonly_password: RO_PASSWORD },
};

export interface ServedApp {
  url: string;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export async function serveApp(app: OpenAPIHono<AppEnv>): Promise<ServedApp> {
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
    s.once('error', reject);
    s.on('clientError', answerClientError); // as the Node host does
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    fetch: (path, init) => fetch(url + path, init),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The real app over `deps` plus test-only routes, registered the way route modules do. */
export async function serveWithTestRoutes(
  deps: ApiDeps,
  register: (app: OpenAPIHono<AppEnv>, auth: ReturnType<typeof requireAuth>) => void,
): Promise<ServedApp> {
  const app = createApp(deps, { beforeRoutes: register });
  return serveApp(app);
}
