// The part of workerd's `cloudflare:workers` module the edge host uses, for the Node-typed main
// program (test/workers/tsconfig.json sees the full @cloudflare/workers-types declaration).
declare module 'cloudflare:workers' {
  import type { DurableObjectState, WebSocket } from '@cloudflare/workers-types';

  export abstract class DurableObject<Env = unknown> {
    protected ctx: DurableObjectState;
    protected env: Env;
    constructor(ctx: DurableObjectState, env: Env);
    fetch?(request: Request): Response | Promise<Response>;
    alarm?(): void | Promise<void>;
    webSocketMessage?(ws: WebSocket, message: string | ArrayBuffer): void | Promise<void>;
    webSocketClose?(ws: WebSocket, code: number, reason: string, wasClean: boolean): void | Promise<void>;
  }
}
