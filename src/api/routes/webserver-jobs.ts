// Webserver mode's job routes (freqtrade's api_background_tasks, api_download_data,
// api_pairlists): background job status, data download, pairlist evaluation, and the market
// listing FreqUI's data views use. Jobs run off the request; polling reads their record.

import { type OpenAPIHono, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { AVAILABLE_PAIRLISTS } from '../../bot/pairlist/available.ts';
import { buildWhitelist } from '../../bot/pairlist/pairlists.ts';
import type { Config } from '../../config/schema.ts';
import type { ApiDeps, AppEnv } from '../context.ts';
import { ApiError, type ValidationDetail } from '../errors.ts';
import { planDownload, runDownload } from '../webserver/download-data.ts';
import type { MarketSelection, WebserverServices } from '../webserver/services.ts';
import {
  BackgroundTaskList,
  BackgroundTaskStatus,
  BgJobStarted,
  DownloadDataPayload,
  ErrorDetail,
  Markets,
  PairlistEvalResponse,
  PairlistsAvailable,
  PairlistsPayload,
} from '../wire/index.ts';
import { jsonBody, ok, privateRoute, reply } from './common.ts';

const tags = ['Webserver'];
const notFound = { 404: jsonBody(ErrorDetail, 'Job not found.') };
const busy = (what: string) => ({ 400: jsonBody(ErrorDetail, `${what} is already running.`) });

/** The config a job runs with: the request's exchange selection over the server's config. */
export function selectedConfig(config: Config, sel: MarketSelection): Config {
  return {
    ...config,
    trading_mode: (sel.trading_mode || config.trading_mode) as Config['trading_mode'],
    margin_mode: (sel.margin_mode || config.margin_mode) as Config['margin_mode'],
    exchange: { ...config.exchange, name: sel.exchange || config.exchange.name },
  };
}

export function registerWebserverJobRoutes(
  app: OpenAPIHono<AppEnv>,
  deps: ApiDeps,
  ws: WebserverServices,
  auth: MiddlewareHandler<AppEnv>,
): void {
  const jobs = ws.jobs;
  app.openapi(
    privateRoute(auth, {
      method: 'get',
      path: '/api/v1/background',
      tags,
      summary: 'Every background job',
      response: BackgroundTaskList,
    }),
    () => ok(jobs.list()),
  );
  app.openapi(
    privateRoute(auth, {
      method: 'delete',
      path: '/api/v1/background/clear',
      tags,
      summary: 'Forget finished jobs; answers the ones still running (2.49)',
      response: BackgroundTaskList,
    }),
    () => ok(jobs.clearFinished()),
  );
  app.openapi(
    privateRoute(auth, {
      method: 'get',
      path: '/api/v1/background/{jobid}',
      tags,
      summary: 'One background job',
      request: { params: z.object({ jobid: z.string() }) },
      response: BackgroundTaskStatus,
      responses: notFound,
    }),
    (c) => {
      const status = jobs.status(c.req.valid('param').jobid);
      if (!status) throw new ApiError(404, 'Job not found.');
      return ok(status);
    },
  );

  app.openapi(
    privateRoute(auth, {
      method: 'post',
      path: '/api/v1/download_data',
      tags,
      summary: 'Download candles in the background (pairs × timeframes × candle types)',
      request: { body: { ...jsonBody(DownloadDataPayload, 'What to download'), required: true } },
      response: BgJobStarted,
      responses: busy('Data Download'),
    }),
    async (c) => {
      const payload = c.req.valid('json');
      if (payload.timerange && payload.days) {
        // pydantic's model validator of freqtrade's DownloadDataPayload
        const detail: ValidationDetail[] = [
          {
            type: 'value_error',
            loc: ['body'],
            msg: 'Value error, Only one of timeframes or days can be provided, not both.',
            input: payload,
            ctx: { error: {} },
          },
        ];
        return reply({ detail }, 422);
      }
      if (jobs.isRunning('download_data')) throw new ApiError(400, 'Data Download is already running.');
      const config = selectedConfig(deps.config(), payload);
      const now = deps.clock.now();
      const jobId = jobs.start('download_data', async (ctx) => {
        const market = await ws.market(payload);
        const plan = planDownload(payload, market, config.trading_mode, now);
        await runDownload(deps.db, market, plan, ctx);
        return {};
      });
      return ok({ status: 'Data Download started in background.', job_id: jobId });
    },
  );

  app.openapi(
    privateRoute(auth, {
      method: 'get',
      path: '/api/v1/pairlists/available',
      tags,
      summary: 'Pairlist handlers and their parameters',
      response: PairlistsAvailable,
    }),
    () => ok({ pairlists: [...AVAILABLE_PAIRLISTS] }),
  );
  app.openapi(
    privateRoute(auth, {
      method: 'post',
      path: '/api/v1/pairlists/evaluate',
      tags,
      summary: 'Build the whitelist of a pairlist configuration in the background',
      request: { body: { ...jsonBody(PairlistsPayload, 'Pairlists, blacklist, stake currency'), required: true } },
      response: BgJobStarted,
      responses: busy('Pairlist evaluation'),
    }),
    (c) => {
      const payload = c.req.valid('json');
      if (jobs.isRunning('pairlist')) throw new ApiError(400, 'Pairlist evaluation is already running.');
      const base = selectedConfig(deps.config(), payload);
      const config = {
        ...base,
        stake_currency: payload.stake_currency,
        pairlists: payload.pairlists as Config['pairlists'],
        exchange: { ...base.exchange, pair_blacklist: payload.blacklist },
      };
      const jobId = jobs.start('pairlist', async () => {
        const exchange = await ws.market(payload);
        const whitelist = await buildWhitelist({
          config,
          exchange,
          blacklist: payload.blacklist,
          log: deps.log,
          now: deps.clock.now(),
        });
        return { method: payload.pairlists.map((p) => p.method), length: whitelist.length, whitelist };
      });
      return ok({ status: 'Pairlist evaluation started in background.', job_id: jobId });
    },
  );
  app.openapi(
    privateRoute(auth, {
      method: 'get',
      path: '/api/v1/pairlists/evaluate/{jobid}',
      tags,
      summary: 'The whitelist an evaluation produced',
      request: { params: z.object({ jobid: z.string() }) },
      response: PairlistEvalResponse,
      responses: { ...notFound, 400: jsonBody(ErrorDetail, 'Job not finished yet.') },
    }),
    (c) => {
      const job = jobs.get(c.req.valid('param').jobid);
      if (!job) throw new ApiError(404, 'Job not found.');
      if (job.isRunning) throw new ApiError(400, 'Job not finished yet.');
      if (job.error) return ok({ status: 'failed', error: job.error });
      return ok({ status: 'success', result: job.result as PairlistEvalResponse['result'] });
    },
  );

  app.openapi(
    privateRoute(auth, {
      method: 'get',
      path: '/api/v1/markets',
      tags,
      summary: "An exchange's markets (2.42), optionally by base or quote currency",
      request: {
        query: z.object({
          exchange: z.string().max(100).optional(),
          trading_mode: z.enum(['spot', 'margin', 'futures']).optional(),
          margin_mode: z.enum(['cross', 'isolated', '']).optional(),
          base: z.string().max(20).optional(),
          quote: z.string().max(20).optional(),
        }),
      },
      response: Markets,
    }),
    async (c) => {
      const q = c.req.valid('query');
      let market: Awaited<ReturnType<typeof ws.market>>;
      try {
        market = await ws.market(q);
      } catch (e) {
        throw new ApiError(502, e instanceof Error ? e.message : String(e));
      }
      const out: Record<string, z.infer<typeof Markets>['markets'][string]> = {};
      for (const [symbol, m] of Object.entries(market.markets())) {
        if (q.base && m.base !== q.base) continue;
        if (q.quote && m.quote !== q.quote) continue;
        out[symbol] = { symbol, base: m.base, quote: m.quote, spot: m.spot, swap: m.swap, active: m.active };
      }
      return ok({ markets: out, exchange_id: market.id });
    },
  );
}
