// Turns the parts' results into figures with targets (PASS/MISS) and writes the Markdown report.

import type { BacktestBenchResult } from '../parts/backtest.ts';
import type { BigResult } from '../parts/big.ts';
import { type HttpResult, pingPair } from '../parts/http.ts';
import type { StartupResult } from '../parts/startup.ts';
import type { TickResult } from '../parts/tick.ts';
import type { WsResult } from '../parts/ws.ts';
import type { Figure } from './context.ts';
import type { MachineInfo } from './machine.ts';
import { round } from './stats.ts';

export interface Results {
  date: string;
  command: string;
  machine: MachineInfo;
  totalSeconds: number;
  /** 1/5/15-minute load averages when the run ended. */
  loadAverageAtEnd?: number[];
  parts: string[];
  http?: HttpResult;
  ws?: WsResult;
  tick?: TickResult;
  startup?: StartupResult;
  big?: BigResult;
  backtest?: BacktestBenchResult;
  skipped: Record<string, string>;
  errors: Record<string, string>;
  figures: Figure[];
}

const fmt = (v: number | string | null | undefined, unit = '') =>
  v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))
    ? '—'
    : `${typeof v === 'number' ? round(v, 2) : v}${unit ? ` ${unit}` : ''}`;

const opts50 = (r: Results) => r.http?.connections ?? 50;

export function figures(r: Results): Figure[] {
  const out: Figure[] = [];
  if (r.http) {
    for (const route of r.http.routes.filter((x) => x.authenticated)) {
      const ok = route.non2xx === 0 && route.errors + route.timeouts === 0 && Number.isFinite(route.p99Ms);
      const note = route.loadSkipped
        ? `not loaded: ${route.loadSkipped}`
        : ok
          ? `${route.reqPerSec} req/s`
          : `status ${route.status}, non-2xx ${route.non2xx}, errors/timeouts ${route.errors + route.timeouts}`;
      out.push({
        name: `${route.label} p99 (${opts50(r)} conn., ${r.http.database.closedTrades / 1000}k trades)`,
        value: Number.isFinite(route.p99Ms) ? route.p99Ms : null,
        unit: 'ms',
        target: '< 10 ms',
        pass: ok && route.p99Ms < 10,
        note,
      });
    }
    const { plain, tickhub } = pingPair(r.http);
    if (plain && tickhub) {
      const ratio = round(tickhub.reqPerSec / plain.reqPerSec, 2);
      out.push({
        name: '/ping req/s vs plain node:http',
        value: ratio,
        unit: '×',
        target: '≥ 0.85 ×',
        pass: ratio >= 0.85,
        note: `${tickhub.reqPerSec} vs ${plain.reqPerSec} req/s`,
      });
    }
  }
  if (r.ws && !r.ws.skipped) {
    for (const round_ of r.ws.rounds) {
      out.push({
        name: `fan-out p99, ${round_.label} (all received)`,
        value: round_.allP99Ms,
        unit: 'ms',
        target: '< 50 ms',
        pass: round_.missing === 0 && round_.allP99Ms < 50,
        note: round_.missing ? `${round_.missing} deliveries missing` : undefined,
      });
    }
  }
  if (r.backtest) {
    const b = r.backtest;
    out.push({
      name: `backtesting wall, ${b.pairs} pairs × ${b.candles / b.pairs} 5m candles, MaCrossStrategy (incl. data loading)`,
      value: b.wallMs / 1000,
      unit: 's',
      target: '< 5 s',
      pass: b.wallMs < 5000,
      note: `${b.trades} trades, ${round(b.cpuMs / 1000, 2)} s CPU; freqtrade 2024.10: 99–123 s on this machine kind`,
    });
    out.push({
      name: 'backtesting peak RSS',
      value: b.peakRssMb,
      unit: 'MB',
      target: '< 500 MB',
      pass: b.peakRssMb < 500,
      note: 'freqtrade: 1.2 GB',
    });
  }
  if (r.tick) {
    out.push({
      name: `bot tick CPU, ${r.tick.pairs} pairs × ${r.tick.candlesPerPair} candles (steady, median)`,
      value: r.tick.steadyCpuP50Ms,
      unit: 'ms',
      target: '< 100 ms',
      pass: r.tick.steadyCpuP50Ms < 100,
    });
  }
  if (r.startup) {
    out.push({
      name: '`npm start` → first /ping (median of 3)',
      value: r.startup.medianMs,
      unit: 'ms',
      target: '< 1500 ms',
      pass: r.startup.medianMs < 1500,
    });
    out.push({
      name: `idle RSS (${r.startup.idleAfterS} s after start, empty db)`,
      value: r.startup.idleRssMb ?? null,
      unit: 'MB',
      target: '< 150 MB',
      pass: r.startup.idleRssMb !== undefined && r.startup.idleRssMb < 150,
    });
  }
  if (r.http) {
    out.push({
      name: 'RSS idle on the 100k database (3 s after start)',
      value: r.http.rssIdleSeededMb ?? null,
      unit: 'MB',
    });
    out.push({
      name: 'RSS after the HTTP benchmark (100k database)',
      value: r.http.rssAfterLoadMb ?? null,
      unit: 'MB',
    });
  }
  if (r.big) {
    const profit = r.big.routes.find((x) => x.path.startsWith('/api/v1/profit'));
    if (profit) {
      out.push({
        name: `/profit on ${r.big.closedTrades / 1e6}M trades (median of ${profit.callsMs.length} sequential calls)`,
        value: profit.medianMs,
        unit: 'ms',
        target: '< 1000 ms',
        pass: profit.status === 200 && profit.medianMs < 1000,
        note: profit.status === 200 ? `first call ${profit.firstMs} ms` : `status ${profit.status}`,
      });
    }
  }
  return out;
}

export function markdown(r: Results): string {
  const L: string[] = [];
  const m = r.machine;
  L.push(`# tickhub benchmarks — ${r.date}`, '');
  L.push(`Command: \`${r.command}\` (parts: ${r.parts.join(', ')}; ${Math.round(r.totalSeconds)} s in total)`, '');
  L.push(
    `Machine: ${m.cores} cores, ${m.cpuModel}, ${m.memoryGb} GB RAM, ${m.os}; Node ${m.node}; commit ${m.commit}; ` +
      `load average at start ${m.loadAverage.join(' / ')}${r.loadAverageAtEnd ? `, at the end ${r.loadAverageAtEnd.join(' / ')}` : ''}`,
    '',
  );
  if (m.loadAverage[0] > m.cores)
    L.push(
      `**The machine was busy** (load average above its ${m.cores} cores, from other processes): absolute figures are inflated; compare runs on a quiet machine.`,
      '',
    );
  L.push('## Targets', '', '| Figure | Measured | Target | Result |', '|---|---|---|---|');
  for (const f of r.figures) {
    const result = f.pass === undefined ? 'info' : f.pass ? 'PASS' : '**MISS**';
    L.push(`| ${f.name} | ${fmt(f.value, f.unit)}${f.note ? ` (${f.note})` : ''} | ${f.target ?? '—'} | ${result} |`);
  }
  for (const [part, why] of Object.entries(r.skipped)) L.push('', `- ${part}: skipped: ${why}`);
  for (const [part, why] of Object.entries(r.errors)) L.push('', `- ${part}: FAILED: ${why}`);
  if (r.http) {
    const h = r.http;
    L.push('', '## HTTP load', '');
    L.push(
      `autocannon (programmatic, in the bench process), ${h.connections} connections, ${h.warmupS} s warm-up then ${h.durationS} s per route ` +
        `(the two /ping servers interleaved in halves); ` +
        `tickhub is \`npm start\` (a child process) over a copy of the seeded database ` +
        `(${h.database.closedTrades} closed + ${h.database.openTrades} open trades; ` +
        `${h.database.cached ? 'cached seed' : `seeded in ${round(h.database.seedSeconds, 1)} s`}). Auth: ${h.auth}. ` +
        `Latencies are per request (2xx only), measured with sub-millisecond resolution.`,
      '',
    );
    L.push(
      '| Route | req/s | p50 ms | p99 ms | max ms | non-2xx | errors | body bytes | first call ms | idle ms (median of 5) |',
    );
    L.push('|---|---|---|---|---|---|---|---|---|---|');
    for (const x of h.routes) {
      const load = x.loadSkipped
        ? `not loaded | — | — | — | — | —`
        : `${x.reqPerSec} | ${fmt(x.p50Ms)} | ${fmt(x.p99Ms)} | ${fmt(x.maxMs)} | ${x.non2xx} | ${x.errors + x.timeouts}`;
      L.push(`| ${x.label} | ${load} | ${x.bodyBytes} | ${x.firstMs} | ${fmt(x.idleMs)} |`);
    }
    const skipped = h.routes.filter((x) => x.loadSkipped);
    if (skipped.length > 0) {
      L.push(
        '',
        'Not loaded: routes slower than 250 ms on an idle server (the 50-connection run could not finish in time):',
      );
      for (const x of skipped) L.push(`- ${x.label}: ${x.loadSkipped}`);
    }
    L.push(
      '',
      `Server start on the seeded database: ${Math.round(h.startMsSeeded)} ms. RSS idle ${fmt(h.rssIdleSeededMb, 'MB')}, after the load ${fmt(h.rssAfterLoadMb, 'MB')}.`,
    );
  }
  if (r.ws) {
    const w = r.ws;
    L.push('', '## Websocket fan-out', '');
    if (w.skipped) L.push(`Skipped: ${w.skipped}`);
    else {
      L.push(
        `${w.clients} \`ws\` clients (all in the bench process) subscribed to entry_fill on the Node hub of a tickhub server ` +
          `(child process); connected in ${w.connectMs} ms. Each publish goes through the server's hub (\`server.hub.publish\`); ` +
          `"all received" is the time from publish until the last reading client has parsed the message.`,
        '',
        '| Round | publishes | receivers | all received p50 / p99 / max ms | per client p50 / p99 ms | publish() p50 / p99 ms | missing |',
        '|---|---|---|---|---|---|---|',
      );
      for (const x of w.rounds) {
        L.push(
          `| ${x.label} | ${x.publishes} | ${x.receivers} | ${x.allP50Ms} / ${x.allP99Ms} / ${x.allMaxMs} | ${x.eachP50Ms} / ${x.eachP99Ms} | ${x.publishP50Ms} / ${x.publishP99Ms} | ${x.missing} |`,
        );
      }
      L.push(
        '',
        `Paused clients: ${w.pausedClients}, each with ${w.backlogPerPausedClient} unread messages; clients still connected afterwards: ${w.connectedAfterPaused}. Server RSS with ${w.clients} clients: ${w.serverRssMb} MB.`,
      );
    }
  }
  if (r.tick) {
    const t = r.tick;
    L.push('', '## Bot tick', '');
    L.push(
      `A real Bot (dry-run broker, ${t.strategy}, libSQL file) over ${t.pairs} offline pairs × ${t.candlesPerPair} 5m candles ` +
        `(copies of the offline market's assets with their own seeds), manual clock. A steady tick follows one new candle per pair. ` +
        `CPU from process.cpuUsage() around Bot.tick(); phases from Bot.lastTickTimings (wall clock): ` +
        `fetch = candle refresh, analyse = strategy, decide = pairlist + open orders + exits + entries.`,
      '',
      '| Tick | CPU ms | wall ms | fetch ms | analyse ms | decide ms |',
      '|---|---|---|---|---|---|',
      `| cold (loads ${t.candlesPerPair} candles per pair) | ${t.cold.cpuMs} | ${t.cold.wallMs} | ${t.cold.fetchMs} | ${t.cold.analyseMs} | ${t.cold.decideMs} |`,
      `| steady, median of ${t.ticks} (max CPU ${t.steadyCpuMaxMs}) | ${t.steadyCpuP50Ms} | ${t.steadyWallP50Ms} | ${t.fetchP50Ms} | ${t.analyseP50Ms} | ${t.decideP50Ms} |`,
      '',
      `A tick without a new candle: ${t.idleTickCpuMs} ms CPU. Open trades at the end: ${t.openTrades}.`,
    );
  }
  if (r.startup) {
    L.push('', '## Startup and memory', '');
    L.push(
      `\`npm start -- --config <temp> --user-data-dir <temp>\` (fresh database), spawn → first 200 from /api/v1/ping: ` +
        `${r.startup.runs.join(', ')} ms. RSS of the server process (/proc/<pid>/status VmRSS) ${r.startup.idleAfterS} s after start: ${fmt(r.startup.idleRssMb, 'MB')}.`,
    );
    if (r.startup.directMs !== undefined)
      L.push('', `Diagnostic: \`node src/hosts/node.ts\` without npm: ${r.startup.directMs} ms.`);
    if (r.startup.bundled)
      L.push(
        '',
        `Diagnostic: the same entry as one ${r.startup.bundled.note} (JS, no type stripping, one module), started with node: ` +
          `${r.startup.bundled.runs.join(', ')} ms, idle RSS ${fmt(r.startup.bundled.idleRssMb, 'MB')}.`,
      );
  }
  if (r.big) {
    L.push('', `## Reports on ${r.big.closedTrades} trades`, '');
    L.push(
      `${r.big.cached ? 'Cached seed' : `Seeded in ${r.big.seedSeconds} s`}; sequential calls on an idle \`npm start\` server. RSS afterwards: ${fmt(r.big.rssAfterMb, 'MB')}.`,
      '',
      '| Route | status | calls (ms) | median ms | bytes |',
      '|---|---|---|---|---|',
    );
    for (const x of r.big.routes)
      L.push(`| ${x.path} | ${x.status} | ${x.callsMs.join(', ')} | ${x.medianMs} | ${x.bytes} |`);
  }
  L.push('');
  return L.join('\n');
}
