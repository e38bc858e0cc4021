/// <reference path="../../node_modules/@cloudflare/vitest-plugin/types/cloudflare-test.d.ts" />
declare namespace Cloudflare {
  interface Env {
    DB: import('@cloudflare/workers-types').D1Database;
    BOT: DurableObjectNamespace;
    TEST_MIGRATIONS: import('@cloudflare/workers-types').D1Migration[];
    /** Set only in the workers-telegram project: the loopback fake Bot API (vitest.config.ts). */
    TICKHUB__TELEGRAM__API_BASE_URL?: string;
  }
}
