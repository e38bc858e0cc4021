// Swagger UI at /docs (registered only with api_server.enable_openapi), served offline from the installed
// swagger-ui-dist through the host's StaticAssets port. Hosts without the port (Workers) answer
// /docs with 404 and a detail saying so.

import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps, AppEnv } from './context.ts';
import { jsonResponse } from './errors.ts';

const ASSETS = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png']);

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>tickhub API - Swagger UI</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
<link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
`;

// A separate file (not inline) so a strict Content-Security-Policy can stay on.
const INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true });\n`;

export function registerDocsRoutes(app: OpenAPIHono<AppEnv>, deps: ApiDeps): void {
  const notFound = () => jsonResponse({ detail: 'Not Found' }, 404);
  const enabled = () => deps.config().api_server.enable_openapi;
  const unavailable = () => jsonResponse({ detail: 'Swagger UI assets are not available on this host.' }, 404);

  app.get('/docs', (c) => {
    if (!enabled()) return notFound();
    if (!deps.staticAssets) return unavailable();
    return c.html(PAGE);
  });
  app.get('/docs/:file', async (c) => {
    if (!enabled()) return notFound();
    const file = c.req.param('file');
    if (file === 'init.js') {
      return new Response(INIT, { headers: { 'content-type': 'application/javascript; charset=utf-8' } });
    }
    if (!deps.staticAssets) return unavailable();
    if (!ASSETS.has(file)) return notFound();
    const asset = await deps.staticAssets(file);
    if (!asset) return unavailable();
    return new Response(asset.body, { headers: { 'content-type': asset.type, 'cache-control': 'max-age=3600' } });
  });
}
