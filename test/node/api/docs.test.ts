// /docs: Swagger UI served offline from swagger-ui-dist, opened in headless Chromium.

import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/node-server.ts';

const run = promisify(execFile);
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

let withDocs: TestServer;
let withoutDocs: TestServer;
beforeAll(async () => {
  withDocs = await startTestServer({ initial_state: 'stopped', api_server: { enable_openapi: true } });
  withoutDocs = await startTestServer({ initial_state: 'stopped' });
});
afterAll(async () => {
  await withDocs.close();
  await withoutDocs.close();
});

describe('/docs and /openapi.json', () => {
  it('/openapi.json is public OpenAPI 3.1 with every route', async () => {
    const r = await withoutDocs.fetch('/openapi.json');
    expect(r.status).toBe(200);
    const doc = (await r.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    for (const p of [
      '/api/v1/status',
      '/api/v1/trades',
      '/api/v1/forcebuy',
      '/api/v1/pair_history',
      '/api/v1/profit_all',
    ]) {
      expect(doc.paths[p], p).toBeDefined();
    }
    expect(Object.keys(doc.paths['/api/v1/trade/{tradeid}'])).toEqual(['get']);
  });

  it('/docs is off unless api_server.enable_openapi (the path falls to the UI catch-all, as in freqtrade)', async () => {
    const r = await withoutDocs.fetch('/docs');
    expect(await r.text()).not.toContain('swagger-ui');
    const asset = await withoutDocs.fetch('/docs/swagger-ui-bundle.js');
    expect(await asset.text()).not.toContain('SwaggerUIBundle');
  });

  it('serves the Swagger UI assets from the installed package (no CDN)', async () => {
    const page = await (await withDocs.fetch('/docs')).text();
    expect(page).not.toMatch(/https?:\/\//);
    const css = await withDocs.fetch('/docs/swagger-ui.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    const js = await withDocs.fetch('/docs/swagger-ui-bundle.js');
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect((await js.text()).length).toBeGreaterThan(100_000);
    expect((await withDocs.fetch('/docs/package.json')).status).toBe(404);
  });

  it('headless Chromium renders the route list', async () => {
    expect(CHROMIUM, 'chromium is needed (apt-get install -y chromium)').toBeDefined();
    const profile = mkdtempSync(join(tmpdir(), 'tickhub-chromium-'));
    try {
      const { stdout } = await run(
        CHROMIUM as string,
        [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          `--user-data-dir=${profile}`,
          '--virtual-time-budget=15000',
          '--dump-dom',
          `${withDocs.url}/docs`,
        ],
        { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
      );
      expect(stdout).toContain('/api/v1/show_config');
      expect(stdout).toContain('/api/v1/forcebuy');
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  }, 90_000);
});
