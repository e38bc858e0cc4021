// The security middleware chain, registered before any route so it covers every route, also the
// ones added later. Outermost first: headers and host check see every response, errors are
// scrubbed after everything inside has run, the audit sees the final status of its call.

import type { OpenAPIHono } from '@hono/zod-openapi';
import { auditTrail } from '../audit.ts';
import type { ApiDeps, AppEnv } from '../context.ts';
import type { UploadWarnings } from '../uploads.ts';
import { accessLog } from './access-log.ts';
import { hostHeaderGuard } from './host-check.ts';
import { bodySizeLimit, requestTimeout } from './limits.ts';
import { redactErrorBodies } from './redact-errors.ts';
import { securityHeaders } from './security-headers.ts';

export function registerSecurityMiddleware(app: OpenAPIHono<AppEnv>, deps: ApiDeps, uploads: UploadWarnings): void {
  app.use('*', securityHeaders());
  app.use('*', hostHeaderGuard(deps));
  app.use('*', accessLog(deps));
  app.use('*', redactErrorBodies(deps));
  app.use('*', bodySizeLimit(deps, uploads));
  app.use('*', auditTrail(deps));
  app.use('*', requestTimeout(deps));
}
