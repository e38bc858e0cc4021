// Webserver mode's lookahead and recursive analysis (API 2.49, FreqUI's Lookahead/Recursive
// views): POST starts a background job (listed in /background), GET /{kind}/{job_id} answers its
// status and, once ended, the result FreqUI renders.

import { type OpenAPIHono, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import type { BackgroundJobs, JobCategory } from '../webserver/jobs.ts';
import type { AnalysisService } from '../webserver/services.ts';
import {
  BgJobStarted,
  ErrorDetail,
  LookaheadAnalysisPayload,
  LookaheadAnalysisResponse,
  RecursiveAnalysisPayload,
  RecursiveAnalysisResponse,
} from '../wire/index.ts';
import { jsonBody, ok, privateRoute } from './common.ts';

const tags = ['Webserver'];

/** The status FreqUI's analysis views read: running, ended (with the result), or error. */
function analysisStatus(jobs: BackgroundJobs, category: JobCategory, label: string, jobId: string) {
  const job = jobs.get(jobId);
  if (!job || job.category !== category) throw new ApiError(404, 'Job not found.');
  if (job.isRunning) return { status: 'running', running: true, status_msg: `${label} running`, result: null };
  if (job.error) return { status: 'error', running: false, status_msg: `${label} failed: ${job.error}`, result: null };
  return { status: 'ended', running: false, status_msg: `${label} ended`, result: job.result as never };
}

export function registerAnalysisRoutes(
  app: OpenAPIHono<AppEnv>,
  jobs: BackgroundJobs,
  analysis: AnalysisService,
  auth: MiddlewareHandler<AppEnv>,
): void {
  const kinds = [
    {
      category: 'lookahead_analysis',
      label: 'Lookahead analysis',
      payload: LookaheadAnalysisPayload,
      response: LookaheadAnalysisResponse,
      run: (body: unknown) => analysis.lookahead(body as LookaheadAnalysisPayload),
    },
    {
      category: 'recursive_analysis',
      label: 'Recursive analysis',
      payload: RecursiveAnalysisPayload,
      response: RecursiveAnalysisResponse,
      run: (body: unknown) => analysis.recursive(body as RecursiveAnalysisPayload),
    },
  ] as const;
  for (const kind of kinds) {
    app.openapi(
      privateRoute(auth, {
        method: 'post',
        path: `/api/v1/${kind.category}`,
        tags,
        summary: `Start a ${kind.label.toLowerCase()} of a strategy in the background (2.49)`,
        request: { body: { ...jsonBody(kind.payload, 'Strategy, timeframe, timerange'), required: true } },
        response: BgJobStarted,
        responses: { 400: jsonBody(ErrorDetail, `${kind.label} is already running.`) },
      }),
      (c) => {
        const body = c.req.valid('json');
        if (jobs.isRunning(kind.category)) throw new ApiError(400, `${kind.label} is already running.`);
        const jobId = jobs.start(kind.category, () => kind.run(body));
        return ok({ status: `${kind.label} started in background.`, job_id: jobId });
      },
    );
    app.openapi(
      privateRoute(auth, {
        method: 'get',
        path: `/api/v1/${kind.category}/{jobid}`,
        tags,
        summary: `A ${kind.label.toLowerCase()}'s status, and its result once ended`,
        request: { params: z.object({ jobid: z.string().max(100) }) },
        response: kind.response,
        responses: { 404: jsonBody(ErrorDetail, 'Job not found.') },
      }),
      (c) => ok(analysisStatus(jobs, kind.category, kind.label, c.req.valid('param').jobid)),
    );
  }
}
