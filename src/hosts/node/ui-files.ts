// The installed UI folder (FreqUI build) for the API's UI routes. Every read resolves symlinks
// and must stay inside the folder; anything else reads as "not there".

import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { StaticFile, UiFiles } from '../../api/context.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'application/javascript',
  '.mjs': 'application/javascript',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.map': 'application/json',
};

export class NodeUiFiles implements UiFiles {
  private readonly dir: string;

  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  async read(relativePath: string): Promise<StaticFile | undefined> {
    const path = await this.contained(relativePath);
    if (!path) return undefined;
    return { body: await readFile(path), type: TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream' };
  }

  async version(): Promise<string | undefined> {
    const path = await this.contained('.uiversion');
    if (!path) return undefined;
    return (await readFile(path, 'utf8')).trim();
  }

  private async contained(relativePath: string): Promise<string | undefined> {
    if (isAbsolute(relativePath) || relativePath.includes('\0')) return undefined;
    try {
      const root = await realpath(this.dir);
      const path = await realpath(join(root, relativePath));
      const rel = relative(root, path);
      if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
      return (await stat(path)).isFile() ? path : undefined;
    } catch {
      return undefined;
    }
  }
}
