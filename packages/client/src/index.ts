export {
  type AuthMode,
  type FetchLike,
  type ForceEnterOptions,
  FtRestClient,
  type HttpMethod,
  type RequestOptions,
  type SubscribeOptions,
  TickhubClient,
  type TickhubClientOptions,
} from './client.ts';
export {
  errorText,
  TickhubConnectionError,
  TickhubError,
  TickhubHttpError,
  TickhubNotJsonError,
  TickhubTimeoutError,
  TickhubValidationError,
} from './errors.ts';
export type { Query, QueryValue } from './query.ts';
export type * from './schemas/index.ts';
export type { MessageStream, WebSocketConstructor } from './ws.ts';
