/** Base class of every error the client throws. */
export class TickhubError extends Error {
  override name = 'TickhubError';
}

/** The server answered with a non-2xx status. `detail` is the readable message from the body. */
export class TickhubHttpError extends TickhubError {
  override name = 'TickhubHttpError';
  readonly status: number;
  readonly body: unknown;
  readonly detail: string;
  readonly method: string;
  readonly url: string;

  constructor(status: number, body: unknown, method: string, url: string) {
    const detail = errorText(body);
    super(`${status} ${detail}`.trim());
    this.status = status;
    this.body = body;
    this.detail = detail;
    this.method = method;
    this.url = url;
  }
}

/** The server could not be reached (connection refused, DNS failure, reset...). */
export class TickhubConnectionError extends TickhubError {
  override name = 'TickhubConnectionError';
  readonly url: string;

  constructor(url: string, cause?: unknown) {
    super(`could not connect to ${url}`, { cause });
    this.url = url;
  }
}

/** No complete answer within `timeoutMs`. */
export class TickhubTimeoutError extends TickhubError {
  override name = 'TickhubTimeoutError';
  readonly timeoutMs: number;

  constructor(url: string, timeoutMs: number) {
    super(`request to ${url} timed out after ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

/** A successful response whose body is not JSON (e.g. a web page: the URL is not the API's). */
export class TickhubNotJsonError extends TickhubError {
  override name = 'TickhubNotJsonError';
  readonly body: string;

  constructor(method: string, url: string, body: string) {
    super(`${method} ${url} answered with a non-JSON body (is the server URL a tickhub or freqtrade API?)`);
    this.body = body;
  }
}

/** A response did not match its schema (only with `validate: true`). */
export class TickhubValidationError extends TickhubError {
  override name = 'TickhubValidationError';
  readonly body: unknown;
  readonly issues: unknown[];

  constructor(path: string, body: unknown, issues: { path: PropertyKey[]; message: string }[]) {
    const first = issues[0];
    const where = first ? first.path.map(String).join('.') || '(root)' : '';
    super(`response of ${path} does not match its schema: ${where}: ${first?.message ?? ''}`);
    this.body = body;
    this.issues = issues;
  }
}

/**
 * Readable text of an error body: `{detail: string}`, FastAPI's 422 `{detail: [{loc, msg}]}`,
 * freqtrade's RPC `{error: string}`, or plain text.
 */
export function errorText(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body === null || typeof body !== 'object') return body === undefined ? '' : String(body);
  const record = body as Record<string, unknown>;
  if (typeof record.error === 'string') return record.error;
  const detail = record.detail;
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail)) {
    return detail
      .map((item) => {
        if (item === null || typeof item !== 'object') return String(item);
        const { loc, msg } = item as { loc?: unknown; msg?: unknown };
        const where = Array.isArray(loc) ? loc.join('.') : '';
        return where ? `${where}: ${String(msg)}` : String(msg);
      })
      .join('; ');
  }
  return JSON.stringify(body);
}
