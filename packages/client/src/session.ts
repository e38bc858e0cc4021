// The HTTP side of the client: server URL, credentials and tokens, one request → decoded JSON
// (timeouts, freqtrade's error bodies, optional schema checks, one token refresh on a 401), and
// the message websocket.

import type { z } from 'zod';
import { basicAuthHeader } from './auth.ts';
import {
  TickhubConnectionError,
  TickhubHttpError,
  TickhubNotJsonError,
  TickhubTimeoutError,
  TickhubValidationError,
} from './errors.ts';
import { buildQuery, type Query } from './query.ts';
import * as S from './schemas/index.ts';
import { type MessageStream, messageWebSocketUrl, openMessageStream, type WebSocketConstructor } from './ws.ts';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface TickhubClientOptions {
  /** Per-request timeout, body included (default 30 000 ms). */
  timeoutMs?: number;
  /** fetch implementation (default: the global fetch). */
  fetch?: FetchLike;
  /** Check every response against its schema and throw TickhubValidationError on mismatch. */
  validate?: boolean;
  /** WebSocket implementation for subscribe() (default: the global WebSocket). */
  WebSocket?: WebSocketConstructor;
}

/** How a request authenticates: `api` = Bearer access token if logged in, else HTTP Basic. */
export type AuthMode = 'api' | 'basic' | 'refresh' | 'none';

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  schema?: z.ZodType;
  auth?: AuthMode;
}

export interface SubscribeOptions {
  /** A configured `ws_token`, or an access token; default: the token from login(). */
  token?: string;
}

/** Server URL, credentials and tokens, and one request at a time to `/api/v1/…`. */
export class TickhubSession {
  readonly serverUrl: string;
  readonly timeoutMs: number;
  readonly validate: boolean;
  #username: string | undefined;
  #password: string | undefined;
  #fetch: FetchLike;
  #WebSocket: WebSocketConstructor | undefined;
  #accessToken: string | undefined;
  #refreshToken: string | undefined;
  #refreshing: Promise<S.AccessToken> | undefined;

  constructor(serverUrl: string, username?: string, password?: string, options: TickhubClientOptions = {}) {
    this.serverUrl = serverUrl.replace(/\/+$/, '');
    this.#username = username;
    this.#password = password;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.validate = options.validate ?? false;
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.#WebSocket = options.WebSocket;
  }

  /** Access token from login()/refresh(), if any. */
  get accessToken(): string | undefined {
    return this.#accessToken;
  }

  /** Uses these tokens (e.g. stored from an earlier login) for the following requests. */
  setTokens(accessToken: string | undefined, refreshToken?: string): void {
    this.#accessToken = accessToken;
    this.#refreshToken = refreshToken;
  }

  /** Sends one request to `/api/v1/<path>` and returns the decoded JSON body. */
  async request<T = unknown>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<T> {
    const auth = options.auth ?? 'api';
    const tokenUsed = auth === 'api' ? this.#accessToken : undefined;
    try {
      return await this.#send<T>(method, path, options, auth);
    } catch (error) {
      if (!(error instanceof TickhubHttpError) || error.status !== 401 || tokenUsed === undefined) throw error;
      // Another request may have refreshed meanwhile; only refresh if our token is still the current one.
      if (this.#accessToken === tokenUsed) {
        if (!this.#refreshToken) throw error;
        await this.refresh();
      }
      return this.#send<T>(method, path, options, auth);
    }
  }

  #authorization(auth: AuthMode): string | undefined {
    if (auth === 'none') return undefined;
    if (auth === 'refresh') return this.#refreshToken ? `Bearer ${this.#refreshToken}` : undefined;
    if (auth === 'api' && this.#accessToken) return `Bearer ${this.#accessToken}`;
    if (this.#username === undefined && this.#password === undefined) return undefined;
    return basicAuthHeader(this.#username ?? '', this.#password ?? '');
  }

  async #send<T>(method: HttpMethod, path: string, options: RequestOptions, auth: AuthMode): Promise<T> {
    const url = `${this.serverUrl}/api/v1/${path.replace(/^\/+/, '')}${buildQuery(options.query)}`;
    const headers: Record<string, string> = { Accept: 'application/json' };
    const authorization = this.#authorization(auth);
    if (authorization) headers.Authorization = authorization;
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    }

    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    let status: number;
    let ok: boolean;
    let text: string;
    try {
      const response = await this.#fetch(url, { method, headers, body, signal: controller.signal });
      status = response.status;
      ok = response.ok;
      text = await response.text();
    } catch (error) {
      if (controller.signal.aborted) throw new TickhubTimeoutError(url, this.timeoutMs);
      throw new TickhubConnectionError(this.serverUrl, error);
    } finally {
      clearTimeout(timer);
    }

    const parsed = decode(text);
    if (!ok) throw new TickhubHttpError(status, parsed === NOT_JSON ? text : parsed, method, url);
    if (parsed === NOT_JSON) throw new TickhubNotJsonError(method, url.replace(/\?.*$/, ''), text);
    if (this.validate && options.schema) {
      const result = options.schema.safeParse(parsed);
      if (!result.success) throw new TickhubValidationError(`${method} /api/v1/${path}`, parsed, result.error.issues);
    }
    return parsed as T;
  }

  /**
   * POST /token/refresh with the refresh token; stores the new access token. Clears tokens on a 401.
   * Concurrent callers share one refresh request.
   */
  refresh(): Promise<S.AccessToken> {
    if (!this.#refreshToken) return Promise.reject(new Error('refresh() needs a refresh token: call login() first'));
    this.#refreshing ??= this.#refreshOnce().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  async #refreshOnce(): Promise<S.AccessToken> {
    try {
      const token = await this.#send<S.AccessToken>(
        'POST',
        'token/refresh',
        { body: {}, schema: S.AccessToken },
        'refresh',
      );
      this.#accessToken = token.access_token;
      return token;
    } catch (error) {
      if (error instanceof TickhubHttpError && error.status === 401) this.setTokens(undefined, undefined);
      throw error;
    }
  }

  // ---- websocket ----

  /**
   * Opens the message websocket and subscribes to `types`. Iterate the result with `for await`;
   * call `close()` to stop. Token: `options.token` (a ws_token) or the access token from login().
   */
  subscribe(types: readonly S.RpcMessageType[], options: SubscribeOptions = {}): MessageStream {
    const token = options.token ?? this.#accessToken;
    if (!token) throw new Error('subscribe() needs a token: pass { token: ws_token } or call login() first');
    const Impl = this.#WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!Impl)
      throw new Error('no global WebSocket (Node < 22): pass the `WebSocket` option, e.g. from the ws package');
    return openMessageStream(messageWebSocketUrl(this.serverUrl, token), types, Impl);
  }
}

const NOT_JSON = Symbol('not JSON');

/** The JSON value of a body, null for an empty one, NOT_JSON otherwise. */
function decode(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}
