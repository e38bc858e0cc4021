// Runs the system nginx as a reverse proxy in front of a test server, with freqtrade's documented
// websocket proxy block, everything (config, pid, logs, temp files) in a temp dir. A missing nginx
// is an error, never a skip: .ci/run installs it.

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { delimiter, join } from 'node:path';
import { freePort } from './process.ts';

export interface NginxProxy {
  port: number;
  url: string;
  dir: string;
  /** nginx's stderr and error log, for failure messages. */
  logs(): string;
  stop(): Promise<void>;
}

export function findNginx(): string {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin', '/usr/local/nginx/sbin'];
  for (const d of dirs) {
    const candidate = join(d, 'nginx');
    if (d && existsSync(candidate)) return candidate;
  }
  throw new Error(
    'nginx is not installed, so the reverse-proxy test cannot run. Install it with ' +
      '`apt-get update && apt-get install -y nginx` (.ci/run does this before npm ci).',
  );
}

export function nginxConfig(dir: string, listenPort: number, upstreamPort: number): string {
  // The worker would otherwise run as `nobody` and could not use root's 0700 temp dir.
  const user = process.getuid?.() === 0 ? `user ${userInfo().username};\n` : '';
  return `${user}worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log info;
events { worker_connections 512; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;

  map $http_upgrade $connection_upgrade {
    default upgrade;
    '' close;
  }

  server {
    listen 127.0.0.1:${listenPort};
    location / {
      proxy_http_version 1.1;
      proxy_pass http://127.0.0.1:${upstreamPort};
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $host;
    }
  }
}
`;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ port, host: '127.0.0.1' });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

export async function startNginxProxy(upstreamPort: number, timeoutMs = 10_000): Promise<NginxProxy> {
  const binary = findNginx();
  const dir = mkdtempSync(join(tmpdir(), 'tickhub-nginx-'));
  for (const sub of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, sub));
  const port = await freePort();
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, nginxConfig(dir, port, upstreamPort));

  let stderr = '';
  const child: ChildProcess = spawn(
    binary,
    ['-p', dir, '-e', join(dir, 'error.log'), '-c', conf, '-g', 'daemon off;'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (d) => {
    stderr += d.toString();
  });
  child.stderr?.on('data', (d) => {
    stderr += d.toString();
  });
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code) => {
      exitCode = code;
      resolve();
    });
  });
  child.once('error', (e) => {
    stderr += `spawn error: ${e.message}\n`;
  });

  const logs = () => {
    const errorLog = existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : '';
    return `${stderr}${errorLog}`;
  };
  const stop = async () => {
    if (exitCode === undefined) {
      child.kill('SIGTERM'); // fast shutdown: does not wait for open websockets
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  while (!(await canConnect(port))) {
    if (exitCode !== undefined || Date.now() > deadline) {
      const why = exitCode !== undefined ? `exited with code ${exitCode}` : 'did not start listening in time';
      const text = logs();
      await stop();
      throw new Error(`nginx ${why}:\n${text}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { port, url: `http://127.0.0.1:${port}`, dir, logs, stop };
}
