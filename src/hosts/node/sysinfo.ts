// /sysinfo on Node: per-core CPU usage sampled over a short window, and RAM usage.

import { cpus, freemem, totalmem } from 'node:os';
import type { SysInfo } from '../../api/context.ts';

const SAMPLE_MS = 250;

function snapshot() {
  return cpus().map((c) => {
    const t = c.times;
    return { idle: t.idle, total: t.user + t.nice + t.sys + t.idle + t.irq };
  });
}

export async function nodeSysInfo(): Promise<SysInfo> {
  const a = snapshot();
  await new Promise((r) => setTimeout(r, SAMPLE_MS));
  const b = snapshot();
  const cpu_pct = b.map((s, i) => {
    const total = s.total - a[i].total;
    const busy = total - (s.idle - a[i].idle);
    return total > 0 ? Math.round((busy / total) * 1000) / 10 : 0;
  });
  const ram_pct = Math.round((1 - freemem() / totalmem()) * 1000) / 10;
  return { cpu_pct, ram_pct };
}
