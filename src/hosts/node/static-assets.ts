// Swagger UI assets for /docs, read from the installed swagger-ui-dist package (offline, no CDN).

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { StaticAssets } from '../../api/context.ts';

const TYPES: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

export function swaggerUiAssets(): StaticAssets {
  const dir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const cache = new Map<string, Uint8Array>();
  return async (name) => {
    const type = TYPES[name];
    if (!type) return undefined;
    let body = cache.get(name);
    if (!body) {
      body = await readFile(join(dir, name));
      cache.set(name, body);
    }
    return { body, type };
  };
}
