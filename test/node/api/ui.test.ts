// UI routes: landing page without a UI, an installed UI with SPA fallback, path containment.

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/node-server.ts';

/** A GET with the path sent exactly as given (fetch would normalise `..` and `%2e`). */
function rawGet(server: TestServer, path: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          type: String(res.headers['content-type'] ?? ''),
          body: Buffer.concat(chunks).toString(),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

const SECRET = 'TOP-SECRET-OUTSIDE-THE-UI';
let root: string;
let bare: TestServer;
let withUi: TestServer;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tickhub-ui-'));
  const ui = join(root, 'ui');
  mkdirSync(join(ui, 'assets'), { recursive: true });
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>FreqUI</title><div id="app">spa-index</div>');
  writeFileSync(join(ui, 'assets', 'app.js'), 'console.log("app");');
  writeFileSync(join(ui, 'assets', 'style.css'), 'body{}');
  writeFileSync(join(ui, '.uiversion'), '2.1.0\n');
  writeFileSync(join(root, 'secret.txt'), SECRET);
  symlinkSync(join(root, 'secret.txt'), join(ui, 'leak.txt'));
  symlinkSync(root, join(ui, 'up'));
  bare = await startTestServer({ initial_state: 'stopped' });
  withUi = await startTestServer({ initial_state: 'stopped', api_server: { ui_path: ui } });
});
afterAll(async () => {
  await bare.close();
  await withUi.close();
  rmSync(root, { recursive: true, force: true });
});

describe('UI routes without an installed UI', () => {
  it('/ui_version is not_installed; / explains how to install FreqUI and log in', async () => {
    expect(await (await bare.fetch('/ui_version')).json()).toEqual({ version: 'not_installed' });
    const page = await bare.fetch('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('user_data/ui/installed');
    expect(html).toContain('frequi/releases');
    expect(html).toContain('api_server.username');
    expect((await bare.fetch('/fallback_file.html')).status).toBe(200);
    const icon = await bare.fetch('/favicon.ico');
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toMatch(/^image\//);
  });

  it('paths starting with api or . are 404 JSON', async () => {
    for (const p of ['/api', '/apifoo', '/.env', '/.git/config']) {
      const r = await bare.fetch(p);
      expect(r.status, p).toBe(404);
      expect(await r.json()).toEqual({ detail: 'Not Found' });
    }
  });
});

describe('UI routes with an installed UI', () => {
  it('serves files, forces .js to application/javascript, falls back to index.html', async () => {
    expect(await (await withUi.fetch('/ui_version')).json()).toEqual({ version: '2.1.0' });
    const js = await withUi.fetch('/assets/app.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('application/javascript');
    expect((await withUi.fetch('/assets/style.css')).headers.get('content-type')).toMatch(/^text\/css/);
    for (const p of ['/', '/trade', '/dashboard/deep/link']) {
      const r = await withUi.fetch(p);
      expect(r.status, p).toBe(200);
      expect(await r.text(), p).toContain('spa-index');
    }
    expect((await withUi.fetch('/.uiversion')).status).toBe(404);
  });

  it('never serves anything outside the UI folder', async () => {
    const attempts = [
      '///etc/passwd',
      '/../../../../etc/passwd',
      '/..%2f..%2f..%2fetc%2fpasswd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5c..%5csecret.txt',
      '/assets%5c..%5c..%5csecret.txt',
      '/%2fetc%2fpasswd',
      '/leak.txt',
      '/up/secret.txt',
      '/C:%5cWindows%5cwin.ini',
      '/%00index.html',
    ];
    for (const p of attempts) {
      const r = await rawGet(withUi, p);
      expect(r.body, p).not.toContain(SECRET);
      expect(r.body, p).not.toContain('root:');
      // Refused (404) or contained (the SPA index); never a file from elsewhere.
      if (r.status === 200) expect(r.body, p).toContain('spa-index');
      else expect(r.status, p).toBe(404);
    }
  });
});
