// Webserver mode's background jobs (freqtrade's ApiBG.jobs): one record per job, read by
// GET /background and the per-category result routes. A job runs as a promise off the request;
// the record is all the API ever reads, so a long job never holds a request open.

export type JobCategory = 'pairlist' | 'download_data' | 'backtest' | 'lookahead_analysis' | 'recursive_analysis';

export interface ProgressTask {
  progress: number;
  total: number;
  description: string;
}

export interface JobRecord {
  category: JobCategory;
  status: 'pending' | 'running' | 'success' | 'failed';
  isRunning: boolean;
  progress: number | null;
  progressTasks: Record<string, ProgressTask>;
  result: unknown;
  error: string | null;
  createdAt: number;
}

/** What GET /background and GET /background/{job_id} answer (FreqUI's BackgroundTaskStatus). */
export interface JobStatus {
  job_id: string;
  job_category: JobCategory;
  status: string;
  running: boolean;
  progress: number | null;
  progress_tasks: Record<string, ProgressTask>;
  error: string | null;
}

export interface JobContext {
  /** Replaces one progress task of the job (keyed like freqtrade's rich task ids). */
  setTask(id: string, task: ProgressTask): void;
  setProgress(progress: number): void;
}

/** Finished jobs kept for GET /background; the oldest finished ones go first. */
const MAX_FINISHED = 100;

export class BackgroundJobs {
  private readonly jobs = new Map<string, JobRecord>();
  private readonly now: () => number;
  private readonly onError: (category: JobCategory, e: unknown) => void;

  constructor(now: () => number, onError: (category: JobCategory, e: unknown) => void) {
    this.now = now;
    this.onError = onError;
  }

  get(jobId: string): JobRecord | undefined {
    return this.jobs.get(jobId);
  }

  isRunning(category: JobCategory): boolean {
    for (const job of this.jobs.values()) if (job.category === category && job.isRunning) return true;
    return false;
  }

  /**
   * Registers a job and starts `work` on a later turn of the event loop (the request that started
   * it is answered first, as freqtrade's BackgroundTasks run after the response).
   */
  start(category: JobCategory, work: (ctx: JobContext) => Promise<unknown>): string {
    const jobId = crypto.randomUUID();
    const job: JobRecord = {
      category,
      status: 'pending',
      isRunning: true,
      progress: null,
      progressTasks: {},
      result: {},
      error: null,
      createdAt: this.now(),
    };
    this.jobs.set(jobId, job);
    this.prune();
    const ctx: JobContext = {
      setTask: (id, task) => {
        job.progressTasks[id] = task;
      },
      setProgress: (progress) => {
        job.progress = progress;
      },
    };
    setTimeout(() => {
      job.status = 'running';
      work(ctx).then(
        (result) => {
          job.result = result ?? {};
          job.status = 'success';
          job.isRunning = false;
        },
        (e) => {
          this.onError(category, e);
          job.error = e instanceof Error ? e.message : String(e);
          job.status = 'failed';
          job.isRunning = false;
        },
      );
    }, 0);
    return jobId;
  }

  status(jobId: string): JobStatus | undefined {
    const job = this.jobs.get(jobId);
    return job ? statusOf(jobId, job) : undefined;
  }

  list(): JobStatus[] {
    return [...this.jobs].map(([id, job]) => statusOf(id, job));
  }

  /** Drops every finished job; answers the ones still running (DELETE /background/clear, 2.49). */
  clearFinished(): JobStatus[] {
    for (const [id, job] of this.jobs) if (!job.isRunning) this.jobs.delete(id);
    return this.list();
  }

  private prune(): void {
    const finished = [...this.jobs].filter(([, j]) => !j.isRunning);
    for (const [id] of finished.slice(0, Math.max(0, finished.length - MAX_FINISHED))) this.jobs.delete(id);
  }
}

function statusOf(jobId: string, job: JobRecord): JobStatus {
  return {
    job_id: jobId,
    job_category: job.category,
    status: job.status,
    running: job.isRunning,
    progress: job.progress,
    progress_tasks: { ...job.progressTasks },
    error: job.error,
  };
}
