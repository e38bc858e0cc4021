// Webserver mode's backtest routes (freqtrade's api_backtest): one run at a time off the event
// loop, polled by FreqUI every second; saved results listed, loaded, annotated and deleted.

import { type OpenAPIHono, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { backtestWalletHistory } from '../../reports/wallet-history.ts';
import { RpcError } from '../../rpc/errors.ts';
import { READ_ONLY_DETAIL } from '../auth/middleware.ts';
import type { ApiDeps, AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import { BacktestRuns } from '../webserver/backtest-runs.ts';
import type { BacktestService } from '../webserver/services.ts';
import {
  BacktestHistory,
  BacktestMetadataUpdate,
  BacktestRequest,
  BacktestResponse,
  ErrorDetail,
  WalletHistory,
} from '../wire/index.ts';
import { jsonBody, ok, privateRoute } from './common.ts';

const tags = ['Backtest'];
const fileNotFound = { 404: jsonBody(ErrorDetail, 'File not found.') };
const fileParam = z.object({ file: z.string().max(200) });
/** A result file name as the routes accept it: no path, no traversal (freqtrade's is_file_in_dir). */
const SAFE_FILE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$/;

function checkedFile(file: string): string {
  // freqtrade's with_suffix: a name given with .zip or .json means the same result.
  const stem = file.replace(/\.(zip|json)$/, '');
  if (!SAFE_FILE.test(stem) || stem.includes('..')) throw new ApiError(404, 'File not found.');
  return stem;
}

export function registerBacktestRoutes(
  app: OpenAPIHono<AppEnv>,
  deps: ApiDeps,
  service: BacktestService,
  auth: MiddlewareHandler<AppEnv>,
): void {
  const runs = new BacktestRuns(service, (e) =>
    deps.log.error(`Backtesting caused an error: ${e instanceof Error ? e.message : e}`),
  );

  app.openapi(
    privateRoute(auth, {
      method: 'post',
      path: '/api/v1/backtest',
      tags,
      summary: 'Start a backtest (one at a time)',
      request: { body: { ...jsonBody(BacktestRequest, "FreqUI's backtest form"), required: true } },
      response: BacktestResponse,
      responses: { 500: jsonBody(ErrorDetail, 'base64 encoded strategies are not allowed.') },
    }),
    (c) => {
      const body = c.req.valid('json');
      if (runs.isRunning) throw new RpcError('Bot Background task already running');
      if (body.strategy.includes(':')) throw new ApiError(500, 'base64 encoded strategies are not allowed.');
      return ok(runs.start(body));
    },
  );
  app.openapi(
    privateRoute(auth, {
      method: 'get',
      path: '/api/v1/backtest',
      tags,
      summary: 'Progress of the running backtest, or the last result',
      response: BacktestResponse,
    }),
    () => ok(runs.current()),
  );
  app.openapi(
    privateRoute(auth, {
      method: 'delete',
      path: '/api/v1/backtest',
      tags,
      summary: 'Forget the last result',
      response: BacktestResponse,
    }),
    () => ok(runs.reset()),
  );
  app.openapi(
    privateRoute(auth, {
      method: 'get',
      path: '/api/v1/backtest/abort',
      tags,
      summary: 'Stop the running backtest (a change, so not for the read-only user)',
      response: BacktestResponse,
      responses: { 403: jsonBody(ErrorDetail, 'Read-only user') },
    }),
    (c) => {
      // freqtrade makes abort a GET; it changes state all the same, so the reader may not use it.
      if (c.get('user').readonly) throw new ApiError(403, READ_ONLY_DETAIL);
      return ok(runs.stop());
    },
  );

  app.openapi(
    privateRoute(auth, {
      method: 'get',
      path: '/api/v1/backtest/history',
      tags,
      summary: 'Saved backtest results (user_data/backtest_results), newest first',
      response: BacktestHistory,
    }),
    async () => ok(await service.history()),
  );
  app.openapi(
    privateRoute(auth, {
      method: 'get',
      path: '/api/v1/backtest/history/result',
      tags,
      summary: 'One strategy of a saved result',
      request: { query: z.object({ filename: z.string().max(200), strategy: z.string().max(100) }) },
      response: BacktestResponse,
      responses: fileNotFound,
    }),
    async (c) => {
      const { filename, strategy } = c.req.valid('query');
      const result = await service.historyResult(checkedFile(filename), strategy);
      if (!result) throw new ApiError(404, 'File not found.');
      return ok({
        status: 'ended',
        running: false,
        step: '',
        progress: 1,
        status_msg: 'Historic result',
        backtest_result: result,
      });
    },
  );
  app.openapi(
    privateRoute(auth, {
      method: 'delete',
      path: '/api/v1/backtest/history/{file}',
      tags,
      summary: 'Delete a saved result; answers the remaining history',
      request: { params: fileParam },
      response: BacktestHistory,
      responses: fileNotFound,
    }),
    async (c) => {
      if (!(await service.deleteResult(checkedFile(c.req.valid('param').file)))) {
        throw new ApiError(404, 'File not found.');
      }
      return ok(await service.history());
    },
  );
  app.openapi(
    privateRoute(auth, {
      method: 'patch',
      path: '/api/v1/backtest/history/{file}',
      tags,
      summary: "Set a saved result's notes",
      request: {
        params: fileParam,
        body: { ...jsonBody(BacktestMetadataUpdate, 'strategy and notes'), required: true },
      },
      response: BacktestHistory,
      responses: { ...fileNotFound, 400: jsonBody(ErrorDetail, 'Strategy not in metadata.') },
    }),
    async (c) => {
      const file = checkedFile(c.req.valid('param').file);
      const { strategy, notes } = c.req.valid('json');
      let entries: Awaited<ReturnType<typeof service.updateNotes>>;
      try {
        entries = await service.updateNotes(file, strategy, notes);
      } catch (e) {
        throw new ApiError(400, e instanceof Error ? e.message : String(e));
      }
      if (!entries) throw new ApiError(404, 'File not found.');
      return ok(entries);
    },
  );
  app.openapi(
    privateRoute(auth, {
      method: 'get',
      path: '/api/v1/backtest/history/{file}/{strategy}/wallet',
      tags,
      summary: "A saved result's wallet curve (2.48): starting balance, then the total after each closed trade",
      request: { params: z.object({ file: z.string().max(200), strategy: z.string().max(100) }) },
      response: WalletHistory,
      responses: fileNotFound,
    }),
    async (c) => {
      const { file, strategy } = c.req.valid('param');
      const source = await service.walletSource(checkedFile(file), strategy);
      if (!source) throw new ApiError(404, 'File not found.');
      return ok(backtestWalletHistory(source.startingBalance, source.trades));
    },
  );
  app.openapi(
    privateRoute(auth, {
      method: 'get',
      path: '/api/v1/backtest/history/{file}/market_change',
      tags,
      summary: 'Mean close of the pairs over the run and its cumulative relative change',
      request: { params: fileParam },
      response: z.object({
        columns: z.array(z.string()),
        length: z.number().int(),
        data: z.array(z.array(z.union([z.number(), z.string(), z.null()]))),
      }),
      responses: fileNotFound,
    }),
    async (c) => {
      const table = await service.marketChange(checkedFile(c.req.valid('param').file));
      if (!table) throw new ApiError(404, 'File not found.');
      return ok(table);
    },
  );
}
