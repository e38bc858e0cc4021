// UI routes at the root (no auth): /ui_version, /favicon.ico, /fallback_file.html and the
// installed UI (FreqUI build) with SPA fallback to index.html. Without an installed UI, `/`
// shows a built-in page saying how to install FreqUI and log in.

import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ApiDeps, AppEnv } from '../context.ts';
import { jsonResponse } from '../errors.ts';

const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1f2937"/><path d="M6 22l6-7 5 4 9-11" stroke="#22c55e" stroke-width="3" fill="none" stroke-linecap="round" stroke-linejoin="round"/></svg>`;

export const LANDING_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>tickhub</title>
<link rel="icon" href="/favicon.ico">
<style>
body { font-family: system-ui, sans-serif; max-width: 46rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5; color: #1f2937; }
code, pre { background: #f3f4f6; padding: .1rem .3rem; border-radius: 4px; }
pre { padding: .75rem; overflow-x: auto; }
</style>
</head>
<body>
<h1>tickhub is running</h1>
<p>This is the bot's API server. No web UI is installed yet.</p>
<h2>Install FreqUI</h2>
<ol>
<li>Download a release zip of FreqUI (<code>freqUI.zip</code>) from
<a href="https://github.com/freqtrade/frequi/releases">github.com/freqtrade/frequi/releases</a>.</li>
<li>Install it (from the project folder; the version is the release you downloaded):
<pre>npm run install-ui -- --from freqUI.zip --version 2.1.0</pre>
It lands in <code>user_data/ui/installed/</code> with the version FreqUI shows. (Unzipping it there by
hand works too; set <code>api_server.ui_path</code> for another folder.)</li>
<li>Reload this page.</li>
</ol>
<h2>Log in</h2>
<p>In FreqUI's login form use this page's address as the API URL and the
<code>api_server.username</code> / <code>api_server.password</code> from your configuration.</p>
<p>The REST API lives under <code>/api/v1</code>; its description is at <a href="/openapi.json">/openapi.json</a>.</p>
</body>
</html>
`;

const notFound = () => jsonResponse({ detail: 'Not Found' }, 404);

/**
 * The UI-relative path of a request, or undefined when it must be refused: any `..` or `.`
 * segment, a backslash or NUL (also percent-encoded), or undecodable escapes. Empty segments
 * (`///etc/passwd`) are dropped, so such a path stays inside the UI folder.
 */
export function uiRelativePath(rawPath: string): string | undefined {
  const segments: string[] = [];
  for (const raw of rawPath.split('/')) {
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    if (seg === '') continue;
    if (seg === '.' || seg === '..' || /[\\/\0]/.test(seg) || /^[a-zA-Z]:/.test(seg)) return undefined;
    segments.push(seg);
  }
  return segments.join('/');
}

export function registerUiRoutes(app: OpenAPIHono<AppEnv>, deps: ApiDeps): void {
  app.get('/ui_version', async () => {
    const version = deps.uiFiles ? await deps.uiFiles.version() : undefined;
    return jsonResponse({ version: version ?? 'not_installed' }, 200);
  });

  app.get('/fallback_file.html', (c) => c.html(LANDING_PAGE));

  app.get('/favicon.ico', async () => {
    const file = deps.uiFiles ? await deps.uiFiles.read('favicon.ico') : undefined;
    if (file) return new Response(file.body, { headers: { 'content-type': file.type } });
    return new Response(FAVICON, { headers: { 'content-type': 'image/svg+xml' } });
  });
}

/**
 * The UI catch-all for GET paths no route took. Called from the app's notFound handler (not
 * registered as `/*`), so routes a host or test adds after createApp are not shadowed.
 */
export function uiFallback(deps: ApiDeps): (c: Context<AppEnv>) => Promise<Response> {
  const serve = async (c: Context<AppEnv>) => {
    const pathname = new URL(c.req.url).pathname;
    const rel = uiRelativePath(pathname);
    if (rel === undefined) return notFound();
    if (rel.startsWith('api') || rel.startsWith('.')) return notFound();
    const files = deps.uiFiles;
    const file = files && rel !== '' ? await files.read(rel) : undefined;
    if (file) {
      const type = rel.endsWith('.js') ? 'application/javascript' : file.type;
      return new Response(file.body, { headers: { 'content-type': type } });
    }
    const index = files ? await files.read('index.html') : undefined;
    if (!index) return c.html(LANDING_PAGE);
    return new Response(index.body, { headers: { 'content-type': 'text/html; charset=utf-8' } });
  };
  return serve;
}
