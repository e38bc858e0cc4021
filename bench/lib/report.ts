// Turns the parts' results into figures with targets (PASS/MISS) and writes the Markdown report.

import type { BacktestBenchResult } from '../parts/backtest.ts';
import type { BigResult } from '../parts/big.ts';
import { type HttpResult, pingPair, type RouteLoad } from '../parts/http.ts';
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

/**
 * freqtrade 2024.10's figures from issue 19 (same machine kind, 50 connections, 100 open + 100,000
 * closed trades): req/s and p99 ms per route path (without the query), and the issue's target as a
 * multiple of freqtrade's req/s.
 */
const FREQTRADE: Record<string, { reqPerSec: number; p99Ms: number; times: number }> = {
  '/api/v1/show_config': { reqPerSec: 698, p99Ms: 108, times: 30 },
  '/api/v1/status': { reqPerSec: 21.7, p99Ms: 3900, times: 30 },
  '/api/v1/trades': { reqPerSec: 3.5, p99Ms: 9700, times: 30 },
  '/api/v1/profit': { reqPerSec: 0.2, p99Ms: 12_000, times: 1000 },
  '/api/v1/daily': { reqPerSec: 8.7, p99Ms: 9700, times: 30 },
  '/api/v1/performance': { reqPerSec: 28, p99Ms: 3300, times: 30 },
};
const FREQTRADE_PING = { reqPerSec: 1804, p99Ms: 49 };
const FREQTRADE_START_MS = 1545;
const FREQTRADE_RSS_AFTER_LOAD_MB = 1708;
/** /profit must also answer within this p99 (issue 19). */
const PROFIT_P99_MS = 10;

export const freqtradeFor = (path: string) => FREQTRADE[path.split('?')[0]];

const kTrades = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1000}k`);

function routeFigures(load: RouteLoad, connections: number): Figure[] {
  const out: Figure[] = [];
  const trades = kTrades(load.closedTrades);
  for (const route of load.routes.filter((x) => x.authenticated)) {
    const ft = freqtradeFor(route.path);
    if (!ft) continue;
    const target = round(ft.reqPerSec * ft.times, 1);
    const clean = route.non2xx === 0 && route.errors + route.timeouts === 0 && Number.isFinite(route.p99Ms);
    const isProfit = route.path.startsWith('/api/v1/profit');
    const plain = route.plain ? `plain node:http, same ${route.bodyBytes} bytes: ${route.plain.reqPerSec} req/s` : '';
    const note = route.loadSkipped
      ? `not loaded: ${route.loadSkipped}`
      : [
          clean
            ? `p99 ${fmt(route.p99Ms, 'ms')}`
            : `status ${route.status}, non-2xx ${route.non2xx}, errors/timeouts ${route.errors + route.timeouts}`,
          `${round(route.reqPerSec / ft.reqPerSec, 1)}× freqtrade`,
          plain,
        ]
          .filter(Boolean)
          .join('; ');
    out.push({
      name: `${route.label} req/s (${connections} conn., ${trades} trades)`,
      value: route.loadSkipped ? null : route.reqPerSec,
      unit: 'req/s',
      target: `≥ ${target} (${ft.times} × freqtrade's ${ft.reqPerSec})${isProfit ? `, p99 < ${PROFIT_P99_MS} ms` : ''}`,
      pass: clean && route.reqPerSec >= target && (!isProfit || route.p99Ms < PROFIT_P99_MS),
      note: plain && route.loadSkipped ? `${note}; ${plain}` : note,
    });
  }
  const { plain, tickhub } = pingPair(load);
  if (plain && tickhub) {
    const ratio = round(tickhub.reqPerSec / plain.reqPerSec, 2);
    out.push({
      name: `/ping req/s vs plain node:http (${trades} trades)`,
      value: ratio,
      unit: '×',
      target: '≥ 0.85 ×',
      pass: ratio >= 0.85,
      note: `${tickhub.reqPerSec} vs ${plain.reqPerSec} req/s; freqtrade ${FREQTRADE_PING.reqPerSec}`,
    });
  }
  out.push({
    name: `RSS after the HTTP load (${trades} trades)`,
    value: load.rssAfterLoadMb ?? null,
    unit: 'MB',
    target: '< 250 MB',
    pass: load.rssAfterLoadMb !== undefined && load.rssAfterLoadMb < 250,
    note: `plain node:http after the same load: ${fmt(load.plainRssAfterLoadMb, 'MB')}; idle on this database ${fmt(load.rssIdleSeededMb, 'MB')}; freqtrade ${FREQTRADE_RSS_AFTER_LOAD_MB} MB`,
  });
  return out;
}

export function figures(r: Results): Figure[] {
  const out: Figure[] = [];
  const connections = r.http?.connections ?? 50;
  if (r.startup) {
    const plain = r.startup.plain;
    out.push({
      name: '`npm start` → first /ping (median of 3)',
      value: r.startup.medianMs,
      unit: 'ms',
      target: '< 500 ms',
      pass: r.startup.medianMs < 500,
      note: `plain node:http ${plain ? `${plain.medianMs} ms` : '—'} (node directly); freqtrade ${FREQTRADE_START_MS} ms`,
    });
    out.push({
      name: `idle RSS (${r.startup.idleAfterS} s after start, empty db)`,
      value: r.startup.idleRssMb ?? null,
      unit: 'MB',
      target: '< 100 MB',
      pass: r.startup.idleRssMb !== undefined && r.startup.idleRssMb < 100,
      note: `plain node:http ${fmt(plain?.idleRssMb, 'MB')}`,
    });
  }
  if (r.http) out.push(...routeFigures(r.http, connections));
  if (r.big) out.push(...routeFigures(r.big, connections));
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
      note: `${b.trades} trades, ${round(b.cpuMs / 1000, 2)} s CPU; ${round(b.candles / (b.wallMs / 1000), 0)} candles/s; freqtrade 2024.10: 99–123 s on this machine kind`,
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
  return out;
}

function routeTable(L: string[], load: RouteLoad): void {
  L.push(
    '| Route | req/s | p50 ms | p99 ms | max ms | non-2xx | errors | plain node:http, same bytes: req/s (p99 ms) | tickhub ÷ plain | freqtrade req/s (p99 ms) | × freqtrade | body bytes | first call ms | idle ms (median of 5) |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const x of load.routes) {
    if (x.server === 'node:http') continue;
    const load_ = x.loadSkipped
      ? `not loaded | — | — | — | — | —`
      : `${x.reqPerSec} | ${fmt(x.p50Ms)} | ${fmt(x.p99Ms)} | ${fmt(x.maxMs)} | ${x.non2xx} | ${x.errors + x.timeouts}`;
    const plain = x.plain ? `${x.plain.reqPerSec} (${fmt(x.plain.p99Ms)})` : '—';
    const vsPlain = x.plain && !x.loadSkipped ? `${round(x.reqPerSec / x.plain.reqPerSec, 3)}` : '—';
    const ft = x.path === '/api/v1/ping' ? FREQTRADE_PING : freqtradeFor(x.path);
    const ftCell = ft ? `${ft.reqPerSec} (${ft.p99Ms})` : '—';
    const times = ft && !x.loadSkipped ? `${round(x.reqPerSec / ft.reqPerSec, 1)}` : '—';
    L.push(
      `| ${x.label} | ${load_} | ${plain} | ${vsPlain} | ${ftCell} | ${times} | ${x.bodyBytes} | ${x.firstMs} | ${fmt(x.idleMs)} |`,
    );
  }
  const skipped = load.routes.filter((x) => x.loadSkipped);
  if (skipped.length > 0) {
    L.push('', 'Not loaded: routes slower than 250 ms on an idle server (the run could not finish in time):');
    for (const x of skipped) L.push(`- ${x.label}: ${x.loadSkipped}`);
  }
  L.push(
    '',
    `Server start on this database: ${Math.round(load.startMsSeeded)} ms; first /profit answered ${load.reportsReadyMs ?? '?'} ms after the spawn (it waits for the start-up report build; the routes are measured after it). tickhub RSS idle ${fmt(load.rssIdleSeededMb, 'MB')}, after the load ${fmt(load.rssAfterLoadMb, 'MB')}; plain node:http after the same load ${fmt(load.plainRssAfterLoadMb, 'MB')}.`,
  );
}

export function markdown(r: Results): string {
  const L: string[] = [];
  const m = r.machine;
  L.push(`# tickhub benchmarks — ${r.date}`, '');
  L.push(
    "Targets are issue 19's: freqtrade 2024.10's figure from the issue × 30 (/profit × 1,000 with p99 < 10 ms), /ping ≥ 0.85 × a plain node:http server, start < 500 ms, idle RSS < 100 MB, RSS after the load < 250 MB; every tickhub figure has a plain node:http figure from the same run beside it.",
    '',
  );
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
        `(the two /ping servers interleaved in slices of about 2 s); then each route's exact bytes served by a bare node:http server, ` +
        `1 s warm-up and a quarter of the time (its ceiling for that body, same run); ` +
        `tickhub is \`npm start\` (a child process) over a copy of the seeded database ` +
        `(${h.database.closedTrades} closed + ${h.database.openTrades} open trades; ` +
        `${h.database.cached ? 'cached seed' : `seeded in ${round(h.database.seedSeconds, 1)} s`}). Auth: ${h.auth}. ` +
        `Latencies are per request (2xx only), measured with sub-millisecond resolution.`,
      '',
    );
    routeTable(L, h);
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
    if (r.startup.plain)
      L.push(
        '',
        `A bare node:http server (node directly, no npm): ${r.startup.plain.runs.join(', ')} ms, idle RSS ${fmt(r.startup.plain.idleRssMb, 'MB')}.`,
      );
    L.push('', `Bundle (dist/node.mjs): ${r.startup.bundle}.`);
    if (r.startup.directMs !== undefined)
      L.push(
        '',
        `Diagnostic: the TypeScript sources (\`node src/hosts/node.ts\`, no bundle, no npm): ${r.startup.directMs} ms.`,
      );
  }
  if (r.big) {
    L.push('', `## HTTP load on ${r.big.closedTrades} closed trades`, '');
    L.push(
      `The same routes on a ${r.big.closedTrades}-trade database (${r.big.cached ? 'cached seed' : `seeded in ${r.big.seedSeconds} s`}), ` +
        `${r.big.warmupS} s warm-up then ${r.big.durationS} s per route; plain node:http beside each as above.`,
      '',
    );
    routeTable(L, r.big);
  }
  L.push('');
  return L.join('\n');
}
