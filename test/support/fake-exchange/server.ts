// The HTTP side every non-Binance loopback fake shares: a node:http server on 127.0.0.1 that
// hands each request (path, query, raw body, headers) to the exchange's router and records it.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody, send } from '../fake-binance/http.ts';
import { BookError } from './book.ts';

export interface FakeHttpRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** The raw body as sent (JSON or form), and its parsed form when it is a JSON object or a form. */
  rawBody: string;
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  /** The query string exactly as sent, with its leading "?" (signatures cover it). */
  search: string;
}

export interface FakeHttpReply {
  status: number;
  body: unknown;
}

export type FakeRouter = (req: FakeHttpRequest) => FakeHttpReply | Promise<FakeHttpReply>;

export interface FakeHttpServer {
  readonly url: string;
  requests(): (FakeHttpRequest & { status: number })[];
  /** The next request to `method path` is handled (an order is placed) but its reply is lost: the socket closes. */
  loseReplyOnce(method: string, path: string): void;
  close(): Promise<void>;
}

function parseBody(raw: string, type: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (type?.includes('json') || raw.startsWith('{') || raw.startsWith('[')) {
    const parsed = JSON.parse(raw) as unknown;
    // OKX sends a single order as a one-element batch.
    if (Array.isArray(parsed)) return (parsed[0] ?? {}) as Record<string, unknown>;
    return parsed as Record<string, unknown>;
  }
  return Object.fromEntries(new URLSearchParams(raw));
}

/**
 * `bookError` turns the shared book's refusals (funds, unknown order, …) into the exchange's own
 * error reply; anything else a router throws is a 500.
 */
export async function startFakeHttp(
  router: FakeRouter,
  bookError: (e: BookError) => FakeHttpReply,
): Promise<FakeHttpServer> {
  const log: (FakeHttpRequest & { status: number })[] = [];
  let lose: string | undefined;
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const rawBody = await readBody(req);
    const request: FakeHttpRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      rawBody,
      body: {},
      headers: req.headers,
      search: url.search,
    };
    let reply: FakeHttpReply;
    try {
      request.body = parseBody(rawBody, req.headers['content-type']);
      reply = await router(request);
    } catch (e) {
      reply = e instanceof BookError ? bookError(e) : { status: 500, body: { error: String(e) } };
    }
    log.push({ ...request, status: reply.status });
    if (lose === `${request.method} ${request.path}`) {
      lose = undefined;
      res.destroy();
      return;
    }
    send(res, reply.status, reply.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => [...log],
    loseReplyOnce: (method, path) => {
      lose = `${method} ${path}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
